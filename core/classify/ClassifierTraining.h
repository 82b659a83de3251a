#pragma once

#include "classify/ClassifierModel.h"

#include <span>
#include <string>
#include <vector>

namespace salvo {

// One labelled feature vector. `group` names where it came from (a scenario, a folder):
// train/calibration splits never cut through a group, so the calibration split is
// data the model has not seen from the same scene.
struct LabelledExample {
  Eigen::VectorXd features;
  int label = 0; // IncidentClass as int
  std::string group;
};

struct HeadEvaluation {
  int examples = 0;
  ConfusionMatrix confusion{}; // [truth][called], IncidentClass order
  CalibrationReport calibration;
  double accuracy = 0.0;
  double gunfire_recall = 0.0;             // gunfire examples called gunfire
  double non_gunfire_called_gunfire = 0.0; // fireworks/other examples called gunfire
  double mean_nll = 0.0;
  // How well P(gunfire) ranks gunfire above the rest, whatever the threshold: the area
  // under the ROC curve, and the best recall of "P(gunfire) >= t" whose non-gunfire called
  // gunfire stays <= 2 % (t chosen on this very set: descriptive, it says whether recall
  // is lost to the threshold — probabilities shrunk by the class mix — or to overlap).
  double gunfire_auc = 0.0;
  double recall_at_2pct_false = 0.0;
  double threshold_at_2pct_false = 1.0;
};
HeadEvaluation evaluateHead(const ClassifierHead &head, std::span<const LabelledExample> examples);
std::string formatHeadEvaluation(const HeadEvaluation &evaluation); // multi-line text
std::string headEvaluationJson(const HeadEvaluation &evaluation);   // a JSON object

struct HeadTrainingOptions {
  SoftmaxTrainingOptions softmax;
  int calibration_every = 4;   // every n-th group (sorted by name) calibrates, the rest trains
  bool balance_classes = true; // equal total weight a class in training (offsets recalibrate)
  // Groups whose name ends with this only ever train (e.g. examples gathered at
  // truth-predicted arrivals, unlike what the model meets in use); empty: none.
  std::string train_only_suffix;
  // Groups whose name ends with this are other views of the group named without it (e.g.
  // the scenario's events cut out as real-like recordings): they calibrate or train with
  // it, so one event never sits on both sides of the split; empty: none.
  std::string same_scene_suffix;
  // Features whose pairwise products (and squares) the softmax also sees; names not in
  // a head's feature list are skipped. Empty: a purely linear head.
  std::vector<std::string> pair_features;
  // The share of non-gunfire calibration examples the head's gunfire threshold may call
  // gunfire (fitGunfireThreshold); 0: the most probable class only.
  double gunfire_false_budget = 0.0;
};

// The default pair set: pulse shape, source level and its consistency, height, how many
// sensors heard it and the crack — per-shot physics whose meaning depends on each other
// (a lone impulse's level counts for gunfire only with a blast's shape).
const std::vector<std::string> &physicsPairFeatures();

// Every pair (i <= j) of the named features present in `featureNames`.
std::vector<FeaturePair> featurePairs(const std::vector<std::string> &featureNames,
                                      const std::vector<std::string> &pairFeatures);

struct HeadTrainingResult {
  ClassifierHead head;
  int train_examples = 0;
  int calibration_examples = 0;
  HeadEvaluation calibration_split; // after temperature scaling
};

// Standardises, fits the softmax on the training groups, fits the temperature on the
// calibration groups and evaluates there. Deterministic: same examples, same model.
// Throws std::invalid_argument when a class has no training example.
HeadTrainingResult trainHead(const std::vector<std::string> &featureNames,
                             std::span<const LabelledExample> examples,
                             const HeadTrainingOptions &options = {});

} // namespace salvo
