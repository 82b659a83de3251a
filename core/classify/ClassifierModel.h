#pragma once

#include "classify/ClassFeatures.h"
#include "classify/SoftmaxModel.h"
#include "contract/Incidents.h"

#include <array>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace salvo {

// One trained classifier over one feature set: the names of its features (checked
// against the build's on load), their standardisation and the calibrated softmax.
struct ClassifierHead {
  std::vector<std::string> feature_names;
  FeatureStandardizer standardizer;
  std::vector<FeaturePair> pairs; // products of standardised features the softmax also sees
  SoftmaxModel softmax;
  // Gunfire is called whenever P(gunfire) reaches this, even when another class is more
  // probable (calledClass); 1: the most probable class only. Fitted on the calibration
  // groups to a false-gunfire budget ("gunfire_threshold", optional in the file).
  double gunfire_threshold = 1.0;
  // Where each of feature_names sits in the build's feature vector when the model uses
  // fewer features than the build computes (a model trained before features were
  // added); empty: the build's features in the build's order.
  std::vector<Eigen::Index> input_columns;

  // What the softmax sees (rows of the build's features): standardised features, then the pair
  // products.
  Eigen::MatrixXd design(const Eigen::MatrixXd &featureRows) const;
  std::array<double, kClassCount> scores(const Eigen::VectorXd &features) const;
};

// The model file (JSON, format "salvo-classifier/1"): an incident head (located shots:
// source level, height, cadence) and a clip head (one recording: pulse shape and
// cadence), plus the manifest of how they were trained.
struct ClassifierModel {
  static constexpr const char *kFormat = "salvo-classifier/1";
  ClassifierHead incident;
  ClassifierHead clip;
  std::string manifest_json = "{}"; // a JSON object: data, seeds, version, held-out metrics
  // Class probabilities for a located incident none of whose shots matches pulses on two
  // sensors (nothing for the heads to judge): the class mix of such incidents in
  // training ("no_evidence_scores", optional in the file).
  std::array<double, kClassCount> no_evidence_scores{0.0, 0.0, 1.0};
};

// Throws InputError naming the file and what is wrong: missing, unreadable, not JSON,
// another format or version, a feature this build does not compute, sizes that do not
// agree, a non-finite number. A model using a subset of the build's features (trained
// before features were added) loads and reads only its own.
ClassifierModel loadClassifierModel(const std::filesystem::path &path);
void saveClassifierModel(const std::filesystem::path &path, const ClassifierModel &model);

// Where the shipped model is looked for: $SALVO_CLASSIFIER_MODEL, then
// <executable dir>/../share/salvo/models/salvo-classifier.json (installed), then the
// source tree's resources/models/salvo-classifier.json (build tree).
std::filesystem::path defaultClassifierModelPath();

struct Classification {
  IncidentClass incidentClass = IncidentClass::Other;
  double confidence = 0.0;                  // calibrated probability of incidentClass
  std::array<double, kClassCount> scores{}; // IncidentClass order
  int rounds = 0;
  // Gunfire only: fully automatic when the cadence is a weapon's cyclic rate; rifle
  // when a supersonic bullet's N-wave crack precedes the muzzle blast.
  bool automatic = false;
  bool rifle = false;
};

Classification classifyIncident(const ClassifierModel &model, const IncidentEvidence &incident);
Classification classifyClip(const ClassifierModel &model, std::span<const Pulse> pulses);
// The call for an incident with no evidence: model.no_evidence_scores.
Classification classifyWithoutEvidence(const ClassifierModel &model);

// Cyclic rates of automatic weapons are 400..1200 rounds a minute (50..150 ms between
// rounds, machine-regular); a person pulling a trigger rarely beats 6 a second.
bool isAutomaticCadence(const CadenceFeatures &cadence);

} // namespace salvo
