#include "CliCommand.h"
#include "SalvoVersion.h"
#include "classify/ClassifierTraining.h"
#include "classify/TrainingExamples.h"
#include "common/InputError.h"
#include "contract/Truth.h"
#include "sim/ScenarioPresets.h"
#include "sim/ScenarioWriter.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <array>
#include <optional>
#include <stdexcept>

namespace salvo::cli {
namespace {

struct SeedRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
};

std::optional<SeedRange> parseSeeds(const QString &text) {
  const QStringList parts = text.split(QLatin1Char('-'));
  bool ok1 = false, ok2 = false;
  if (parts.size() == 1) {
    const auto s = parts[0].toULongLong(&ok1);
    return ok1 ? std::optional<SeedRange>({s, s}) : std::nullopt;
  }
  if (parts.size() != 2) {
    return std::nullopt;
  }
  const auto a = parts[0].toULongLong(&ok1);
  const auto b = parts[1].toULongLong(&ok2);
  if (!ok1 || !ok2 || b < a) {
    return std::nullopt;
  }
  return SeedRange{a, b};
}

struct ExamplePool {
  std::vector<LabelledExample> incident;
  std::vector<LabelledExample> clip;
  QJsonArray sources;

  void add(ScenarioExamples &&e) {
    incident.insert(incident.end(), e.incident.begin(), e.incident.end());
    clip.insert(clip.end(), e.clip.begin(), e.clip.end());
  }
};

QJsonArray classCounts(const std::vector<LabelledExample> &examples) {
  std::array<int, kClassCount> n{};
  for (const auto &e : examples) {
    ++n[std::size_t(e.label)];
  }
  return QJsonArray{n[0], n[1], n[2]};
}

QJsonObject parseObject(const std::string &json) {
  return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
}

// The example cache: incident vectors are stored without their derived features (they
// are re-derived on load, so the derived set can change without re-simulating).
void saveExamplePools(const std::string &prefix, const ExamplePool &train,
                      const ExamplePool &test) {
  writeExamplesCsv(prefix + ".train-incident.csv", train.incident, incidentBaseFeatureNames());
  writeExamplesCsv(prefix + ".train-clip.csv", train.clip, clipFeatureNames());
  writeExamplesCsv(prefix + ".test-incident.csv", test.incident, incidentBaseFeatureNames());
  writeExamplesCsv(prefix + ".test-clip.csv", test.clip, clipFeatureNames());
}

void loadExamplePools(const std::string &prefix, ExamplePool &train, ExamplePool &test) {
  auto incidents = [](const std::string &path) {
    std::vector<LabelledExample> examples = readExamplesCsv(path, incidentBaseFeatureNames());
    for (LabelledExample &e : examples) {
      e.features = withDerivedIncidentFeatures(e.features);
    }
    return examples;
  };
  auto append = [](std::vector<LabelledExample> &to, std::vector<LabelledExample> from) {
    to.insert(to.end(), from.begin(), from.end());
  };
  append(train.incident, incidents(prefix + ".train-incident.csv"));
  append(train.clip, readExamplesCsv(prefix + ".train-clip.csv", clipFeatureNames()));
  append(test.incident, incidents(prefix + ".test-incident.csv"));
  append(test.clip, readExamplesCsv(prefix + ".test-clip.csv", clipFeatureNames()));
}

// One scenario folder with truth: detect, gather, label.
ScenarioExamples examplesFromFolder(const std::filesystem::path &folder,
                                    const ScenarioExampleOptions &options = {}) {
  const ScenarioFolder scenario = openScenarioFolder(folder);
  const ScenarioTruth truth = readScenarioTruth(folder / "truth.json");
  return scenarioExamples(scenario, truth, detectScenarioPulses(scenario), options);
}

// Scenario folders under `root` (or `root` itself), sorted: deterministic order.
std::vector<std::filesystem::path> scenarioFolders(const std::filesystem::path &root) {
  if (std::filesystem::exists(root / "sensors.json")) {
    return {root};
  }
  std::vector<std::filesystem::path> folders;
  if (std::filesystem::is_directory(root)) {
    for (const auto &entry : std::filesystem::directory_iterator(root)) {
      if (std::filesystem::exists(entry.path() / "sensors.json") &&
          std::filesystem::exists(entry.path() / "truth.json")) {
        folders.push_back(entry.path());
      }
    }
  }
  std::sort(folders.begin(), folders.end());
  if (folders.empty()) {
    throw InputError(root.string(), "", "", "holds no scenario folder with truth.json");
  }
  return folders;
}

int runTrain(const QStringList &arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Train the gunfire / fireworks / other classifier (incident and clip models) on "
      "simulated scenarios over many seeds and conditions, on scenario folders with truth and "
      "on labelled clip folders; calibrate it on held-out groups, evaluate it on held-out "
      "seeds and scenarios, and write the model with its manifest. Deterministic."));
  const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("Model file to write."),
                                     QStringLiteral("MODEL.json"));
  const QCommandLineOption seedsOption(QStringLiteral("sim-seeds"),
                                       QStringLiteral("Simulator seeds to train on, A-B."),
                                       QStringLiteral("A-B"));
  const QCommandLineOption presetsOption(
      QStringLiteral("presets"), QStringLiteral("Simulator presets (default all)."),
      QStringLiteral("LIST"), QStringLiteral("quiet,urban,celebration,hard"));
  const QCommandLineOption ratesOption(
      QStringLiteral("rates"),
      QStringLiteral("Sensor sample rates cycled over the seeds (default "
                     "12000,16000,8000,24000,12000,48000)."),
      QStringLiteral("LIST"), QStringLiteral("12000,16000,8000,24000,12000,48000"));
  const QCommandLineOption durationOption(QStringLiteral("sim-duration"),
                                          QStringLiteral("Seconds per simulated scenario."),
                                          QStringLiteral("S"));
  const QCommandLineOption testSeedsOption(
      QStringLiteral("test-seeds"),
      QStringLiteral("Held-out simulator seeds to evaluate on (never trained on)."),
      QStringLiteral("A-B"));
  const QCommandLineOption scenariosOption(
      QStringLiteral("scenarios"),
      QStringLiteral("Scenario folder(s) with truth.json to train on (repeatable)."),
      QStringLiteral("DIR"));
  const QCommandLineOption testScenariosOption(
      QStringLiteral("test-scenarios"),
      QStringLiteral("Scenario folder(s) with truth.json to evaluate on (repeatable)."),
      QStringLiteral("DIR"));
  const QCommandLineOption dataOption(
      QStringLiteral("data"),
      QStringLiteral("Labelled clips: DIR/gunfire, DIR/fireworks, DIR/other (repeatable)."),
      QStringLiteral("DIR"));
  const QCommandLineOption l2Option(QStringLiteral("l2"), QStringLiteral("Ridge (default 0.01)."),
                                    QStringLiteral("L2"), QStringLiteral("0.01"));
  const QCommandLineOption saveExamplesOption(
      QStringLiteral("save-examples"),
      QStringLiteral(
          "Also write the gathered examples to PREFIX.{train,test}-{incident,clip}.csv."),
      QStringLiteral("PREFIX"));
  const QCommandLineOption loadExamplesOption(
      QStringLiteral("load-examples"),
      QStringLiteral(
          "Add examples written earlier by --save-examples (no re-simulation; repeatable)."),
      QStringLiteral("PREFIX"));
  const QCommandLineOption fragmentsOption(
      QStringLiteral("fragments"),
      QStringLiteral("Also train on N single shots of every multi-shot training event (default 0; "
                     "held-out data is never fragmented)."),
      QStringLiteral("N"), QStringLiteral("0"));
  const QCommandLineOption noteOption(
      QStringLiteral("note"),
      QStringLiteral("Free text kept in the manifest (e.g. how loaded examples were made)."),
      QStringLiteral("TEXT"));
  parser.addOptions({fragmentsOption, noteOption, outOption, seedsOption, presetsOption,
                     ratesOption, durationOption, testSeedsOption, scenariosOption,
                     testScenariosOption, dataOption, l2Option, saveExamplesOption,
                     loadExamplesOption});
  int exitCode = kExitOk;
  if (!parseCommandLine(parser, arguments, exitCode)) {
    return exitCode;
  }
  auto usage = [&](const QString &message) {
    err() << "salvo-cli train: " << message << "\n" << commandHelpText(parser, arguments);
    err().flush();
    return kExitUsage;
  };
  if (!parser.isSet(outOption)) {
    return usage(QStringLiteral("--out is required"));
  }
  std::optional<SeedRange> seeds, testSeeds;
  if (parser.isSet(seedsOption) && !(seeds = parseSeeds(parser.value(seedsOption)))) {
    return usage(QStringLiteral("--sim-seeds must be A-B"));
  }
  if (parser.isSet(testSeedsOption) && !(testSeeds = parseSeeds(parser.value(testSeedsOption)))) {
    return usage(QStringLiteral("--test-seeds must be A-B"));
  }
  if (seeds && testSeeds && !(testSeeds->last < seeds->first || testSeeds->first > seeds->last)) {
    return usage(QStringLiteral("--test-seeds must not overlap --sim-seeds"));
  }
  const QStringList presets = parser.value(presetsOption).split(QLatin1Char(','));
  std::vector<double> rates;
  for (const QString &r : parser.value(ratesOption).split(QLatin1Char(','))) {
    bool ok = false;
    rates.push_back(r.toDouble(&ok));
    if (!ok || rates.back() < 4000.0) {
      return usage(QStringLiteral("--rates must be sample rates in Hz"));
    }
  }
  std::optional<double> duration;
  if (parser.isSet(durationOption)) {
    bool ok = false;
    duration = parser.value(durationOption).toDouble(&ok);
    if (!ok || *duration <= 0.0) {
      return usage(QStringLiteral("--sim-duration must be a positive number of seconds"));
    }
  }
  bool ok = false;
  ScenarioExampleOptions exampleOptions;
  exampleOptions.fragment_examples = parser.value(fragmentsOption).toInt(&ok);
  if (!ok || exampleOptions.fragment_examples < 0) {
    return usage(QStringLiteral("--fragments must be a count >= 0"));
  }
  HeadTrainingOptions trainOptions;
  trainOptions.softmax.l2 = parser.value(l2Option).toDouble(&ok);
  if (!ok || trainOptions.softmax.l2 < 0.0) {
    return usage(QStringLiteral("--l2 must be a non-negative number"));
  }
  if (!seeds && !parser.isSet(scenariosOption) && !parser.isSet(dataOption) &&
      !parser.isSet(loadExamplesOption)) {
    return usage(
        QStringLiteral("give training data: --sim-seeds, --scenarios, --data or --load-examples"));
  }

  QTemporaryDir work;
  auto simulate = [&](const QString &preset, std::uint64_t seed, ExamplePool &pool, bool training) {
    sim::ScenarioRequest request;
    request.preset = preset.toStdString();
    request.seed = seed;
    request.sample_rate_hz = rates[std::size_t(seed % rates.size())];
    request.duration_s = duration;
    const std::filesystem::path folder = std::filesystem::path(work.path().toStdString()) /
                                         (preset.toStdString() + "-" + std::to_string(seed));
    sim::writeScenarioFolder(sim::buildScenario(request), folder);
    ScenarioExamples e =
        examplesFromFolder(folder, training ? exampleOptions : ScenarioExampleOptions{});
    out() << "  " << preset << " seed " << seed << " @ " << *request.sample_rate_hz
          << " Hz: " << e.incident.size() << " incidents, " << e.clip.size() << " clips ("
          << e.events_without_shots << " of " << e.events
          << " events not heard on enough sensors)\n";
    out().flush();
    pool.add(std::move(e));
    std::filesystem::remove_all(folder);
  };

  try {
    QElapsedTimer timer;
    timer.start();
    ExamplePool train, test;
    QJsonObject manifest, data;
    if (seeds) {
      out() << "simulating and gathering training examples\n";
      for (std::uint64_t seed = seeds->first; seed <= seeds->last; ++seed) {
        for (const QString &preset : presets) {
          simulate(preset, seed, train, true);
        }
      }
    }
    QJsonArray scenarioList, dataList, testScenarioList;
    for (const QString &dir : parser.values(scenariosOption)) {
      for (const auto &folder : scenarioFolders(dir.toStdString())) {
        train.add(examplesFromFolder(folder, exampleOptions));
        scenarioList.append(QString::fromStdString(folder.string()));
      }
    }
    for (const QString &dir : parser.values(dataOption)) {
      const auto clips = labelledFolderClipExamples(dir.toStdString());
      train.clip.insert(train.clip.end(), clips.begin(), clips.end());
      dataList.append(dir);
    }
    if (testSeeds) {
      out() << "held-out simulator seeds\n";
      for (std::uint64_t seed = testSeeds->first; seed <= testSeeds->last; ++seed) {
        for (const QString &preset : presets) {
          simulate(preset, seed, test, false);
        }
      }
    }
    for (const QString &dir : parser.values(testScenariosOption)) {
      for (const auto &folder : scenarioFolders(dir.toStdString())) {
        test.add(examplesFromFolder(folder));
        testScenarioList.append(QString::fromStdString(folder.string()));
      }
    }
    if (parser.isSet(saveExamplesOption)) {
      saveExamplePools(parser.value(saveExamplesOption).toStdString(), train, test);
    }
    QJsonArray loaded;
    for (const QString &prefix : parser.values(loadExamplesOption)) {
      loadExamplePools(prefix.toStdString(), train, test);
      loaded.append(prefix);
    }
    data["loaded_examples"] = loaded;
    out() << "training on " << train.incident.size() << " incidents and " << train.clip.size()
          << " clips\n";
    const HeadTrainingResult incident =
        trainHead(incidentFeatureNames(), train.incident, trainOptions);
    const HeadTrainingResult clip = trainHead(clipFeatureNames(), train.clip, trainOptions);
    out() << "incident model, calibration split (T = " << incident.head.softmax.temperature
          << "):\n"
          << QString::fromStdString(formatHeadEvaluation(incident.calibration_split))
          << "clip model, calibration split (T = " << clip.head.softmax.temperature << "):\n"
          << QString::fromStdString(formatHeadEvaluation(clip.calibration_split));

    QJsonObject heldOut;
    if (!test.incident.empty() || !test.clip.empty()) {
      const HeadEvaluation ei = evaluateHead(incident.head, test.incident);
      const HeadEvaluation ec = evaluateHead(clip.head, test.clip);
      out() << "incident model, held out:\n"
            << QString::fromStdString(formatHeadEvaluation(ei)) << "clip model, held out:\n"
            << QString::fromStdString(formatHeadEvaluation(ec));
      heldOut["incident"] = parseObject(headEvaluationJson(ei));
      heldOut["clip"] = parseObject(headEvaluationJson(ec));
    }

    manifest["salvo_version"] = QStringLiteral(SALVO_VERSION_STRING);
    if (parser.isSet(noteOption)) {
      manifest["note"] = parser.value(noteOption);
    }
    manifest["model"] = QStringLiteral("multinomial logistic regression (Newton, L2) on "
                                       "standardised physical features, temperature-scaled");
    manifest["l2"] = trainOptions.softmax.l2;
    manifest["calibration"] = QStringLiteral("temperature scaling on every 4th training group");
    if (seeds) {
      data["sim_seeds"] = QStringLiteral("%1-%2").arg(seeds->first).arg(seeds->last);
      data["presets"] = QJsonArray::fromStringList(presets);
      data["sample_rates_hz"] = parser.value(ratesOption);
      if (duration) {
        data["sim_duration_s"] = *duration;
      }
    }
    data["scenarios"] = scenarioList;
    data["labelled_folders"] = dataList;
    data["incident_examples_by_class"] = classCounts(train.incident);
    data["clip_examples_by_class"] = classCounts(train.clip);
    manifest["training_data"] = data;
    QJsonObject held;
    if (testSeeds) {
      held["sim_seeds"] = QStringLiteral("%1-%2").arg(testSeeds->first).arg(testSeeds->last);
    }
    held["scenarios"] = testScenarioList;
    held["metrics"] = heldOut;
    manifest["held_out"] = held;
    manifest["calibration_split"] =
        QJsonObject{{"incident", parseObject(headEvaluationJson(incident.calibration_split))},
                    {"clip", parseObject(headEvaluationJson(clip.calibration_split))}};
    manifest["class_order"] = QJsonArray{"gunfire", "fireworks", "other"};

    ClassifierModel model;
    model.incident = incident.head;
    model.clip = clip.head;
    model.manifest_json = QJsonDocument(manifest).toJson(QJsonDocument::Compact).toStdString();
    saveClassifierModel(parser.value(outOption).toStdString(), model);
    out() << "wrote " << parser.value(outOption) << " in "
          << QString::number(double(timer.elapsed()) / 1000.0, 'f', 1) << " s\n";
    out().flush();
  } catch (const InputError &error) {
    err() << "salvo-cli train: " << error.what() << "\n";
    err().flush();
    return kExitFailure;
  } catch (const std::invalid_argument &error) {
    err() << "salvo-cli train: " << error.what() << "\n";
    err().flush();
    return kExitFailure;
  } catch (const std::filesystem::filesystem_error &error) {
    err() << "salvo-cli train: " << error.what() << "\n";
    err().flush();
    return kExitFailure;
  }
  return kExitOk;
}

} // namespace

SALVO_CLI_COMMAND("train", "Train the gunfire / fireworks / other classifier", runTrain);

} // namespace salvo::cli
