#include "locate/TdoaSolver.h"

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace salvo {
namespace {

constexpr int kMaxRows = 64; // arrivals used by the closed form (more add nothing)
constexpr int kParams = 7;   // east, north, up, t0, c, wind east, wind north
using ParamVector = Eigen::Matrix<double, kParams, 1>;
using ParamMatrix = Eigen::Matrix<double, kParams, kParams>;

struct Model {
  std::span<const TdoaArrival> arrivals;
  double reference_s;
  const TdoaSolverOptions *options;
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

// Gauss-Newton normal equations with the data rows scaled by `sigma_s`.
double buildNormal(const Model &model, const Priors &priors, const ParamVector &theta,
                   double sigma_s, ParamMatrix &jtj, ParamVector &jtr, double *dataChi2) {
  jtj.setZero();
  jtr.setZero();
  double data = 0.0;
  Eigen::Matrix<double, 1, kParams> g;
  for (const TdoaArrival &a : model.arrivals) {
    // Relative weights keep per-arrival sigmas; sigma_s scales the whole data block.
    const double scale = model.options->timing_sigma_s / (model.sigmaOf(a) * sigma_s);
    const double r = a.arrival_s - model.reference_s - predict(theta, a.sensor_enu_m, &g);
    const Eigen::Matrix<double, 1, kParams> row = g * scale;
    jtj.noalias() += row.transpose() * row;
    jtr.noalias() += row.transpose() * (r * scale);
    data += (r * scale) * (r * scale);
  }
  double cost = data;
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
      if (step.head<3>().norm() < 1e-4 && improvement < 1e-9 * (1.0 + cost)) {
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

// The 95 % radius is needed for every located shot: tabulated once over the axis ratio.
constexpr int kRadiusTable = 257;
const std::array<double, kRadiusTable> &radius95Table() {
  static const std::array<double, kRadiusTable> table = [] {
    std::array<double, kRadiusTable> t{};
    for (int i = 0; i < kRadiusTable; ++i) {
      t[i] = unitRadius(static_cast<double>(i) / (kRadiusTable - 1), 0.95);
    }
    return t;
  }();
  return table;
}

} // namespace

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
  if (probability != 0.95) {
    return s1 * unitRadius(rho, probability);
  }
  const auto &table = radius95Table();
  const double pos = rho * (kRadiusTable - 1);
  const int i = std::min(static_cast<int>(pos), kRadiusTable - 2);
  const double f = pos - i;
  return s1 * (table[i] * (1.0 - f) + table[i + 1] * f);
}

int TdoaSolver::closedForm(std::span<const TdoaArrival> arrivals, double speed_mps, bool fixHeight,
                           double height_m, std::array<Candidate, 2> &out) {
  const int k = fixHeight ? 2 : 3;
  const int n = static_cast<int>(std::min<std::size_t>(arrivals.size(), kMaxRows));
  if (n < k + 1) {
    return 0;
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
  if (n == k + 1) {
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, 4, 4> sq = a;
    Eigen::FullPivLU<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, 4, 4>> lu(sq);
    if (!lu.isInvertible()) {
      return 0;
    }
    alpha = lu.solve(b);
    beta = lu.solve(e);
  } else {
    Eigen::ColPivHouseholderQR<Rows> qr(a);
    if (qr.rank() < k + 1) {
      return 0;
    }
    alpha = qr.solve(b);
    beta = qr.solve(e);
  }
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
    Candidate c;
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

TdoaSolution TdoaSolver::solve(std::span<const TdoaArrival> arrivals) const {
  TdoaSolution solution;
  if (arrivals.size() < 3) {
    return solution;
  }
  double reference = std::numeric_limits<double>::infinity();
  for (const TdoaArrival &a : arrivals) {
    reference = std::min(reference, a.arrival_s);
  }
  const Model model{arrivals, reference, &options_};
  const Priors priors = makePriors(options_);

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
  Fit best;
  for (int i = 0; i < nstarts; ++i) {
    ParamVector theta;
    theta.head<3>() = starts[i].position_enu_m;
    // A wild free-height root is pulled back towards the prior before refinement.
    const double dz = theta(2) - options_.source_height_m;
    if (std::abs(dz) > 4.0 * options_.source_height_sigma_m) {
      theta(2) = options_.source_height_m;
    }
    theta(3) = starts[i].emission_s - reference;
    theta(4) = options_.speed_of_sound_mps;
    theta(5) = theta(6) = 0.0;
    const Fit fit = levenbergMarquardt(model, priors, theta);
    if (fit.ok && fit.cost < best.cost) {
      best = fit;
    }
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
  buildNormal(model, priors, theta, options_.timing_sigma_s, jtj, jtr, &dataChi2);
  ParamMatrix priorInfo = priors.information.asDiagonal();
  const ParamMatrix dataInfo = jtj - priorInfo;
  const ParamMatrix cov1 = jtj.ldlt().solve(ParamMatrix::Identity());
  const double pEff = (cov1 * dataInfo).trace();
  const double dof = std::max(0.0, static_cast<double>(arrivals.size()) - pEff);
  const double priorDof = options_.timing_sigma_dof;
  const double s2 = (dataChi2 + priorDof) / (dof + priorDof); // in units of timing_sigma²
  const double sigmaScale = std::sqrt(std::max(s2, 0.04));
  const ParamMatrix info = dataInfo / (sigmaScale * sigmaScale) + priorInfo;
  const ParamMatrix cov = info.ldlt().solve(ParamMatrix::Identity());

  solution.valid = cov.allFinite();
  solution.position_enu_m = theta.head<3>();
  solution.emission_s = reference + theta(3);
  solution.speed_of_sound_mps = theta(4);
  solution.wind_mps = theta.segment<2>(5);
  solution.covariance = cov.topLeftCorner<4, 4>();
  solution.iterations = best.iterations;
  solution.timing_sigma_s = sigmaScale * options_.timing_sigma_s;
  solution.height_from_data =
      std::sqrt(std::max(cov(2, 2), 0.0)) < 0.5 * options_.source_height_sigma_m;
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
  for (int k = 0; k < kParams; ++k) {
    const double r = theta(k) - priors.mean(k);
    solution.prior_chi2 += priors.information(k) * r * r;
  }
  return solution;
}

} // namespace salvo
