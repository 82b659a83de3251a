#include "locate/TdoaSolver.h"

#include "locate/NlosModel.h"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace salvo {
namespace {

constexpr int kMaxRows = 64; // arrivals used by the closed form (more add nothing)
// Late-arrival rejection: from 6 arrivals (5 left still fix 3D with the priors), when the
// whitened residuals' chi-square exceeds 4 per (N - 4) degrees of freedom, and the
// dropped arrival is then at least 5 sigma late against the others' fit.
// Up to 8 arrivals only: with more, a late one shows in its own residual and
// association's per-sensor gate removes it; the search costs one refit an arrival.
constexpr std::size_t kMinArrivalsToDropLate = 6;
constexpr std::size_t kMaxArrivalsToDropLate = 8;
constexpr double kLateChi2PerDof = 4.0;
constexpr double kLateSigmas = 5.0;
constexpr int kParams = 7; // east, north, up, t0, c, wind east, wind north
using ParamVector = Eigen::Matrix<double, kParams, 1>;
using ParamMatrix = Eigen::Matrix<double, kParams, kParams>;

struct Model {
  std::span<const TdoaArrival> arrivals;
  double reference_s;
  const TdoaSolverOptions *options;
  double nlos_mean_excess_s = 0.0; // 0: Gaussian residuals (NlosModel.h otherwise)
  double sigmaOf(const TdoaArrival &a) const {
    return a.timing_sigma_s > 0.0 ? a.timing_sigma_s : options->timing_sigma_s;
  }
};

// Predicted arrival (relative to the reference) and its gradient over the parameters.
// Moving-medium first-order model: the effective speed along the ray is c + w·u.
double predict(const ParamVector &theta, const Eigen::Vector3d &sensor,
               Eigen::Matrix<double, 1, kParams> *gradient) {
  const Eigen::Vector3d p = theta.head<3>();
  const double c = theta(4);
  const Eigen::Vector3d w(theta(5), theta(6), 0.0);
  const Eigen::Vector3d delta = sensor - p;
  const double d = std::max(delta.norm(), 1e-6);
  const Eigen::Vector3d u = delta / d;
  const double wu = w.dot(u);
  const double v = c + wu;
  if (gradient != nullptr) {
    const Eigen::Vector3d dp = -u / v + (w - wu * u) / (v * v);
    gradient->head<3>() = dp.transpose();
    (*gradient)(3) = 1.0;
    (*gradient)(4) = -d / (v * v);
    (*gradient)(5) = -d * u.x() / (v * v);
    (*gradient)(6) = -d * u.y() / (v * v);
  }
  return theta(3) + d / v;
}

struct Priors {
  ParamVector mean = ParamVector::Zero();
  ParamVector information = ParamVector::Zero(); // 1/σ² a parameter, 0: no prior
};

Priors makePriors(const TdoaSolverOptions &o) {
  Priors priors;
  priors.mean(2) = o.source_height_m;
  priors.information(2) = 1.0 / (o.source_height_sigma_m * o.source_height_sigma_m);
  priors.mean(4) = o.speed_of_sound_mps;
  priors.information(4) = 1.0 / (o.speed_sigma_mps * o.speed_sigma_mps);
  // A disabled wind is pinned by a very tight prior: same code path, no extra branches.
  const double windSigma = o.wind_sigma_mps > 0.0 ? o.wind_sigma_mps : 1e-4;
  priors.information(5) = priors.information(6) = 1.0 / (windSigma * windSigma);
  return priors;
}

// Gauss-Newton normal equations with the data rows scaled by `sigma_s`. Returns the cost
// (data plus priors). With the NLOS model each residual is shifted by its expected excess
// delay (the gradient of the mixture's likelihood) and costs the mixture's −2 log p;
// each row is weighted by the observed information of its arrival, which falls to zero
// for an arrival that is surely late (its delay is then a free unknown).
double buildNormal(const Model &model, const Priors &priors, const ParamVector &theta,
                   double sigma_s, ParamMatrix &jtj, ParamVector &jtr, double *dataChi2,
                   double *dataWeight = nullptr) {
  jtj.setZero();
  jtr.setZero();
  double data = 0.0;
  double cost = 0.0;
  double count = 0.0;
  const TdoaSolverOptions &o = *model.options;
  const bool nlos = model.nlos_mean_excess_s > 0.0;
  Eigen::Matrix<double, 1, kParams> g;
  for (const TdoaArrival &a : model.arrivals) {
    // Relative weights keep per-arrival sigmas; sigma_s scales the whole data block.
    const double scale = o.timing_sigma_s / (model.sigmaOf(a) * sigma_s);
    double r = a.arrival_s - model.reference_s - predict(theta, a.sensor_enu_m, &g);
    double weight = 1.0;
    if (nlos) {
      const NlosResidual n =
          nlosResidual(r, model.sigmaOf(a), model.nlos_mean_excess_s, o.nlos_fraction);
      const double s2 = model.sigmaOf(a) * model.sigmaOf(a);
      // The observed information of the mixture, clamped to [0, 1] of a line-of-sight
      // arrival's: the Gauss-Newton step is then a full Newton step once an arrival is
      // surely late, instead of a crawl against a curvature that is not there.
      weight = std::clamp(1.0 - n.excess_var_s2 / s2, 0.0, 1.0);
      cost += n.cost;
      r -= n.excess_s;
    } else {
      cost += (r * scale) * (r * scale);
    }
    const Eigen::Matrix<double, 1, kParams> row = g * scale;
    jtj.noalias() += weight * row.transpose() * row;
    jtr.noalias() += row.transpose() * (r * scale);
    data += weight * (r * scale) * (r * scale);
    count += weight;
  }
  for (int k = 0; k < kParams; ++k) {
    if (priors.information(k) > 0.0) {
      const double r = priors.mean(k) - theta(k);
      jtj(k, k) += priors.information(k);
      jtr(k) += priors.information(k) * r;
      cost += priors.information(k) * r * r;
    }
  }
  if (dataChi2 != nullptr) {
    *dataChi2 = data;
  }
  if (dataWeight != nullptr) {
    *dataWeight = count; // arrivals' worth of information: N when all line of sight
  }
  return cost;
}

struct Fit {
  ParamVector theta;
  double cost = std::numeric_limits<double>::infinity();
  int iterations = 0;
  bool ok = false;
};

Fit levenbergMarquardt(const Model &model, const Priors &priors, ParamVector theta) {
  const double sigma = model.options->timing_sigma_s;
  ParamMatrix jtj;
  ParamVector jtr;
  double cost = buildNormal(model, priors, theta, sigma, jtj, jtr, nullptr);
  double lambda = 1e-3;
  Fit fit;
  for (int it = 0; it < model.options->max_iterations; ++it) {
    fit.iterations = it + 1;
    ParamMatrix damped = jtj;
    damped.diagonal() += lambda * jtj.diagonal().cwiseMax(1e-12);
    const ParamVector step = damped.ldlt().solve(jtr);
    if (!step.allFinite()) {
      break;
    }
    ParamVector trial = theta + step;
    trial(4) = std::max(trial(4), 200.0); // keep c physical while far from the optimum
    ParamMatrix jtjTrial;
    ParamVector jtrTrial;
    const double trialCost = buildNormal(model, priors, trial, sigma, jtjTrial, jtrTrial, nullptr);
    if (trialCost < cost) {
      const double improvement = cost - trialCost;
      theta = trial;
      cost = trialCost;
      jtj = jtjTrial;
      jtr = jtrTrial;
      lambda = std::max(lambda * 0.2, 1e-9);
      if (step.head<3>().norm() < 1e-4 && improvement < 1e-9 * (1.0 + std::abs(cost))) {
        fit.ok = true;
        break;
      }
    } else {
      lambda *= 8.0;
      if (lambda > 1e8) {
        fit.ok = true; // cannot improve: at a minimum to numerical precision
        break;
      }
    }
  }
  fit.theta = theta;
  fit.cost = cost;
  fit.ok = fit.ok || fit.iterations == model.options->max_iterations;
  fit.ok = fit.ok && theta.allFinite();
  return fit;
}

// The NLOS model finds an excess delay only where the other arrivals can show it: an
// arrival's delay e appears in its own residual as (1 − h)·e (h its leverage), so with few
// redundant arrivals a diffracted arrival can look direct and bend the fit without a
// trace. Each arrival that looks direct may hide an excess up to what its residual would
// have shown (kHiddenSigmas σ / (1 − h)), drawn from the model's prior (a share π
// diffracted, exponential with mean μ); the covariance of the position that such hidden
// delays cause is added. Small with many arrivals; large when every arrival is needed.
constexpr double kHiddenSigmas = 2.0;

ParamMatrix hiddenExcessCovariance(const Model &model, const ParamVector &theta,
                                   const ParamMatrix &cov, double sigmaScale) {
  const TdoaSolverOptions &o = *model.options;
  const double mu = model.nlos_mean_excess_s;
  ParamMatrix hidden = ParamMatrix::Zero();
  Eigen::Matrix<double, 1, kParams> g;
  for (const TdoaArrival &a : model.arrivals) {
    const double r = a.arrival_s - model.reference_s - predict(theta, a.sensor_enu_m, &g);
    const double sigma = model.sigmaOf(a) * sigmaScale;
    const NlosResidual n = nlosResidual(r, model.sigmaOf(a), mu, o.nlos_fraction);
    const double weight =
        std::clamp(1.0 - n.excess_var_s2 / (model.sigmaOf(a) * model.sigmaOf(a)), 0.0, 1.0);
    if (weight <= 0.0) {
      continue; // already a free delay: it moves nothing
    }
    // How the fit moves a unit delay on this arrival: cov · Jᵀ W e.
    const ParamVector gain = cov * g.transpose() * (weight / (sigma * sigma));
    const double leverage = std::clamp(g.dot(gain), 0.0, 0.999);
    const double x = kHiddenSigmas * sigma / (1.0 - leverage) / mu;
    // The hidden delay's variance (its mean is a common delay, absorbed by t0): a share p
    // diffracted, with E[e; e < xμ] = μ(1 − e^−x (1 + x)) and E[e²; e < xμ] =
    // μ²(2 − e^−x (x² + 2x + 2)) for e ~ Exp(μ).
    const double ex = x > 50.0 ? 0.0 : std::exp(-x);
    const double m1 = mu * (1.0 - ex * (1.0 + x));
    const double m2 = mu * mu * (2.0 - ex * (x * x + 2.0 * x + 2.0));
    const double p = (1.0 - n.nlos_probability) * o.nlos_fraction;
    const double variance = std::max(p * m2 - (p * m1) * (p * m1), 0.0);
    hidden.noalias() += variance * gain * gain.transpose();
  }
  return hidden;
}

// Upper 95 % point of an F(2, m) distribution times 2: the chi-square(2) quantile to use
// when the variance is estimated with m degrees of freedom. Closed form for 2 numerator
// degrees of freedom: CDF(x) = 1 - (1 + 2x/m)^(-m/2).
double fisherInflation(double m, double probability) {
  if (m > 1e6) {
    return 1.0;
  }
  const double x = m / 2.0 * (std::pow(1.0 - probability, -2.0 / m) - 1.0);
  return 2.0 * x / (-2.0 * std::log(1.0 - probability));
}

// The multi-start refinement under one set of priors: the lowest cost wins. A start far
// outside the height prior (a wild free-height root) is pulled back to the prior first.
Fit fitFromStarts(const Model &model, const Priors &priors,
                  std::span<const TdoaSolver::Candidate> starts) {
  const double height = priors.mean(2);
  const double heightSigma = 1.0 / std::sqrt(priors.information(2));
  Fit best;
  for (const TdoaSolver::Candidate &start : starts) {
    ParamVector theta;
    theta.head<3>() = start.position_enu_m;
    if (std::abs(theta(2) - height) > 4.0 * heightSigma) {
      theta(2) = height;
    }
    theta(3) = start.emission_s - model.reference_s;
    theta(4) = priors.mean(4);
    theta(5) = theta(6) = 0.0;
    const Fit fit = levenbergMarquardt(model, priors, theta);
    if (fit.ok && fit.cost < best.cost) {
      best = fit;
    }
  }
  return best;
}

// Aerial sources (TdoaSolverOptions::aerial_share): from 5 arrivals the height has data
// behind it beyond the prior (position, emission and height, with c and wind held by
// theirs).
constexpr std::size_t kMinArrivalsForAerial = 5;
// A few sources in a hundred are shells bursting overhead on an ordinary night; the
// evidence of a burst's arrivals outweighs the prior by far, so the share only has to keep
// street-level shots with a diffracted arrival or two at street level.
constexpr double kAutoAerialShare = 0.05;

double aerialShare(const TdoaSolverOptions &o) {
  if (o.aerial_share >= 0.0) {
    return std::min(o.aerial_share, 0.5);
  }
  return o.nlos_mean_excess_s > 0.0 ? kAutoAerialShare : 0.0;
}

// log p(data | height hypothesis), Laplace's approximation about the fit: the likelihood
// at the optimum times the posterior volume over the prior volume. The flat unknowns (east,
// north, emission) and the priors both hypotheses share cancel in the comparison.
double logEvidence(const Model &model, const Priors &priors, const Fit &fit) {
  ParamMatrix jtj;
  ParamVector jtr;
  const double cost =
      buildNormal(model, priors, fit.theta, model.options->timing_sigma_s, jtj, jtr, nullptr);
  const Eigen::LLT<ParamMatrix> llt(jtj);
  if (llt.info() != Eigen::Success) {
    return -std::numeric_limits<double>::infinity();
  }
  const double logDet = 2.0 * llt.matrixLLT().diagonal().array().log().sum();
  return -0.5 * cost - 0.5 * logDet + 0.5 * std::log(priors.information(2));
}

// The emission time that centres the residuals of a position: a start moved in height
// keeps its arrivals' mean.
double centredEmission(const Model &model, ParamVector theta) {
  theta(3) = 0.0;
  double sum = 0.0;
  for (const TdoaArrival &a : model.arrivals) {
    sum += a.arrival_s - model.reference_s - predict(theta, a.sensor_enu_m, nullptr);
  }
  return sum / static_cast<double>(model.arrivals.size());
}

struct AerialChoice {
  Fit fit;
  Priors priors;
  double probability = 0.0;                // posterior probability of the aerial hypothesis
  ParamVector delta = ParamVector::Zero(); // aerial minus street parameters
};

AerialChoice weighAerial(const Model &model, const Priors &street, const Fit &streetFit,
                         std::span<const TdoaSolver::Candidate> starts, double share) {
  const TdoaSolverOptions &o = *model.options;
  AerialChoice out;
  out.priors = street;
  out.priors.mean(2) = street.mean(2) + o.aerial_height_above_m;
  out.priors.information(2) = 1.0 / (o.aerial_height_sigma_m * o.aerial_height_sigma_m);
  // Starts: the street fit lifted to the aerial height, and closed-form roots up there.
  std::array<TdoaSolver::Candidate, 5> lifted{};
  int n = 0;
  ParamVector theta = streetFit.theta;
  theta(2) = out.priors.mean(2);
  lifted[n++] = {theta.head<3>(), model.reference_s + centredEmission(model, theta)};
  const double streetSigma = 1.0 / std::sqrt(street.information(2));
  for (const TdoaSolver::Candidate &c : starts) {
    if (c.position_enu_m.z() > street.mean(2) + 2.0 * streetSigma && n < 5) {
      lifted[n++] = c;
    }
  }
  out.fit = fitFromStarts(model, out.priors, std::span(lifted.data(), static_cast<std::size_t>(n)));
  if (!out.fit.ok) {
    return out;
  }
  const double logStreet = std::log1p(-share) + logEvidence(model, street, streetFit);
  const double logAerial = std::log(share) + logEvidence(model, out.priors, out.fit);
  out.probability = 1.0 / (1.0 + std::exp(std::clamp(logStreet - logAerial, -700.0, 700.0)));
  out.delta = out.fit.theta - streetFit.theta;
  return out;
}

} // namespace

namespace {

// P(|X| <= r) for X ~ N(0, diag(1, rho²)): ∫ φ(x) [2Φ(sqrt(r² - x²)/rho) - 1] dx over
// |x| <= r, with x = r sin(a) so the integrand is smooth, midpoint rule.
double unitCoverage(double r, double rho, int points) {
  double sum = 0.0;
  const double h = std::numbers::pi / points;
  for (int k = 0; k < points; ++k) {
    const double a = -std::numbers::pi / 2.0 + (k + 0.5) * h;
    const double x = r * std::sin(a);
    const double y = r * std::cos(a);
    const double inner = rho > 0.0 ? std::erf(y / (rho * std::numbers::sqrt2)) : 1.0;
    sum += std::exp(-0.5 * x * x) * inner * y * h;
  }
  return sum / std::sqrt(2.0 * std::numbers::pi);
}

double unitRadius(double rho, double probability) {
  double lo = 0.0;
  double hi = std::sqrt(-2.0 * std::log(1.0 - probability)) * 1.01;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (unitCoverage(mid, rho, 400) < probability ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

// The 95 % radius is needed for every located shot: unitRadius(i / 256, 0.95) tabulated
// over the axis ratio. A literal, not built on first use: building it costs ~0.25 s of
// erf/exp (seconds on a loaded machine), which the first live shot must not wait for.
// Regenerate from unitRadius() if that changes; `bench_locate --multilateration` prints
// the largest difference between this table and unitRadius().
constexpr int kRadiusTable = 257;
constexpr std::array<double, kRadiusTable> kRadius95{
    1.9599589471055068, 1.959961896968093,  1.9599791319633759, 1.9599990192614425,
    1.9600262750499984, 1.9600613210184976, 1.9601041623712741, 1.9601548035484377,
    1.9602132498012201, 1.9602795071944685, 1.9603535826091729, 1.9604354837451918,
    1.960525219124519,  1.9606227980946835, 1.9607282308326548, 1.9608415283490555,
    1.9609627024926168, 1.961091765955234,  1.9612287322771329, 1.9613736158525854,
    1.9615264319359289, 1.961687196647973,  1.9618559269827802, 1.9620326408149724,
    1.9622173569071943, 1.9624100949182717, 1.9626108754115958, 1.9628197198640605,
    1.9630366506752779, 1.9632616911775402, 1.9634948656459192, 1.9637361993090861,
    1.9639857183604899, 1.96424344997008,   1.9645094222966124, 1.9647836645003616,
    1.9650662067564739, 1.9653570802688987, 1.9656563172848363, 1.9659639511098299,
    1.9662800161235512, 1.966604547796027,  1.9669375827047926, 1.9672791585525751,
    1.9676293141857566, 1.967988089613478,  1.968355526027719,  1.9687316658240275,
    1.9691165526230536, 1.9695102312931447, 1.9699127479735941, 1.9703241500990907,
    1.9707444864249708, 1.971173807053562,  1.9716121634616228, 1.9720596085288986,
    1.9725161965678724, 1.972981983354686,  1.9734570261615003, 1.9739413837900806,
    1.9744351166069425, 1.9749382865799019, 1.9754509573163475, 1.9759731941031267,
    1.9765050639482982, 1.9770466356246557, 1.9775979797155299, 1.9781591686624087,
    1.9787302768152122, 1.9793113804847455, 1.9799025579980531, 1.9805038897564202,
    1.9811154582966539, 1.9817373483555056, 1.9823696469380216, 1.9830124433895815,
    1.9836658294724865, 1.9843298994472227, 1.9850047501589869, 1.9856904811299052,
    1.9863871946574228, 1.9870949959196782, 1.9878139930880692, 1.9885442974479339,
    1.9892860235277432, 1.9900392892373731, 1.9908042160160644, 1.9915809289902415,
    1.9923695571418807, 1.9931702334870844, 1.9939830952653002, 1.9948082841386992,
    1.9956459464015075, 1.9964962331983158, 1.9973593007505723, 1.9982353105901005,
    1.9991244297979756, 2.0000268312469016, 2.0009426938451851, 2.0018722027796292,
    2.0028155497549465, 2.0037729332267658, 2.0047445586250481, 2.0057306385649891,
    2.0067313930417088, 2.007747049605741,  2.0087778435157873, 2.0098240178651627,
    2.0108858236793159, 2.0119635199805472, 2.0130573738178219, 2.0141676602583924,
    2.0152946623393158, 2.0164386709767115, 2.0175999848310422, 2.0187789101273461,
    2.0199757604293609, 2.0211908563674017, 2.0224245253197637, 2.0236771010484169,
    2.0249489232896964, 2.0262403373015214, 2.0275516933687179, 2.0288833462690894,
    2.0302356547021674, 2.0316089806839948, 2.0330036889111414, 2.0344201460971618,
    2.0358587202855025, 2.0373197801426226, 2.03880369423538,   2.0403108302970709,
    2.0418415544858677, 2.0433962306405098, 2.0449752195369957, 2.0465788781506733,
    2.0482075589276008, 2.0498616090693673, 2.0515413698347773, 2.0532471758622055,
    2.0549793545158019, 2.0567382252586581, 2.0585240990557114, 2.0603372778088751,
    2.0621780538266163, 2.0640467093299648, 2.0659435159963886, 2.0678687345430804,
    2.0698226143502785, 2.0718053931257758, 2.073817296610537,  2.0758585383259076,
    2.0779293193621564, 2.0800298282077456, 2.0821602406191007, 2.0843207195296571,
    2.0865114149973172, 2.0887324641890652, 2.0909839914013588, 2.0932661081147526,
    2.0955789130810984, 2.0979224924416613, 2.1002969198742534, 2.1027022567675058,
    2.1051385524204926, 2.1076058442655219, 2.110104158112394,  2.1126335084119532,
    2.115193898537183,  2.1177853210797393, 2.1204077581602476, 2.1230611817504821,
    2.1257455540054488, 2.1284608276041164, 2.1312069460967544, 2.1339838442575223,
    2.1367914484408219, 2.1396296769400154, 2.1424984403471221, 2.1453976419123864,
    2.148327177902571,  2.1512869379568338, 2.1542768054392898, 2.1572966577873709,
    2.1603463668551903, 2.1634257992510939, 2.1665348166689382, 2.1696732762123387,
    2.1728410307114636, 2.1760379290319394, 2.1792638163754692, 2.1825185345718694,
    2.1858019223622485, 2.1891138156731609, 2.1924540478814825, 2.1958224500700423,
    2.1992188512737787, 2.202643078716525,  2.2060949580383902, 2.2095743135136612,
    2.2130809682594919, 2.2166147444352733, 2.2201754634330007, 2.2237629460584873,
    2.2273770127039869, 2.2310174835119314, 2.2346841785303928, 2.2383769178601431,
    2.242095521793698,  2.2458398109465714, 2.2496096063807602, 2.2534047297209518,
    2.2572250032635779, 2.2610702500787649, 2.2649402941057923, 2.2688349602419891,
    2.2727540744253218, 2.2766974637111685, 2.2806649563431876, 2.2846563818186905,
    2.2886715709486998, 2.292710355913,     2.2967725703101767, 2.3008580492031099,
    2.3049666291600559, 2.3090981482913291, 2.313252446282088,  2.3174293644212431,
    2.3216287456267217, 2.3258504344671076, 2.3300942771801996, 2.3343601216883245,
    2.3386478176106547, 2.3429572162727546, 2.3472881707135178, 2.3516405356895413,
    2.3560141676771469, 2.3604089248721474, 2.3648246671876025, 2.3692612562495308,
    2.3737185553907656, 2.3781964296431219, 2.3826947457279264, 2.3872133720450188,
    2.3917521786603277, 2.3963110372921443, 2.4008898212961913, 2.4054884056494625,
    2.4101066669331681, 2.414744483314494,  2.4194017345276748, 2.4240783018540846,
    2.4287740681016254, 2.4334889175834906, 2.4382227360961402, 2.4429754108968798,
    2.447746830680809,
};

double unitRadius95(double rho) {
  const double pos = rho * (kRadiusTable - 1);
  const int i = std::clamp(static_cast<int>(pos), 0, kRadiusTable - 2);
  const double f = pos - i;
  const auto at = [](int k) { return kRadius95[static_cast<std::size_t>(k)]; };
  return at(i) * (1.0 - f) + at(i + 1) * f;
}

// The square system of a minimal set, A [alpha beta] = [b 1], by the adjugate: no pivoting
// search, no dynamic sizes. Singular (collinear sensors, equal arrivals) when the
// determinant is negligible against Hadamard's bound (the product of the row norms).
template <int N, typename Square, typename Col, typename Out>
bool solveSquare(const Square &a, const Col &b, const Col &e, Out &alpha, Out &beta) {
  const Eigen::Matrix<double, N, N> sq = a.template topLeftCorner<N, N>();
  double bound2 = 1.0; // squared, to spare the square roots
  for (int i = 0; i < N; ++i) {
    bound2 *= sq.row(i).squaredNorm();
  }
  Eigen::Matrix<double, N, N> inverse;
  double det = 0.0;
  bool invertible = false;
  sq.computeInverseAndDetWithCheck(inverse, det, invertible, 0.0);
  if (!(det * det > 1e-24 * bound2)) {
    return false;
  }
  alpha = inverse * b.template head<N>();
  beta = inverse * e.template head<N>();
  return true;
}

// Bancroft's last step: the range unknown u(k) from the quadratic in the Lorentz product,
// then each root's position and emission, kept when it precedes every arrival.
template <typename Vec>
int bancroftRoots(const Vec &alpha, const Vec &beta, int k, const Eigen::Vector3d &centre,
                  double tref, double speed_mps, std::span<const TdoaArrival> arrivals, int n,
                  std::array<TdoaSolver::Candidate, 2> &out) {
  auto lorentz = [k](const auto &x, const auto &y) {
    return x.head(k).dot(y.head(k)) - x(k) * y(k);
  };
  const double qa = lorentz(beta, beta);
  const double qb = -(2.0 * lorentz(alpha, beta) + 1.0);
  const double qc = lorentz(alpha, alpha);
  std::array<double, 2> roots{};
  int nroots = 0;
  if (std::abs(qa) < 1e-12 * (std::abs(qb) + 1e-30)) {
    roots[nroots++] = -qc / qb;
  } else {
    const double disc = qb * qb - 4.0 * qa * qc;
    if (disc < 0.0) {
      roots[nroots++] = -qb / (2.0 * qa); // noise pushed the roots complex: take the vertex
    } else {
      const double sq = std::sqrt(disc);
      const double q = -0.5 * (qb + std::copysign(sq, qb));
      roots[nroots++] = q / qa;
      if (q != 0.0) {
        roots[nroots++] = qc / q;
      }
    }
  }
  int count = 0;
  for (int r = 0; r < nroots; ++r) {
    const auto u = (alpha - roots[r] * beta).eval();
    if (!u.allFinite()) {
      continue;
    }
    TdoaSolver::Candidate c;
    c.position_enu_m = centre;
    c.position_enu_m.head(k) += u.head(k);
    c.emission_s = tref + u(k) / speed_mps;
    // Emission must precede every arrival (with slack for noise).
    bool causal = true;
    for (int i = 0; i < n; ++i) {
      if (arrivals[i].arrival_s - c.emission_s < -0.01) {
        causal = false;
      }
    }
    if (causal) {
      out[count++] = c;
    }
  }
  return count;
}

// Three arrivals at a known source height (association's minimal sets, a million per
// scenario): the same algebra as the general case with fixed-size matrices throughout.
int closedFormThree(std::span<const TdoaArrival> arrivals, double speed_mps, double height_m,
                    std::array<TdoaSolver::Candidate, 2> &out) {
  Eigen::Vector3d centre =
      (arrivals[0].sensor_enu_m + arrivals[1].sensor_enu_m + arrivals[2].sensor_enu_m) / 3.0;
  centre.z() = height_m;
  const double tref =
      std::min({arrivals[0].arrival_s, arrivals[1].arrival_s, arrivals[2].arrival_s});
  Eigen::Matrix3d a;
  Eigen::Vector3d b;
  for (int i = 0; i < 3; ++i) {
    const Eigen::Vector3d s = arrivals[i].sensor_enu_m - centre;
    const double tau = speed_mps * (arrivals[i].arrival_s - tref);
    a.row(i) << -2.0 * s.x(), -2.0 * s.y(), 2.0 * tau;
    b(i) = tau * tau - s.squaredNorm(); // source height is the centre height
  }
  Eigen::Vector3d alpha;
  Eigen::Vector3d beta;
  if (!solveSquare<3>(a, b, Eigen::Vector3d::Ones().eval(), alpha, beta)) {
    return 0;
  }
  return bancroftRoots(alpha, beta, 2, centre, tref, speed_mps, arrivals, 3, out);
}

} // namespace

double onsetTimingSigma_s(double snr_db, double sample_rate_hz, double rise_time_s) {
  constexpr double kSubsampleFraction = 0.2; // refinement residual, samples (one sigma)
  constexpr double kClockSigma_s = 1e-6;     // GPS-disciplined sensor clock
  const double sample_s = 1.0 / std::max(sample_rate_hz, 1000.0);
  const double rise_s = std::clamp(rise_time_s, sample_s, 0.01);
  const double snr = std::pow(10.0, std::clamp(snr_db, 0.0, 80.0) / 20.0);
  const double jitter_s = rise_s / snr;
  const double refine_s = kSubsampleFraction * sample_s;
  return std::sqrt(jitter_s * jitter_s + refine_s * refine_s + kClockSigma_s * kClockSigma_s);
}

double circularErrorRadius(const Eigen::Matrix2d &covariance, double probability) {
  const Eigen::Matrix2d sym = 0.5 * (covariance + covariance.transpose());
  const double tr = sym.trace();
  const double det = sym.determinant();
  const double disc = std::sqrt(std::max(0.0, tr * tr / 4.0 - det));
  const double l1 = std::max(tr / 2.0 + disc, 0.0);
  const double l2 = std::max(tr / 2.0 - disc, 0.0);
  if (l1 <= 0.0) {
    return 0.0;
  }
  const double s1 = std::sqrt(l1);
  const double rho = std::sqrt(l2 / l1);
  return s1 * (probability == 0.95 ? unitRadius95(rho) : unitRadius(rho, probability));
}

double circularErrorRadiusIntegrated(const Eigen::Matrix2d &covariance, double probability) {
  const Eigen::Matrix2d sym = 0.5 * (covariance + covariance.transpose());
  const Eigen::Vector2d l =
      Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d>(sym).eigenvalues().cwiseMax(0.0);
  if (l(1) <= 0.0) {
    return 0.0;
  }
  return std::sqrt(l(1)) * unitRadius(std::sqrt(l(0) / l(1)), probability);
}

int TdoaSolver::closedForm(std::span<const TdoaArrival> arrivals, double speed_mps, bool fixHeight,
                           double height_m, std::array<Candidate, 2> &out) {
  const int k = fixHeight ? 2 : 3;
  const int n = static_cast<int>(std::min<std::size_t>(arrivals.size(), kMaxRows));
  if (n < k + 1) {
    return 0;
  }
  if (n == 3) {
    return closedFormThree(arrivals, speed_mps, height_m, out);
  }
  // Centre on the sensors and the first arrival for conditioning; work in range units.
  Eigen::Vector3d centre = Eigen::Vector3d::Zero();
  double tref = std::numeric_limits<double>::infinity();
  for (int i = 0; i < n; ++i) {
    centre += arrivals[i].sensor_enu_m;
    tref = std::min(tref, arrivals[i].arrival_s);
  }
  centre /= n;
  if (fixHeight) {
    centre.z() = height_m;
  }
  using Rows = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, kMaxRows, 4>;
  using Col = Eigen::Matrix<double, Eigen::Dynamic, 1, 0, kMaxRows, 1>;
  Rows a(n, k + 1);
  Col b(n);
  Col e = Col::Ones(n);
  for (int i = 0; i < n; ++i) {
    const Eigen::Vector3d s = arrivals[i].sensor_enu_m - centre;
    const double tau = speed_mps * (arrivals[i].arrival_s - tref);
    double s2 = s.head(k).squaredNorm();
    if (fixHeight) {
      s2 += s.z() * s.z(); // source height is the centre height: (0 - s_z)²
    }
    a.row(i).head(k) = -2.0 * s.head(k).transpose();
    a(i, k) = 2.0 * tau;
    b(i) = tau * tau - s2;
  }
  Eigen::Matrix<double, Eigen::Dynamic, 1, 0, 4, 1> alpha, beta;
  if (n == 4 && k == 3) {
    if (!solveSquare<4>(a, b, e, alpha, beta)) {
      return 0;
    }
  } else {
    Eigen::ColPivHouseholderQR<Rows> qr(a);
    if (qr.rank() < k + 1) {
      return 0;
    }
    alpha = qr.solve(b);
    beta = qr.solve(e);
  }
  return bancroftRoots(alpha, beta, k, centre, tref, speed_mps, arrivals, n, out);
}

TdoaSolution TdoaSolver::solve(std::span<const TdoaArrival> arrivals) const {
  TdoaSolution solution = solveAll(arrivals);
  // The NLOS model explains late arrivals itself: no leave-one-out search on top.
  if (options_.drop_one_late_arrival && options_.nlos_mean_excess_s <= 0.0 && solution.valid &&
      arrivals.size() >= kMinArrivalsToDropLate && arrivals.size() <= kMaxArrivalsToDropLate) {
    dropOneLateArrival(arrivals, solution);
  }
  return solution;
}

// A first arrival picked late (the direct path blocked, an echo taken for it) pulls a
// least-squares fit towards it and inflates every residual; with 7 unknowns and few
// sensors its own residual need not be the largest. When the fit shows far more scatter
// than the timing model allows, each arrival in turn is left out and the rest
// refitted; the best refit is kept if the arrival it left out is then clearly late
// against it. Its residual is still reported (against the refit), so association sees it.
void TdoaSolver::dropOneLateArrival(std::span<const TdoaArrival> arrivals,
                                    TdoaSolution &solution) const {
  const auto sigmaOf = [this](const TdoaArrival &a) {
    return a.timing_sigma_s > 0.0 ? a.timing_sigma_s : options_.timing_sigma_s;
  };
  const auto chi2Of = [&](std::span<const TdoaArrival> used, const std::vector<double> &r) {
    double chi2 = 0.0;
    for (std::size_t i = 0; i < used.size(); ++i) {
      chi2 += (r[i] / sigmaOf(used[i])) * (r[i] / sigmaOf(used[i]));
    }
    return chi2;
  };
  const double dof = static_cast<double>(arrivals.size()) - 4.0; // position, emission
  // The priors count: few sensors can absorb a late arrival into odd air or height.
  if (chi2Of(arrivals, solution.residuals_s) + solution.prior_chi2 < kLateChi2PerDof * dof) {
    return;
  }
  std::vector<TdoaArrival> rest;
  rest.reserve(arrivals.size());
  TdoaSolution best;
  double bestCost = std::numeric_limits<double>::infinity();
  double bestLate_s = 0.0;
  std::size_t late = 0;
  for (std::size_t k = 0; k < arrivals.size(); ++k) {
    rest.assign(arrivals.begin(), arrivals.end());
    rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(k));
    TdoaSolution refit = solveAll(rest);
    if (!refit.valid) {
      continue;
    }
    // Only a refit that leaves out a clearly late arrival qualifies: with few sensors
    // leaving out a good one can fit as well, by bending the air around the late one.
    const TdoaArrival &a = arrivals[k];
    const Eigen::Vector3d delta = a.sensor_enu_m - refit.position_enu_m;
    const double d = std::max(delta.norm(), 1e-6);
    const double speed = refit.speed_of_sound_mps + refit.wind_mps.dot(delta.head<2>()) / d;
    const double late_s = a.arrival_s - refit.emission_s - d / speed;
    const double scale = refit.timing_sigma_s / options_.timing_sigma_s;
    const double cost = chi2Of(rest, refit.residuals_s) + refit.prior_chi2;
    if (late_s >= kLateSigmas * sigmaOf(a) * scale && cost < bestCost) {
      bestCost = cost;
      bestLate_s = late_s;
      best = std::move(refit);
      late = k;
    }
  }
  if (!best.valid) {
    return; // no arrival is clearly late on its own: the scatter is everyone's
  }
  const double lateResidual = bestLate_s;
  best.residuals_s.insert(best.residuals_s.begin() + static_cast<std::ptrdiff_t>(late),
                          lateResidual);
  best.dropped_arrival = static_cast<int>(late);
  solution = std::move(best);
}

TdoaSolution TdoaSolver::solveAll(std::span<const TdoaArrival> arrivals) const {
  TdoaSolution solution;
  if (arrivals.size() < 3) {
    return solution;
  }
  double reference = std::numeric_limits<double>::infinity();
  for (const TdoaArrival &a : arrivals) {
    reference = std::min(reference, a.arrival_s);
  }
  // With the NLOS model on, every start is refined under the mixture: a least-squares fit
  // that has bent c, wind and height around late arrivals is a local minimum it rarely
  // leaves.
  const Model model{arrivals, reference, &options_, std::max(options_.nlos_mean_excess_s, 0.0)};
  const Priors street = makePriors(options_);

  // Starts: closed forms at the prior height and, when possible, with free height.
  std::array<Candidate, 4> starts{};
  int nstarts = 0;
  {
    std::array<Candidate, 2> two{};
    const int nfixed =
        closedForm(arrivals, options_.speed_of_sound_mps, true, options_.source_height_m, two);
    for (int i = 0; i < nfixed; ++i) {
      starts[nstarts++] = two[i];
    }
    if (arrivals.size() >= 5) {
      const int nfree = closedForm(arrivals, options_.speed_of_sound_mps, false, 0.0, two);
      for (int i = 0; i < nfree; ++i) {
        starts[nstarts++] = two[i];
      }
    }
  }
  if (nstarts == 0) {
    // Degenerate geometry for the closed form: start at the first-arrival sensor.
    auto first =
        std::min_element(arrivals.begin(), arrivals.end(),
                         [](const auto &x, const auto &y) { return x.arrival_s < y.arrival_s; });
    starts[nstarts++] = {first->sensor_enu_m, first->arrival_s};
  }
  const std::span<const Candidate> startSpan(starts.data(), static_cast<std::size_t>(nstarts));
  Fit best = fitFromStarts(model, street, startSpan);
  Priors priors = street;
  double mixtureSpread = 0.0; // p(1 - p) of the two height hypotheses
  ParamVector mixtureDelta = ParamVector::Zero();
  const double share = aerialShare(options_);
  if (share > 0.0 && arrivals.size() >= kMinArrivalsForAerial && best.ok) {
    const AerialChoice aerial = weighAerial(model, street, best, startSpan, share);
    solution.aerial_probability = aerial.probability;
    if (aerial.probability > 0.5) {
      best = aerial.fit;
      priors = aerial.priors;
    }
    mixtureSpread = aerial.probability * (1.0 - aerial.probability);
    mixtureDelta = aerial.delta;
  }
  if (!best.ok) {
    return solution;
  }
  const ParamVector &theta = best.theta;

  // Residual scale: pooled between the realistic prior scale and what the residuals say,
  // with the data's effective degrees of freedom (trace of the hat matrix, priors count).
  ParamMatrix jtj;
  ParamVector jtr;
  double dataChi2 = 0.0;
  double dataWeight = 0.0;
  buildNormal(model, priors, theta, options_.timing_sigma_s, jtj, jtr, &dataChi2, &dataWeight);
  ParamMatrix priorInfo = priors.information.asDiagonal();
  const ParamMatrix dataInfo = jtj - priorInfo;
  const ParamMatrix cov1 = jtj.ldlt().solve(ParamMatrix::Identity());
  const double pEff = (cov1 * dataInfo).trace();
  const double dof = std::max(0.0, dataWeight - pEff);
  const double priorDof = options_.timing_sigma_dof;
  const double s2 = (dataChi2 + priorDof) / (dof + priorDof); // in units of timing_sigma²
  const double sigmaScale = std::sqrt(std::max(s2, 0.04));
  const ParamMatrix info = dataInfo / (sigmaScale * sigmaScale) + priorInfo;
  ParamMatrix cov = info.ldlt().solve(ParamMatrix::Identity());
  if (model.nlos_mean_excess_s > 0.0) {
    cov += hiddenExcessCovariance(model, theta, cov, sigmaScale);
  }
  // While the other height hypothesis keeps weight, the source may be there instead.
  cov.noalias() += mixtureSpread * mixtureDelta * mixtureDelta.transpose();

  solution.valid = cov.allFinite();
  solution.position_enu_m = theta.head<3>();
  solution.emission_s = reference + theta(3);
  solution.speed_of_sound_mps = theta(4);
  solution.wind_mps = theta.segment<2>(5);
  solution.covariance = cov.topLeftCorner<4, 4>();
  solution.iterations = best.iterations;
  solution.timing_sigma_s = sigmaScale * options_.timing_sigma_s;
  solution.height_from_data =
      std::sqrt(std::max(cov(2, 2), 0.0)) < 0.5 / std::sqrt(priors.information(2));
  solution.horizontal_error_95_m = circularErrorRadius(cov.topLeftCorner<2, 2>(), 0.95) *
                                   std::sqrt(fisherInflation(dof + priorDof, 0.95));
  solution.residuals_s.reserve(arrivals.size());
  double sum2 = 0.0;
  for (const TdoaArrival &a : arrivals) {
    const double r = a.arrival_s - reference - predict(theta, a.sensor_enu_m, nullptr);
    solution.residuals_s.push_back(r);
    sum2 += r * r;
  }
  solution.rms_residual_s = std::sqrt(sum2 / static_cast<double>(arrivals.size()));
  if (options_.nlos_mean_excess_s > 0.0) {
    solution.excess_s.reserve(arrivals.size());
    for (std::size_t i = 0; i < arrivals.size(); ++i) {
      const NlosResidual n = nlosResidual(solution.residuals_s[i], model.sigmaOf(arrivals[i]),
                                          options_.nlos_mean_excess_s, options_.nlos_fraction);
      solution.excess_s.push_back(n.excess_s);
      solution.nlos_arrivals += n.nlos_probability > 0.5 ? 1 : 0;
    }
  }
  for (int k = 0; k < kParams; ++k) {
    const double r = theta(k) - priors.mean(k);
    solution.prior_chi2 += priors.information(k) * r * r;
  }
  return solution;
}

} // namespace salvo
