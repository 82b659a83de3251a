#include "locate/NlosModel.h"

#include "common/Median.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace salvo {
namespace {

// log Φ(z) without underflow: erfc down to z ≈ −35, then the Mills-ratio asymptote.
double logNormalCdf(double z) {
  if (z > -35.0) {
    return std::log(0.5 * std::erfc(-z / std::numbers::sqrt2));
  }
  return -0.5 * z * z - std::log(-z * std::sqrt(2.0 * std::numbers::pi));
}

} // namespace

double diffractionExcessDelay_s(double clearance_m, double edge_distance_m, double range_m,
                                double speed_of_sound_mps) {
  const double a = std::max(edge_distance_m, 1.0);
  const double b = std::max(range_m - a, 1.0);
  const double excess_m = 0.5 * clearance_m * clearance_m * (1.0 / a + 1.0 / b);
  return excess_m / std::max(speed_of_sound_mps, 1.0);
}

double typicalUrbanExcessDelay_s() {
  constexpr double kClearance_m = 5.0;     // edge above the straight ray
  constexpr double kEdgeDistance_m = 20.0; // source to the first building row
  constexpr double kRange_m = 400.0;       // middle of the 60-800 m sensor ranges
  constexpr double kSpeed_mps = 343.0;
  return diffractionExcessDelay_s(kClearance_m, kEdgeDistance_m, kRange_m, kSpeed_mps);
}

NlosResidual nlosResidual(double residual_s, double sigma_s, double mean_excess_s,
                          double nlos_fraction) {
  NlosResidual out;
  const double s = std::max(sigma_s, 1e-9);
  const double mu = std::max(mean_excess_s, 1e-9);
  const double pi = std::clamp(nlos_fraction, 1e-6, 1.0 - 1e-6);
  const double r = residual_s;
  // NLOS: the excess given r is N(m, σ²) truncated to e ≥ 0, m = r − σ²/μ.
  const double z = r / s - s / mu;
  const double a = s / mu;
  double lambda = 0.0; // φ(z)/Φ(z), the inverse Mills ratio
  bool inLogs = true;
  if (z > -30.0 && r / mu < 600.0) {
    // The common case in linear arithmetic: five transcendental calls, not ten (the solver
    // evaluates this for every arrival at every iteration). Densities without the common
    // 1/(σ√2π).
    const double phiZ = std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
    const double cdfZ = 0.5 * std::erfc(-z / std::numbers::sqrt2);
    const double pLos = (1.0 - pi) * std::exp(-0.5 * (r / s) * (r / s));
    const double pNlos =
        pi * a * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * a * a - r / mu) * cdfZ;
    const double p = pLos + pNlos;
    if (p > 1e-300) {
      out.cost = -2.0 * std::log(p);
      out.nlos_probability = pNlos / p;
      lambda = phiZ / std::max(cdfZ, 1e-300);
      inLogs = false;
    }
  }
  if (inLogs) {
    const double logPhiZ = logNormalCdf(z);
    // Far tails in logs: both components' log densities, as above.
    const double logLos = std::log1p(-pi) - 0.5 * (r / s) * (r / s);
    const double logNlos = std::log(pi) + std::log(a) + 0.5 * std::log(2.0 * std::numbers::pi) +
                           0.5 * a * a - r / mu + logPhiZ;
    const double top = std::max(logLos, logNlos);
    const double logP = top + std::log(std::exp(logLos - top) + std::exp(logNlos - top));
    out.cost = -2.0 * logP;
    out.nlos_probability = std::exp(logNlos - logP);
    lambda = std::exp(-0.5 * z * z - 0.5 * std::log(2.0 * std::numbers::pi) - logPhiZ);
  }
  // Truncated-normal moments.
  const double meanN = std::max(s * (z + lambda), 0.0);
  const double varN = std::max(s * s * (1.0 - z * lambda - lambda * lambda), 0.0);
  const double g = out.nlos_probability;
  out.excess_s = g * meanN;
  out.excess_var_s2 = std::max(g * (varN + meanN * meanN) - out.excess_s * out.excess_s, 0.0);
  return out;
}

bool diffractedArrivalsAreQuieter(const std::vector<NlosArrivalLevel> &arrivals, double late_from_s,
                                  double min_loss_db) {
  std::vector<double> direct_db;
  bool anyLate = false;
  for (const NlosArrivalLevel &a : arrivals) {
    anyLate = anyLate || a.excess_s >= late_from_s;
    if (a.excess_s < late_from_s && a.level_known) {
      direct_db.push_back(a.source_level_db);
    }
  }
  if (!anyLate) {
    return false;
  }
  if (direct_db.size() < 2) {
    return true; // nothing to judge by
  }
  const double source_db = upperMedian(std::move(direct_db));
  for (const NlosArrivalLevel &a : arrivals) {
    if (a.excess_s >= late_from_s && a.level_known && a.source_level_db > source_db - min_loss_db) {
      return false;
    }
  }
  return true;
}

} // namespace salvo
