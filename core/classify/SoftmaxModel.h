#pragma once

#include <Eigen/Core>

#include <array>
#include <vector>

namespace salvo {

inline constexpr int kClassCount = 3; // gunfire, fireworks, other (IncidentClass order)

// Centres and scales each feature on the training set. A missing value (NaN: a band
// above Nyquist, a spread with one sensor) becomes the mean, i.e. 0 after scaling, so
// it adds no evidence either way. Scaled values are clamped to ±kClamp so a wild
// feature from an unfamiliar recording cannot dominate the decision.
struct FeatureStandardizer {
  static constexpr double kClamp = 6.0;
  Eigen::VectorXd mean;
  Eigen::VectorXd scale;

  static FeatureStandardizer fit(const Eigen::MatrixXd &rows); // one example a row
  Eigen::VectorXd apply(const Eigen::VectorXd &features) const;
  Eigen::MatrixXd apply(const Eigen::MatrixXd &rows) const;
};

// Products of pairs of standardised features (and squares, i == j): the softmax stays
// linear in its inputs, but a physical feature's meaning may now depend on another's
// (a lone impulse's level means more when its shape is a muzzle blast's). Products are
// clamped like the features so an unfamiliar recording cannot dominate.
using FeaturePair = std::array<int, 2>;
Eigen::MatrixXd withPairProducts(const Eigen::MatrixXd &standardizedRows,
                                 const std::vector<FeaturePair> &pairs);

struct SoftmaxTrainingOptions {
  double l2 = 1e-2; // ridge on the weights (not the biases), per example
  int max_iterations = 100;
  double tolerance = 1e-9; // stop when the loss improves less than this
};

// Multinomial logistic regression: p = softmax((W x + b) / T + d). Linear in standardised
// physical features on purpose: it extrapolates gently to recordings unlike the
// training data, and its single temperature T calibrates it.
struct SoftmaxModel {
  Eigen::MatrixXd weights; // kClassCount x (features + 1), last column the bias
  double temperature = 1.0;
  // Calibration offsets d (one a class, the first 0): training weighs the classes
  // equally so gunfire is not drowned by fireworks; d puts the real class mix back.
  Eigen::VectorXd class_offset = Eigen::VectorXd::Zero(kClassCount);

  Eigen::VectorXd logits(const Eigen::VectorXd &standardized) const;
  Eigen::VectorXd probabilities(const Eigen::VectorXd &standardized) const;
  Eigen::MatrixXd probabilities(const Eigen::MatrixXd &standardizedRows) const;
};

// Deterministic full-batch Newton–Raphson on the L2-regularised cross-entropy (convex,
// so one optimum whatever the start; a backtracking line search keeps every step
// downhill). `labels` are 0..kClassCount-1; `weights` per example (class balancing).
SoftmaxModel trainSoftmax(const Eigen::MatrixXd &standardizedRows, const std::vector<int> &labels,
                          const Eigen::VectorXd &exampleWeights,
                          const SoftmaxTrainingOptions &options = {});

// Mean negative log-likelihood of `labels` under the model at temperature T.
double negativeLogLikelihood(const SoftmaxModel &model, const Eigen::MatrixXd &standardizedRows,
                             const std::vector<int> &labels, double temperature);

// Temperature scaling (Guo et al. 2017): the T > 0 minimising the held-out NLL,
// by golden-section search on log T (offsets kept).
double fitTemperature(const SoftmaxModel &model, const Eigen::MatrixXd &standardizedRows,
                      const std::vector<int> &labels);

// Temperature and class offsets together on held-out data: coordinate descent of the
// NLL, golden-section on each of log T, d_1, d_2 in turn. Returns the calibrated model.
SoftmaxModel calibrateSoftmax(SoftmaxModel model, const Eigen::MatrixXd &standardizedRows,
                              const std::vector<int> &labels);

// The class called from calibrated probabilities: the most probable one, and gunfire also
// whenever P(gunfire) >= gunfireThreshold (a dispatcher's costs are not symmetric: a missed
// shooting costs far more than a patrol sent to a firecracker, so a head may be given a
// threshold under the argmax's, fitted to a false-gunfire budget). 1 or more: argmax only.
int calledClass(const Eigen::Ref<const Eigen::RowVectorXd> &probabilities,
                double gunfireThreshold = 1.0);

// The lowest gunfire threshold in [floor, 0.5] whose calls keep the share of non-gunfire
// examples called gunfire within `falseBudget`; 1 (argmax only) when the argmax's own
// calls already exceed it or there is no example of either side.
double fitGunfireThreshold(const Eigen::MatrixXd &probabilities, const std::vector<int> &labels,
                           double falseBudget, double floor = 0.2);

// Calibration of the called class's probability in equal-width bins.
struct ReliabilityBin {
  double lower = 0.0;
  double upper = 0.0;
  int count = 0;
  double mean_confidence = 0.0;
  double accuracy = 0.0;
};
struct CalibrationReport {
  double ece = 0.0; // expected calibration error: sum_b n_b/N |accuracy_b - confidence_b|
  std::vector<ReliabilityBin> bins;
};
CalibrationReport calibrationReport(const Eigen::MatrixXd &probabilities,
                                    const std::vector<int> &labels, int bins = 10,
                                    double gunfireThreshold = 1.0);

using ConfusionMatrix = std::array<std::array<int, kClassCount>, kClassCount>; // [truth][called]
ConfusionMatrix confusionMatrix(const Eigen::MatrixXd &probabilities,
                                const std::vector<int> &labels, double gunfireThreshold = 1.0);

} // namespace salvo
