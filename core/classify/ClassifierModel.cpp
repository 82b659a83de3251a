#include "classify/ClassifierModel.h"

#include "common/InputError.h"
#include "common/Median.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

#ifndef SALVO_MODEL_SOURCE_DIR
#define SALVO_MODEL_SOURCE_DIR ""
#endif

namespace salvo {
namespace {

constexpr const char *kModelFileName = "salvo-classifier.json";
constexpr double kRifleCrackFraction = 0.6;
constexpr double kAerialVeto_m = 100.0;

QJsonArray toJson(const Eigen::VectorXd &v) {
  QJsonArray a;
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    a.append(v(i));
  }
  return a;
}

QJsonObject headToJson(const ClassifierHead &head) {
  QJsonObject o;
  QJsonArray names;
  for (const auto &n : head.feature_names) {
    names.append(QString::fromStdString(n));
  }
  o["features"] = names;
  QJsonArray pairs;
  for (const auto &[i, j] : head.pairs) {
    pairs.append(QJsonArray{i, j});
  }
  o["pairs"] = pairs; // products of standardised features, appended after them
  o["mean"] = toJson(head.standardizer.mean);
  o["scale"] = toJson(head.standardizer.scale);
  QJsonArray weights;
  for (Eigen::Index c = 0; c < head.softmax.weights.rows(); ++c) {
    weights.append(toJson(head.softmax.weights.row(c).transpose()));
  }
  o["weights"] = weights; // one row a class, the bias last
  o["temperature"] = head.softmax.temperature;
  o["class_offset"] = toJson(head.softmax.class_offset);
  o["gunfire_threshold"] = head.gunfire_threshold;
  return o;
}

class HeadReader {
public:
  HeadReader(std::string file, std::string item) : file_(std::move(file)), item_(std::move(item)) {}

  [[noreturn]] void fail(const std::string &field, const std::string &problem) const {
    throw InputError(file_, item_, field, problem);
  }

  Eigen::VectorXd vector(const QJsonObject &o, const char *field, Eigen::Index size) const {
    const QJsonValue value = o.value(field);
    if (!value.isArray()) {
      fail(field, value.isUndefined() ? "missing" : "not an array");
    }
    return numbers(value.toArray(), field, size);
  }

  Eigen::VectorXd numbers(const QJsonArray &a, const std::string &field, Eigen::Index size) const {
    if (a.size() != size) {
      fail(field, "has " + std::to_string(a.size()) + " values, expected " + std::to_string(size));
    }
    Eigen::VectorXd v(size);
    for (Eigen::Index i = 0; i < size; ++i) {
      const QJsonValue x = a.at(i);
      if (!x.isDouble() || !std::isfinite(x.toDouble())) {
        fail(field, "value " + std::to_string(i) + " is not a finite number");
      }
      v(i) = x.toDouble();
    }
    return v;
  }

  // The model's features as columns of the build's vector: every one must be known
  // (a feature this build does not compute cannot be filled), each only once.
  std::vector<Eigen::Index> inputColumns(const std::vector<std::string> &names,
                                         const std::vector<std::string> &buildNames) const {
    std::vector<Eigen::Index> columns;
    for (const std::string &name : names) {
      const auto it = std::find(buildNames.begin(), buildNames.end(), name);
      if (it == buildNames.end()) {
        fail("features", "'" + name +
                             "' is not a feature of this build of Salvo (model trained with "
                             "other features): retrain it with `salvo-cli train`");
      }
      const auto column = Eigen::Index(it - buildNames.begin());
      if (std::find(columns.begin(), columns.end(), column) != columns.end()) {
        fail("features", "'" + name + "' is listed twice");
      }
      columns.push_back(column);
    }
    return columns;
  }

  ClassifierHead read(const QJsonObject &o, const std::vector<std::string> &expectedNames) const {
    ClassifierHead head;
    const QJsonValue names = o.value("features");
    if (!names.isArray()) {
      fail("features", names.isUndefined() ? "missing" : "not an array");
    }
    for (const QJsonValue &n : names.toArray()) {
      head.feature_names.push_back(n.toString().toStdString());
    }
    if (head.feature_names != expectedNames) {
      head.input_columns = inputColumns(head.feature_names, expectedNames);
    }
    const auto d = Eigen::Index(head.feature_names.size());
    head.standardizer.mean = vector(o, "mean", d);
    head.standardizer.scale = vector(o, "scale", d);
    if ((head.standardizer.scale.array() <= 0.0).any()) {
      fail("scale", "every scale must be positive");
    }
    head.pairs = pairs(o, d);
    const Eigen::Index inputs = d + Eigen::Index(head.pairs.size());
    const QJsonValue weights = o.value("weights");
    if (!weights.isArray() || weights.toArray().size() != kClassCount) {
      fail("weights", "must be an array of " + std::to_string(kClassCount) + " rows");
    }
    head.softmax.weights.resize(kClassCount, inputs + 1);
    for (int c = 0; c < kClassCount; ++c) {
      const QJsonValue row = weights.toArray().at(c);
      if (!row.isArray()) {
        fail("weights", "row " + std::to_string(c) + " is not an array");
      }
      head.softmax.weights.row(c) = numbers(row.toArray(), "weights", inputs + 1).transpose();
    }
    const QJsonValue t = o.value("temperature");
    if (!t.isDouble() || !(t.toDouble() > 0.0) || !std::isfinite(t.toDouble())) {
      fail("temperature", "must be a positive number");
    }
    head.softmax.temperature = t.toDouble();
    head.softmax.class_offset = vector(o, "class_offset", kClassCount);
    if (o.contains("gunfire_threshold")) { // older models: the most probable class only
      const QJsonValue g = o.value("gunfire_threshold");
      if (!g.isDouble() || !(g.toDouble() > 0.0) || !std::isfinite(g.toDouble())) {
        fail("gunfire_threshold", "must be a positive number");
      }
      head.gunfire_threshold = g.toDouble();
    }
    return head;
  }

private:
  // Optional (models without products have none); each [i, j] indexes the features.
  std::vector<FeaturePair> pairs(const QJsonObject &o, Eigen::Index d) const {
    std::vector<FeaturePair> result;
    const QJsonValue value = o.value("pairs");
    if (value.isUndefined()) {
      return result;
    }
    if (!value.isArray()) {
      fail("pairs", "not an array");
    }
    for (const QJsonValue &p : value.toArray()) {
      const QJsonArray a = p.toArray();
      const auto valid = [&](const QJsonValue &x) {
        return x.isDouble() && x.toDouble() == std::floor(x.toDouble()) && x.toDouble() >= 0.0 &&
               x.toDouble() < double(d);
      };
      if (!p.isArray() || a.size() != 2 || !valid(a.at(0)) || !valid(a.at(1))) {
        fail("pairs", "entry " + std::to_string(result.size()) +
                          " is not a pair of feature indices below " + std::to_string(d));
      }
      result.push_back({a.at(0).toInt(), a.at(1).toInt()});
    }
    return result;
  }

  std::string file_;
  std::string item_;
};

std::array<double, kClassCount> toArray(const Eigen::VectorXd &p) {
  std::array<double, kClassCount> a{};
  for (int c = 0; c < kClassCount; ++c) {
    a[std::size_t(c)] = p(c);
  }
  return a;
}

void decide(Classification &result, double gunfireThreshold = 1.0) {
  const Eigen::RowVectorXd p =
      Eigen::Map<const Eigen::RowVectorXd>(result.scores.data(), kClassCount);
  const int called = calledClass(p, gunfireThreshold);
  result.incidentClass = static_cast<IncidentClass>(called);
  result.confidence = result.scores[std::size_t(called)];
}

} // namespace

Classification classifyWithoutEvidence(const ClassifierModel &model) {
  Classification result;
  result.scores = model.no_evidence_scores;
  decide(result);
  return result;
}

Eigen::MatrixXd ClassifierHead::design(const Eigen::MatrixXd &featureRows) const {
  if (!input_columns.empty()) {
    return withPairProducts(
        standardizer.apply(Eigen::MatrixXd(featureRows(Eigen::all, input_columns))), pairs);
  }
  return withPairProducts(standardizer.apply(featureRows), pairs);
}

std::array<double, kClassCount> ClassifierHead::scores(const Eigen::VectorXd &features) const {
  return toArray(softmax.probabilities(Eigen::VectorXd(design(features.transpose()).transpose())));
}

ClassifierModel loadClassifierModel(const std::filesystem::path &path) {
  const std::string file = path.string();
  QFile f(QString::fromStdString(file));
  if (!f.exists()) {
    throw InputError(file, "", "", "classifier model file not found");
  }
  if (!f.open(QIODevice::ReadOnly)) {
    throw InputError(file, "", "",
                     "cannot open the classifier model: " + f.errorString().toStdString());
  }
  QJsonParseError parseError;
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
  if (parseError.error != QJsonParseError::NoError) {
    throw InputError(file, "", "",
                     "not valid JSON (" + parseError.errorString().toStdString() + " at byte " +
                         std::to_string(parseError.offset) + ")");
  }
  if (!doc.isObject()) {
    throw InputError(file, "", "", "not a JSON object");
  }
  const QJsonObject root = doc.object();
  const QString format = root.value("format").toString();
  if (format != ClassifierModel::kFormat) {
    throw InputError(file, "", "format",
                     "is '" + format.toStdString() + "', expected '" + ClassifierModel::kFormat +
                         "' (a model from another version of Salvo: retrain it)");
  }
  ClassifierModel model;
  for (const auto &[key, names, head] :
       {std::tuple{"incident", &incidentFeatureNames(), &model.incident},
        std::tuple{"clip", &clipFeatureNames(), &model.clip}}) {
    const QJsonValue value = root.value(key);
    if (!value.isObject()) {
      throw InputError(file, key, "", "classifier head missing");
    }
    *head = HeadReader(file, key).read(value.toObject(), *names);
  }
  if (root.contains("no_evidence_scores")) {
    const Eigen::VectorXd p = HeadReader(file, "").numbers(
        root.value("no_evidence_scores").toArray(), "no_evidence_scores", kClassCount);
    if ((p.array() < 0.0).any() || std::abs(p.sum() - 1.0) > 1e-6) {
      throw InputError(file, "", "no_evidence_scores", "must be probabilities summing to 1");
    }
    model.no_evidence_scores = toArray(p);
  }
  const QJsonValue manifest = root.value("manifest");
  if (!manifest.isObject()) {
    throw InputError(file, "", "manifest", "missing: a model must say how it was trained");
  }
  model.manifest_json =
      QJsonDocument(manifest.toObject()).toJson(QJsonDocument::Compact).toStdString();
  return model;
}

void saveClassifierModel(const std::filesystem::path &path, const ClassifierModel &model) {
  QJsonObject root;
  root["format"] = ClassifierModel::kFormat;
  root["incident"] = headToJson(model.incident);
  root["clip"] = headToJson(model.clip);
  root["no_evidence_scores"] = QJsonArray{model.no_evidence_scores[0], model.no_evidence_scores[1],
                                          model.no_evidence_scores[2]};
  root["manifest"] =
      QJsonDocument::fromJson(QByteArray::fromStdString(model.manifest_json)).object();
  QSaveFile f(QString::fromStdString(path.string()));
  if (!f.open(QIODevice::WriteOnly)) {
    throw InputError(path.string(), "", "", "cannot write: " + f.errorString().toStdString());
  }
  f.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
  if (!f.commit()) {
    throw InputError(path.string(), "", "", "cannot write: " + f.errorString().toStdString());
  }
}

std::filesystem::path defaultClassifierModelPath() {
  if (const char *env = std::getenv("SALVO_CLASSIFIER_MODEL"); env != nullptr && *env != '\0') {
    return env;
  }
  if (QCoreApplication::instance() != nullptr) {
    const std::filesystem::path installed =
        std::filesystem::path(QCoreApplication::applicationDirPath().toStdString()) / ".." /
        "share" / "salvo" / "models" / kModelFileName;
    if (std::filesystem::exists(installed)) {
      return installed.lexically_normal();
    }
  }
  return std::filesystem::path(SALVO_MODEL_SOURCE_DIR) / kModelFileName;
}

bool isAutomaticCadence(const CadenceFeatures &cadence) {
  return cadence.rounds >= 3 && cadence.log_median_interval_s <= std::log10(0.16) &&
         cadence.interval_cv <= 0.35;
}

namespace {

// No muzzle is 100 m above the sensors round it (the tallest roofs in the simulated
// cities are 55 m, and located gunfire was never placed above 60 m), while a shell's
// stars burst 40..300 m up: the model's gunfire probability goes to fireworks.
void vetoAerialGunfire(const IncidentEvidence &incident, std::array<double, kClassCount> &scores) {
  std::vector<double> heights;
  for (const ShotEvidence &shot : incident.shots) {
    const double h = shotFeatures(shot).height_m;
    if (std::isfinite(h)) {
      heights.push_back(h);
    }
  }
  if (heights.empty()) {
    return;
  }
  if (upperMedian(std::move(heights)) > kAerialVeto_m) {
    scores[std::size_t(IncidentClass::Fireworks)] += scores[std::size_t(IncidentClass::Gunfire)];
    scores[std::size_t(IncidentClass::Gunfire)] = 0.0;
  }
}

} // namespace

Classification classifyIncident(const ClassifierModel &model, const IncidentEvidence &incident) {
  Classification result;
  result.scores = model.incident.scores(incidentFeatureVector(incident));
  vetoAerialGunfire(incident, result.scores);
  decide(result, model.incident.gunfire_threshold);
  result.rounds = int(incident.shots.size());
  if (result.incidentClass == IncidentClass::Gunfire && !incident.shots.empty()) {
    std::vector<double> times;
    double crack = 0.0;
    for (const ShotEvidence &shot : incident.shots) {
      times.push_back(
          nanosToSeconds(shot.emission_utc_ns - incident.shots.front().emission_utc_ns));
      crack += shotFeatures(shot).crack_fraction;
    }
    result.automatic = isAutomaticCadence(cadenceFeatures(times));
    // A crack only reaches sensors in the bullet's cone, but echoes of a blast look like
    // a crack/blast pair too: on the locator's simulated gunfire incidents the crack
    // fraction of handguns and shotguns reaches 0.5 as often as a rifle's (never above
    // 0.6), so "rifle" is said only when most sensor-shot pairs carry a crack.
    result.rifle = crack / double(incident.shots.size()) > kRifleCrackFraction;
  }
  return result;
}

Classification classifyClip(const ClassifierModel &model, std::span<const Pulse> pulses) {
  Classification result;
  const std::vector<ClipImpulse> impulses = clipImpulses(pulses);
  if (impulses.empty()) {
    // No impulse at all: nothing that could be gunfire.
    result.scores = {0.0, 0.0, 1.0};
    decide(result);
    return result;
  }
  result.scores = model.clip.scores(clipFeatureVector(pulses));
  decide(result, model.clip.gunfire_threshold);
  result.rounds = int(impulses.size());
  if (result.incidentClass == IncidentClass::Gunfire) {
    std::vector<double> times;
    int cracks = 0;
    for (const ClipImpulse &imp : impulses) {
      times.push_back(nanosToSeconds(imp.pulse.onset_utc_ns - impulses.front().pulse.onset_utc_ns));
      cracks += imp.has_crack ? 1 : 0;
    }
    result.automatic = isAutomaticCadence(cadenceFeatures(times));
    result.rifle = cracks * 2 >= int(impulses.size());
  }
  return result;
}

} // namespace salvo
