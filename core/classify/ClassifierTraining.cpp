#include "classify/ClassifierTraining.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

namespace salvo {
namespace {

Eigen::MatrixXd rowsOf(std::span<const LabelledExample> examples, Eigen::Index d) {
  Eigen::MatrixXd x(Eigen::Index(examples.size()), d);
  for (std::size_t i = 0; i < examples.size(); ++i) {
    x.row(Eigen::Index(i)) = examples[i].features.transpose();
  }
  return x;
}

std::vector<int> labelsOf(std::span<const LabelledExample> examples) {
  std::vector<int> labels;
  for (const auto &e : examples) {
    labels.push_back(e.label);
  }
  return labels;
}

const char *kClassNames[kClassCount] = {"gunfire", "fireworks", "other"};

struct GunfireRanking {
  double auc = 0.0;
  double recall_at_2pct_false = 0.0;
  double threshold = 1.0;
};

// Sorts by P(gunfire) descending and walks the thresholds; ties count half in the AUC.
GunfireRanking gunfireRanking(const Eigen::MatrixXd &p, const std::vector<int> &labels) {
  std::vector<std::pair<double, bool>> scored;
  int guns = 0;
  for (Eigen::Index i = 0; i < p.rows(); ++i) {
    scored.emplace_back(p(i, 0), labels[std::size_t(i)] == 0);
    guns += labels[std::size_t(i)] == 0 ? 1 : 0;
  }
  const int others = int(scored.size()) - guns;
  GunfireRanking r;
  if (guns == 0 || others == 0) {
    return r;
  }
  std::sort(scored.begin(), scored.end(),
            [](const auto &a, const auto &b) { return a.first > b.first; });
  double pairsAbove = 0.0;
  int gunsSeen = 0, othersSeen = 0;
  for (std::size_t i = 0; i < scored.size();) {
    std::size_t j = i;
    int g = 0, o = 0;
    for (; j < scored.size() && scored[j].first == scored[i].first; ++j) {
      (scored[j].second ? g : o) += 1;
    }
    pairsAbove += double(g) * othersSeen + 0.5 * g * o;
    gunsSeen += g;
    othersSeen += o;
    if (double(othersSeen) <= 0.02 * others) {
      r.recall_at_2pct_false = double(gunsSeen) / guns;
      r.threshold = scored[i].first;
    }
    i = j;
  }
  // pairsAbove counts (gun, other) pairs with the other ranked higher.
  r.auc = 1.0 - pairsAbove / (double(guns) * others);
  return r;
}

} // namespace

HeadEvaluation evaluateHead(const ClassifierHead &head, std::span<const LabelledExample> examples) {
  HeadEvaluation ev;
  ev.examples = int(examples.size());
  if (examples.empty()) {
    return ev;
  }
  const Eigen::MatrixXd z = head.design(rowsOf(examples, Eigen::Index(head.feature_names.size())));
  const std::vector<int> labels = labelsOf(examples);
  const Eigen::MatrixXd p = head.softmax.probabilities(z);
  ev.confusion = confusionMatrix(p, labels, head.gunfire_threshold);
  ev.calibration = calibrationReport(p, labels, 10, head.gunfire_threshold);
  ev.mean_nll = negativeLogLikelihood(head.softmax, z, labels, head.softmax.temperature);
  int correct = 0, gun = 0, gunHit = 0, nonGun = 0, nonGunHit = 0;
  for (int t = 0; t < kClassCount; ++t) {
    for (int c = 0; c < kClassCount; ++c) {
      const int n = ev.confusion[std::size_t(t)][std::size_t(c)];
      correct += t == c ? n : 0;
      if (t == 0) {
        gun += n;
        gunHit += c == 0 ? n : 0;
      } else {
        nonGun += n;
        nonGunHit += c == 0 ? n : 0;
      }
    }
  }
  ev.accuracy = double(correct) / ev.examples;
  ev.gunfire_recall = gun > 0 ? double(gunHit) / gun : 0.0;
  ev.non_gunfire_called_gunfire = nonGun > 0 ? double(nonGunHit) / nonGun : 0.0;
  const GunfireRanking ranking = gunfireRanking(p, labels);
  ev.gunfire_auc = ranking.auc;
  ev.recall_at_2pct_false = ranking.recall_at_2pct_false;
  ev.threshold_at_2pct_false = ranking.threshold;
  return ev;
}

std::string formatHeadEvaluation(const HeadEvaluation &ev) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(3);
  s << "examples " << ev.examples << "  accuracy " << ev.accuracy << "  gunfire recall "
    << ev.gunfire_recall << "  non-gunfire called gunfire " << ev.non_gunfire_called_gunfire
    << "  ECE " << ev.calibration.ece << "  NLL " << ev.mean_nll << "\n";
  s << "gunfire ranking: AUC " << ev.gunfire_auc << ", recall " << ev.recall_at_2pct_false
    << " at <= 2 % false gunfire (P(gunfire) >= " << ev.threshold_at_2pct_false << ")\n";
  s << "confusion (rows truth, columns called):      gunfire  fireworks      other\n";
  for (int t = 0; t < kClassCount; ++t) {
    s << "  " << kClassNames[t];
    for (std::size_t pad = std::string(kClassNames[t]).size(); pad < 42; ++pad) {
      s << ' ';
    }
    for (int c = 0; c < kClassCount; ++c) {
      std::string n = std::to_string(ev.confusion[std::size_t(t)][std::size_t(c)]);
      s << std::string(c == 0 ? 7 - std::min<std::size_t>(n.size(), 7)
                              : 11 - std::min<std::size_t>(n.size(), 11),
                       ' ')
        << n;
    }
    s << "\n";
  }
  s << "reliability (confidence bin: calls, mean confidence, accuracy):\n";
  for (const auto &b : ev.calibration.bins) {
    if (b.count > 0) {
      s << "  " << b.lower << "-" << b.upper << ": " << b.count << ", " << b.mean_confidence << ", "
        << b.accuracy << "\n";
    }
  }
  return s.str();
}

std::string headEvaluationJson(const HeadEvaluation &ev) {
  QJsonObject o;
  o["examples"] = ev.examples;
  o["accuracy"] = ev.accuracy;
  o["gunfire_recall"] = ev.gunfire_recall;
  o["non_gunfire_called_gunfire"] = ev.non_gunfire_called_gunfire;
  o["ece"] = ev.calibration.ece;
  o["mean_nll"] = ev.mean_nll;
  o["gunfire_auc"] = ev.gunfire_auc;
  o["recall_at_2pct_false"] = ev.recall_at_2pct_false;
  QJsonArray confusion;
  for (const auto &row : ev.confusion) {
    QJsonArray r;
    for (int n : row) {
      r.append(n);
    }
    confusion.append(r);
  }
  o["confusion_truth_by_called"] = confusion;
  return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

const std::vector<std::string> &physicsPairFeatures() {
  // Cadence stays linear: a burst of 30 impulses lies far outside the training range of
  // rounds, and a product with it extrapolates wildly (a firecracker string was called
  // gunfire); a linear cadence term only ever pushes one way.
  static const std::vector<std::string> names{
      "pulse.log_rise_ms",       "pulse.log_decay_ms",      "pulse.log_duration_ms",
      "pulse.log2_centroid_khz", "pulse.flatness",          "pulse.low_tilt_db",
      "pulse.high_tilt_db",      "shot.source_level_db",    "shot.level_spread_db",
      "shot.height_m",           "shot.log2_sensors",       "shot.crack_fraction",
      "shot.low_band_source_db", "shot.mid_band_source_db", "clip.crack_fraction"};
  return names;
}

std::vector<FeaturePair> featurePairs(const std::vector<std::string> &featureNames,
                                      const std::vector<std::string> &pairFeatures) {
  std::vector<int> present;
  for (const std::string &name : pairFeatures) {
    const auto it = std::find(featureNames.begin(), featureNames.end(), name);
    if (it != featureNames.end()) {
      present.push_back(int(it - featureNames.begin()));
    }
  }
  std::vector<FeaturePair> pairs;
  for (std::size_t a = 0; a < present.size(); ++a) {
    for (std::size_t b = a; b < present.size(); ++b) {
      pairs.push_back({present[a], present[b]});
    }
  }
  return pairs;
}

HeadTrainingResult trainHead(const std::vector<std::string> &featureNames,
                             std::span<const LabelledExample> examples,
                             const HeadTrainingOptions &options) {
  const auto trainOnly = [&](const std::string &group) {
    const std::string &suffix = options.train_only_suffix;
    return !suffix.empty() && group.size() >= suffix.size() &&
           group.compare(group.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  const auto sceneOf = [&](const std::string &group) {
    const std::string &suffix = options.same_scene_suffix;
    return !suffix.empty() && group.ends_with(suffix)
               ? group.substr(0, group.size() - suffix.size())
               : group;
  };
  std::vector<std::string> groups;
  for (const auto &e : examples) {
    if (!trainOnly(e.group)) {
      groups.push_back(sceneOf(e.group));
    }
  }
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  std::map<std::string, bool> calibrates;
  const int every = std::max(options.calibration_every, 2);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    calibrates[groups[g]] = groups.size() >= std::size_t(every) && int(g % every) == every - 1;
  }
  std::vector<LabelledExample> train, calibration;
  for (std::size_t i = 0; i < examples.size(); ++i) {
    // Too few groups to hold one out: every n-th example calibrates instead.
    const bool cal = trainOnly(examples[i].group)          ? false
                     : groups.size() >= std::size_t(every) ? calibrates[sceneOf(examples[i].group)]
                                                           : int(i % every) == every - 1;
    (cal ? calibration : train).push_back(examples[i]);
  }
  std::array<int, kClassCount> perClass{};
  for (const auto &e : train) {
    ++perClass[std::size_t(e.label)];
  }
  for (int c = 0; c < kClassCount; ++c) {
    if (perClass[std::size_t(c)] == 0) {
      throw std::invalid_argument(std::string("no training example of class ") + kClassNames[c]);
    }
  }
  const auto d = Eigen::Index(featureNames.size());
  HeadTrainingResult result;
  result.head.feature_names = featureNames;
  const Eigen::MatrixXd xTrain = rowsOf(train, d);
  result.head.standardizer = FeatureStandardizer::fit(xTrain);
  result.head.pairs = featurePairs(featureNames, options.pair_features);
  const Eigen::MatrixXd zTrain = result.head.design(xTrain);
  // Each class weighs the same in training, whatever its share of the examples.
  Eigen::VectorXd weights(zTrain.rows());
  for (std::size_t i = 0; i < train.size(); ++i) {
    weights(Eigen::Index(i)) =
        options.balance_classes
            ? double(train.size()) / (kClassCount * perClass[std::size_t(train[i].label)])
            : 1.0;
  }
  result.head.softmax = trainSoftmax(zTrain, labelsOf(train), weights, options.softmax);
  if (!calibration.empty()) {
    const Eigen::MatrixXd zCalibration = result.head.design(rowsOf(calibration, d));
    result.head.softmax =
        calibrateSoftmax(result.head.softmax, zCalibration, labelsOf(calibration));
    if (options.gunfire_false_budget > 0.0) {
      result.head.gunfire_threshold =
          fitGunfireThreshold(result.head.softmax.probabilities(zCalibration),
                              labelsOf(calibration), options.gunfire_false_budget);
    }
  }
  result.train_examples = int(train.size());
  result.calibration_examples = int(calibration.size());
  result.calibration_split = evaluateHead(result.head, calibration);
  return result;
}

} // namespace salvo
