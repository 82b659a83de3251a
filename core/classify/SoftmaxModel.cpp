#include "classify/SoftmaxModel.h"

#include <Eigen/Cholesky>

#include <algorithm>
#include <cmath>
#include <functional>

namespace salvo {
namespace {

Eigen::MatrixXd withBias(const Eigen::MatrixXd &rows) {
  Eigen::MatrixXd x(rows.rows(), rows.cols() + 1);
  x.leftCols(rows.cols()) = rows;
  x.col(rows.cols()).setOnes();
  return x;
}

// Row-wise softmax of logits, stable against overflow.
Eigen::MatrixXd softmaxRows(Eigen::MatrixXd z) {
  for (Eigen::Index i = 0; i < z.rows(); ++i) {
    const double m = z.row(i).maxCoeff();
    z.row(i) = (z.row(i).array() - m).exp();
    z.row(i) /= z.row(i).sum();
  }
  return z;
}

struct LossGradient {
  double loss = 0.0;
  Eigen::VectorXd gradient; // class-major: class c occupies [c*d, (c+1)*d)
};

// Weighted mean cross-entropy plus the ridge; the bias column is not penalised.
double lossOf(const Eigen::MatrixXd &x, const std::vector<int> &labels, const Eigen::VectorXd &w,
              const Eigen::MatrixXd &W, double l2, double totalWeight) {
  const Eigen::MatrixXd p = softmaxRows(x * W.transpose());
  double loss = 0.0;
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    loss -= w(i) * std::log(std::max(p(i, labels[std::size_t(i)]), 1e-300));
  }
  const Eigen::Index d = W.cols();
  return loss / totalWeight + 0.5 * l2 * W.leftCols(d - 1).squaredNorm();
}

} // namespace

Eigen::MatrixXd withPairProducts(const Eigen::MatrixXd &standardizedRows,
                                 const std::vector<FeaturePair> &pairs) {
  const Eigen::Index d = standardizedRows.cols();
  Eigen::MatrixXd x(standardizedRows.rows(), d + Eigen::Index(pairs.size()));
  x.leftCols(d) = standardizedRows;
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const auto [i, j] = pairs[k];
    x.col(d + Eigen::Index(k)) = (standardizedRows.col(i).array() * standardizedRows.col(j).array())
                                     .cwiseMax(-FeatureStandardizer::kClamp)
                                     .cwiseMin(FeatureStandardizer::kClamp);
  }
  return x;
}

FeatureStandardizer FeatureStandardizer::fit(const Eigen::MatrixXd &rows) {
  FeatureStandardizer s;
  const Eigen::Index d = rows.cols();
  s.mean = Eigen::VectorXd::Zero(d);
  s.scale = Eigen::VectorXd::Ones(d);
  for (Eigen::Index j = 0; j < d; ++j) {
    double sum = 0.0, sumSq = 0.0;
    int n = 0;
    for (Eigen::Index i = 0; i < rows.rows(); ++i) {
      const double v = rows(i, j);
      if (std::isfinite(v)) {
        sum += v;
        sumSq += v * v;
        ++n;
      }
    }
    if (n > 0) {
      s.mean(j) = sum / n;
      const double var = std::max(sumSq / n - s.mean(j) * s.mean(j), 0.0);
      s.scale(j) = var > 1e-12 ? std::sqrt(var) : 1.0;
    }
  }
  return s;
}

Eigen::VectorXd FeatureStandardizer::apply(const Eigen::VectorXd &features) const {
  Eigen::VectorXd z(features.size());
  for (Eigen::Index j = 0; j < features.size(); ++j) {
    const double v = features(j);
    z(j) = std::isfinite(v) ? std::clamp((v - mean(j)) / scale(j), -kClamp, kClamp) : 0.0;
  }
  return z;
}

Eigen::MatrixXd FeatureStandardizer::apply(const Eigen::MatrixXd &rows) const {
  Eigen::MatrixXd z(rows.rows(), rows.cols());
  for (Eigen::Index i = 0; i < rows.rows(); ++i) {
    z.row(i) = apply(Eigen::VectorXd(rows.row(i).transpose())).transpose();
  }
  return z;
}

Eigen::VectorXd SoftmaxModel::logits(const Eigen::VectorXd &standardized) const {
  const Eigen::Index d = weights.cols() - 1;
  return (weights.leftCols(d) * standardized + weights.col(d)) / temperature + class_offset;
}

Eigen::VectorXd SoftmaxModel::probabilities(const Eigen::VectorXd &standardized) const {
  Eigen::VectorXd z = logits(standardized);
  z = (z.array() - z.maxCoeff()).exp();
  return z / z.sum();
}

Eigen::MatrixXd SoftmaxModel::probabilities(const Eigen::MatrixXd &standardizedRows) const {
  Eigen::MatrixXd z = withBias(standardizedRows) * weights.transpose() / temperature;
  z.rowwise() += class_offset.transpose();
  return softmaxRows(z);
}

SoftmaxModel trainSoftmax(const Eigen::MatrixXd &rows, const std::vector<int> &labels,
                          const Eigen::VectorXd &exampleWeights,
                          const SoftmaxTrainingOptions &options) {
  const Eigen::MatrixXd x = withBias(rows);
  const Eigen::Index n = x.rows();
  const Eigen::Index d = x.cols();
  const Eigen::Index K = kClassCount;
  const double totalWeight = std::max(exampleWeights.sum(), 1e-12);
  Eigen::MatrixXd W = Eigen::MatrixXd::Zero(K, d);
  double loss = lossOf(x, labels, exampleWeights, W, options.l2, totalWeight);
  for (int iteration = 0; iteration < options.max_iterations; ++iteration) {
    const Eigen::MatrixXd p = softmaxRows(x * W.transpose());
    Eigen::VectorXd g = Eigen::VectorXd::Zero(K * d);
    Eigen::MatrixXd H = Eigen::MatrixXd::Zero(K * d, K * d);
    for (Eigen::Index i = 0; i < n; ++i) {
      const double wi = exampleWeights(i) / totalWeight;
      const Eigen::RowVectorXd xi = x.row(i);
      const Eigen::MatrixXd outer = xi.transpose() * xi;
      for (Eigen::Index a = 0; a < K; ++a) {
        const double residual = p(i, a) - (labels[std::size_t(i)] == a ? 1.0 : 0.0);
        g.segment(a * d, d) += wi * residual * xi.transpose();
        for (Eigen::Index b = 0; b < K; ++b) {
          const double h = wi * p(i, a) * ((a == b ? 1.0 : 0.0) - p(i, b));
          H.block(a * d, b * d, d, d) += h * outer;
        }
      }
    }
    for (Eigen::Index a = 0; a < K; ++a) {
      g.segment(a * d, d - 1) += options.l2 * W.row(a).head(d - 1).transpose();
      for (Eigen::Index j = 0; j < d - 1; ++j) {
        H(a * d + j, a * d + j) += options.l2;
      }
    }
    // The softmax is invariant to adding one vector to every class: a tiny ridge makes
    // the Hessian definite without moving the optimum noticeably.
    H.diagonal().array() += 1e-9;
    const Eigen::VectorXd step = H.ldlt().solve(g);
    double t = 1.0;
    Eigen::MatrixXd next;
    double nextLoss = loss;
    for (int halving = 0; halving < 30; ++halving, t *= 0.5) {
      next = W;
      for (Eigen::Index a = 0; a < K; ++a) {
        next.row(a) -= t * step.segment(a * d, d).transpose();
      }
      nextLoss = lossOf(x, labels, exampleWeights, next, options.l2, totalWeight);
      if (nextLoss <= loss - 1e-4 * t * g.dot(step)) {
        break;
      }
    }
    if (!(nextLoss < loss)) {
      break;
    }
    const double improvement = loss - nextLoss;
    W = next;
    loss = nextLoss;
    if (improvement < options.tolerance) {
      break;
    }
  }
  SoftmaxModel model;
  model.weights = W;
  return model;
}

double negativeLogLikelihood(const SoftmaxModel &model, const Eigen::MatrixXd &rows,
                             const std::vector<int> &labels, double temperature) {
  SoftmaxModel m = model;
  m.temperature = temperature;
  const Eigen::MatrixXd p = m.probabilities(rows);
  double nll = 0.0;
  for (Eigen::Index i = 0; i < p.rows(); ++i) {
    nll -= std::log(std::max(p(i, labels[std::size_t(i)]), 1e-300));
  }
  return p.rows() > 0 ? nll / double(p.rows()) : 0.0;
}

namespace {

// Golden-section minimum of f on [lo, hi].
template <typename F>
double goldenMinimum(F f, double lo, double hi) {
  const double phi = 0.5 * (std::sqrt(5.0) - 1.0);
  double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
  double fa = f(a), fb = f(b);
  for (int i = 0; i < 60; ++i) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = f(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = f(b);
    }
  }
  return 0.5 * (lo + hi);
}

} // namespace

double fitTemperature(const SoftmaxModel &model, const Eigen::MatrixXd &rows,
                      const std::vector<int> &labels) {
  if (rows.rows() == 0) {
    return 1.0;
  }
  return std::exp(goldenMinimum(
      [&](double logT) { return negativeLogLikelihood(model, rows, labels, std::exp(logT)); },
      std::log(0.05), std::log(20.0)));
}

SoftmaxModel calibrateSoftmax(SoftmaxModel model, const Eigen::MatrixXd &rows,
                              const std::vector<int> &labels) {
  if (rows.rows() == 0) {
    return model;
  }
  for (int cycle = 0; cycle < 4; ++cycle) {
    model.temperature = fitTemperature(model, rows, labels);
    for (int c = 1; c < kClassCount; ++c) {
      model.class_offset(c) = goldenMinimum(
          [&](double offset) {
            SoftmaxModel m = model;
            m.class_offset(c) = offset;
            return negativeLogLikelihood(m, rows, labels, m.temperature);
          },
          -6.0, 6.0);
    }
  }
  return model;
}

int calledClass(const Eigen::Ref<const Eigen::RowVectorXd> &probabilities,
                double gunfireThreshold) {
  Eigen::Index called = 0;
  probabilities.maxCoeff(&called);
  return probabilities(0) >= gunfireThreshold ? 0 : int(called);
}

double fitGunfireThreshold(const Eigen::MatrixXd &probabilities, const std::vector<int> &labels,
                           double falseBudget, double floor) {
  int nonGunfire = 0;
  std::vector<double> candidates{0.5};
  for (Eigen::Index i = 0; i < probabilities.rows(); ++i) {
    nonGunfire += labels[std::size_t(i)] != 0 ? 1 : 0;
    const double p = probabilities(i, 0);
    if (p >= floor && p < 0.5) {
      candidates.push_back(p);
    }
  }
  if (nonGunfire == 0 || nonGunfire == int(labels.size())) {
    return 1.0;
  }
  std::sort(candidates.begin(), candidates.end(), std::greater<>());
  double best = 1.0;
  for (double t : candidates) { // from the argmax's own calls down
    int falseCalls = 0;
    for (Eigen::Index i = 0; i < probabilities.rows(); ++i) {
      falseCalls += labels[std::size_t(i)] != 0 && calledClass(probabilities.row(i), t) == 0;
    }
    if (double(falseCalls) > falseBudget * nonGunfire) {
      break;
    }
    best = t;
  }
  return best;
}

CalibrationReport calibrationReport(const Eigen::MatrixXd &probabilities,
                                    const std::vector<int> &labels, int bins,
                                    double gunfireThreshold) {
  CalibrationReport report;
  report.bins.resize(std::size_t(bins));
  std::vector<double> confSum(std::size_t(bins), 0.0), correct(std::size_t(bins), 0.0);
  for (int b = 0; b < bins; ++b) {
    report.bins[std::size_t(b)].lower = double(b) / bins;
    report.bins[std::size_t(b)].upper = double(b + 1) / bins;
  }
  const Eigen::Index n = probabilities.rows();
  for (Eigen::Index i = 0; i < n; ++i) {
    const int called = calledClass(probabilities.row(i), gunfireThreshold);
    const double confidence = probabilities(i, called);
    const int b = std::clamp(int(confidence * bins), 0, bins - 1);
    ++report.bins[std::size_t(b)].count;
    confSum[std::size_t(b)] += confidence;
    correct[std::size_t(b)] += called == labels[std::size_t(i)] ? 1.0 : 0.0;
  }
  for (int b = 0; b < bins; ++b) {
    auto &bin = report.bins[std::size_t(b)];
    if (bin.count > 0) {
      bin.mean_confidence = confSum[std::size_t(b)] / bin.count;
      bin.accuracy = correct[std::size_t(b)] / bin.count;
      report.ece += double(bin.count) / double(n) * std::abs(bin.accuracy - bin.mean_confidence);
    }
  }
  return report;
}

ConfusionMatrix confusionMatrix(const Eigen::MatrixXd &probabilities,
                                const std::vector<int> &labels, double gunfireThreshold) {
  ConfusionMatrix m{};
  for (Eigen::Index i = 0; i < probabilities.rows(); ++i) {
    const int called = calledClass(probabilities.row(i), gunfireThreshold);
    ++m[std::size_t(labels[std::size_t(i)])][std::size_t(called)];
  }
  return m;
}

} // namespace salvo
