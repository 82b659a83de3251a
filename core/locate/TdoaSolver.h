#pragma once

#include <Eigen/Core>

#include <array>
#include <optional>
#include <span>
#include <vector>

namespace salvo {

// One first arrival of one source at one sensor, in a local ENU frame.
// `arrival_s` is relative to any common epoch (the solver only uses differences).
struct TdoaArrival {
  Eigen::Vector3d sensor_enu_m = Eigen::Vector3d::Zero();
  double arrival_s = 0.0;
  double timing_sigma_s = 0.0; // 0: use TdoaSolverOptions::timing_sigma_s
};

// What the solver knows before it sees the arrivals. Unknowns it cannot resolve from
// the geometry fall back on these priors (Gaussian), so one solver covers 3D (sensors
// around and above/below the source), 2.5D (flat networks: height from the prior) and
// the weak directions in between, and its covariance stays honest in every case.
struct TdoaSolverOptions {
  double speed_of_sound_mps = 343.0; // from the reported temperature
  double speed_sigma_mps = 2.0;      // a weather feed off by ~3 °C
  double source_height_m = 0.0;      // ENU up of the expected source (street level)
  double source_height_sigma_m = 25.0;
  double wind_sigma_mps = 2.5; // horizontal wind, mean 0; 0 disables the wind unknowns
  // Realistic onset-picking error: the floor of the residual scale, so a lucky fit of a
  // few sensors does not claim centimetres.
  double timing_sigma_s = 0.25e-3;
  // How many residual degrees of freedom `timing_sigma_s` is worth when it is pooled with
  // the residuals of a fit into the scale used for the covariance.
  double timing_sigma_dof = 10.0;
  int max_iterations = 30;
  // With 6 to 8 arrivals, refit leaving out one clearly late arrival. Off inside
  // association, which gates outliers against every sensor's prediction itself (the
  // solver's own leave-one-out there changed which pulses sets were built from).
  bool drop_one_late_arrival = true;
  // Non-line-of-sight first arrivals (locate/NlosModel.h): the mean excess delay of a
  // first arrival diffracted over a building (typicalUrbanExcessDelay_s(), ~1.9 ms) and
  // the share of arrivals that are diffracted. 0 = off: every arrival is line of sight
  // with Gaussian errors (association's default). On, residuals are one-sided: early
  // ones cost as a Gaussian, late ones are explained by an excess delay, and the
  // covariance counts only what each arrival still says once its possible delay is
  // allowed for. Replaces the late-arrival search (drop_one_late_arrival).
  double nlos_mean_excess_s = 0.0;
  double nlos_fraction = 0.5;
  // Aerial sources: a fireworks shell bursts 80-300 m above its launch site, far outside
  // the street-level height prior, and a flat network fits it there with a horizontal
  // error of 50-300 m and a radius of a few metres. With at least 5 arrivals the height
  // prior becomes a mixture: street level (above) or this far above it with this sigma, a
  // priori `aerial_share` of the sources. Each hypothesis is fitted and weighed by its
  // Laplace evidence; the more probable one is reported, and while the other keeps some
  // weight the covariance is the mixture's. < 0: auto, on with the NLOS model (the final
  // fit of an accepted set) and off in the Gaussian fits association gates with (it
  // searches bursts itself and solves thousands of sets a second).
  double aerial_share = -1.0;
  double aerial_height_above_m = 150.0;
  double aerial_height_sigma_m = 100.0;
};

struct TdoaSolution {
  bool valid = false;
  Eigen::Vector3d position_enu_m = Eigen::Vector3d::Zero();
  double emission_s = 0.0; // same epoch as the arrivals
  double speed_of_sound_mps = 0.0;
  Eigen::Vector2d wind_mps = Eigen::Vector2d::Zero();
  // Covariance of [east, north, up, emission] (m², s²) including the priors.
  Eigen::Matrix4d covariance = Eigen::Matrix4d::Zero();
  double horizontal_error_95_m = 0.0; // radius holding the source with 95 % probability
  bool height_from_data = false;      // 3D: the data, not the prior, fixed the height
  std::vector<double> residuals_s;    // observed minus predicted, one an arrival
  double rms_residual_s = 0.0;
  // How far the fit had to pull the priors (speed of sound, wind, height), in sigmas²:
  // a "fit" of unrelated pulses needs implausible air or an implausible height.
  double prior_chi2 = 0.0;
  double timing_sigma_s = 0.0; // residual scale used for the covariance
  int iterations = 0;
  // An arrival the fit left out as picked late (blocked direct path, an echo taken for
  // it), -1 none; its residual against the fit of the others is still in residuals_s.
  int dropped_arrival = -1;
  // With the NLOS model on: each arrival's estimated excess delay E[e | r] (s), one an
  // arrival, and how many arrivals are more likely diffracted than direct.
  std::vector<double> excess_s;
  int nlos_arrivals = 0;
  // With the aerial hypothesis tried (TdoaSolverOptions::aerial_share): its posterior
  // probability against street level; 0 when not tried.
  double aerial_probability = 0.0;
};

// Time-of-arrival multilateration of an impulsive source:
//   t_i = t0 + |s_i - p| / (c + w·u_i)
// over p (3D), t0, c and a horizontal wind w, each of c, w, p_up regularised by a prior.
// Start: Bancroft's closed form (Lorentz-product algebra, both roots), the same linear
// system as spherical interpolation / Chan–Ho; refinement: Levenberg–Marquardt.
class TdoaSolver {
public:
  explicit TdoaSolver(TdoaSolverOptions options = {}) : options_(options) {}
  const TdoaSolverOptions &options() const { return options_; }
  void setOptions(const TdoaSolverOptions &options) { options_ = options; }

  // Needs at least 3 arrivals; returns valid=false when it cannot converge. With 6 to 8
  // arrivals, one arrival picked clearly late may be left out (dropped_arrival).
  TdoaSolution solve(std::span<const TdoaArrival> arrivals) const;

  // Only the closed-form start: up to two candidate [east, north, up] with emission time,
  // the height fixed at `height_m` when `fixHeight` (2.5D, needs 3 arrivals) or free
  // (needs 4). Used by association to hypothesise from minimal sets.
  struct Candidate {
    Eigen::Vector3d position_enu_m;
    double emission_s;
  };
  static int closedForm(std::span<const TdoaArrival> arrivals, double speed_mps, bool fixHeight,
                        double height_m, std::array<Candidate, 2> &out);

private:
  TdoaSolution solveAll(std::span<const TdoaArrival> arrivals) const;
  void dropOneLateArrival(std::span<const TdoaArrival> arrivals, TdoaSolution &solution) const;

  TdoaSolverOptions options_;
};

// One sigma (s) of a detected pulse's onset time as an arrival-time measurement: the
// picker's jitter in noise (the leading edge's rise time over the amplitude SNR), what
// sub-sample refinement leaves (a fraction of a sample: a 12 kHz onset is coarser than a
// 48 kHz one) and a GPS-disciplined clock. A line-of-sight pick only: a diffracted (NLOS)
// first arrival is late by a path-dependent 0.5-3 ms that no SNR shows (docs/location.md,
// bench_locate_quality --oracle), so use it to weight arrivals against each other, not as
// the absolute scale of TdoaArrival::timing_sigma_s.
double onsetTimingSigma_s(double snr_db, double sample_rate_hz, double rise_time_s);

// Radius of the smallest centred circle holding `probability` of a 2D Gaussian with
// this covariance (exact for the elliptical case, not the conservative
// sqrt(chi2 * largest eigenvalue)).
// 0.95 (every located shot) reads a table, interpolated: well under a microsecond;
// other probabilities integrate numerically (~1 ms).
double circularErrorRadius(const Eigen::Matrix2d &covariance, double probability = 0.95);

// The same radius always by numerical integration (~1 ms): the reference for the table.
double circularErrorRadiusIntegrated(const Eigen::Matrix2d &covariance, double probability = 0.95);

} // namespace salvo
