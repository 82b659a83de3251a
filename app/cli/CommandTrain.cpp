#include "CliCommand.h"
#include "SalvoVersion.h"
#include "classify/ClassifierTraining.h"
#include "classify/LocatedExamples.h"
#include "classify/TrainingExamples.h"
#include "common/InputError.h"
#include "contract/Truth.h"
#include "sim/ScenarioPresets.h"
#include "sim/ScenarioWriter.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>
#include <array>
#include <atomic>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

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

// --pairs: 'physics', 'none' or feature names (each must be an incident or clip feature).
std::optional<std::vector<std::string>> pairFeatureList(const QString &text) {
  if (text == QStringLiteral("physics")) {
    return physicsPairFeatures();
  }
  std::vector<std::string> names;
  if (text == QStringLiteral("none")) {
    return names;
  }
  const auto &incident = incidentFeatureNames();
  const auto &clip = clipFeatureNames();
  for (const QString &name : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    const std::string n = name.trimmed().toStdString();
    if (std::find(incident.begin(), incident.end(), n) == incident.end() &&
        std::find(clip.begin(), clip.end(), n) == clip.end()) {
      return std::nullopt;
    }
    names.push_back(n);
  }
  return names;
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

// Group suffix of truth-gathered incident examples when the locator's are the main ones.
constexpr const char *kTruthGroupSuffix = "/truth";
// Group suffix of a training scenario's real-like recordings (--real-like): they calibrate
// or train with their scenario, and example caches can be filtered by it.
constexpr const char *kRealLikeGroupSuffix = "/real";

// One scenario to gather examples from: simulated (preset, seed) or a folder with truth.
struct ScenarioJob {
  QString preset; // empty for a folder
  std::uint64_t seed = 0;
  std::filesystem::path folder;
  bool training = true;
};

struct JobSettings {
  std::vector<double> rates;
  std::optional<double> duration_s;
  std::filesystem::path work_dir;
  ScenarioExampleOptions training_options;
  bool locate = false;
  std::map<QString, int> real_like_draws; // preset -> recordings cut out of each event
};

ScenarioTrainingData runJob(const ScenarioJob &job, const JobSettings &settings, QString &line) {
  const ScenarioExampleOptions options =
      job.training ? settings.training_options : ScenarioExampleOptions{};
  if (job.preset.isEmpty()) {
    ScenarioTrainingData data = scenarioTrainingData(job.folder, options, settings.locate);
    line = QStringLiteral("  %1").arg(QString::fromStdString(job.folder.filename().string()));
    return data;
  }
  sim::ScenarioRequest request;
  request.preset = job.preset.toStdString();
  request.seed = job.seed;
  request.sample_rate_hz = settings.rates[std::size_t(job.seed % settings.rates.size())];
  request.duration_s = settings.duration_s;
  const std::filesystem::path folder =
      settings.work_dir / (request.preset + "-" + std::to_string(job.seed));
  sim::writeScenarioFolder(sim::buildScenario(request), folder);
  const auto draws = settings.real_like_draws.find(job.preset);
  ScenarioTrainingData data =
      scenarioTrainingData(folder, options, settings.locate,
                           draws == settings.real_like_draws.end() ? 0 : draws->second);
  std::filesystem::remove_all(folder);
  line = QStringLiteral("  %1 seed %2 @ %3 Hz")
             .arg(job.preset)
             .arg(job.seed)
             .arg(*request.sample_rate_hz);
  return data;
}

QString jobSummary(const ScenarioTrainingData &d) {
  QString text = QStringLiteral(": %1 truth-gathered incidents, %2 clips (%3 of %4 events not "
                                "heard on enough sensors)")
                     .arg(d.truth_gathered.incident.size())
                     .arg(d.truth_gathered.clip.size())
                     .arg(d.truth_gathered.events_without_shots)
                     .arg(d.truth_gathered.events);
  if (d.located) {
    text += QStringLiteral("; located %1 incidents: %2 examples, %3 ghosts, %4 without "
                           "evidence (detect %5 s, associate %6 s)")
                .arg(d.located->incidents)
                .arg(d.located->incident.size())
                .arg(d.located->ghosts)
                .arg(d.located->no_evidence)
                .arg(d.detect_seconds, 0, 'f', 1)
                .arg(d.associate_seconds, 0, 'f', 1);
  }
  if (d.real_like) {
    text += QStringLiteral("; real-like recordings: %1 incidents, %2 examples, %3 ghosts")
                .arg(d.real_like->incidents)
                .arg(d.real_like->incident.size())
                .arg(d.real_like->ghosts);
  }
  return text;
}

// Held-out scenario folders (other simulators, recordings) are reported apart from the
// held-out simulator seeds: their groups carry kSharedGroupPrefix.
constexpr const char *kSharedGroupPrefix = "shared:";
// Held-out real-like recordings (--real-like on held-out seeds) are reported apart too.
constexpr const char *kRealLikeGroupPrefix = "real-like:";

void markShared(ScenarioTrainingData &d) {
  auto mark = [](std::vector<LabelledExample> &examples) {
    for (LabelledExample &e : examples) {
      e.group = kSharedGroupPrefix + e.group;
    }
  };
  mark(d.truth_gathered.incident);
  mark(d.truth_gathered.clip);
  if (d.located) {
    mark(d.located->incident);
  }
}

// The held-out examples of one origin: "" (simulator seeds), kSharedGroupPrefix or
// kRealLikeGroupPrefix.
std::vector<LabelledExample> withGroupPrefix(const std::vector<LabelledExample> &examples,
                                             const std::string &prefix) {
  std::vector<LabelledExample> out;
  for (const LabelledExample &e : examples) {
    const bool shared = e.group.starts_with(kSharedGroupPrefix);
    const bool realLike = e.group.starts_with(kRealLikeGroupPrefix);
    const bool simulated = !shared && !realLike;
    if (prefix.empty() ? simulated : e.group.starts_with(prefix)) {
      out.push_back(e);
    }
  }
  return out;
}

// Held-out incidents split by where they came from (the preset, or the shared folder)
// and, across them all, the one-round ones: a lone impulse is the hard case, and the real
// acceptance data (handguns firing 1 or 3 rounds) is mostly that.
std::vector<std::pair<std::string, std::vector<LabelledExample>>>
heldOutSubsets(const std::vector<LabelledExample> &examples) {
  std::map<std::string, std::vector<LabelledExample>> byOrigin;
  std::vector<LabelledExample> oneRound;
  const auto &names = incidentFeatureNames();
  const auto rounds =
      Eigen::Index(std::find(names.begin(), names.end(), "incident.log2_rounds") - names.begin());
  for (const LabelledExample &e : examples) {
    const std::size_t dash = e.group.rfind('-');
    byOrigin[dash == std::string::npos ? e.group : e.group.substr(0, dash)].push_back(e);
    if (rounds < e.features.size() && e.features(rounds) < 0.5) {
      oneRound.push_back(e);
    }
  }
  std::vector<std::pair<std::string, std::vector<LabelledExample>>> subsets(byOrigin.begin(),
                                                                            byOrigin.end());
  subsets.emplace_back("one-round", std::move(oneRound));
  return subsets;
}

// Runs the jobs on `threads` workers; results in job order (deterministic whatever the
// finishing order). The first error is rethrown.
std::vector<ScenarioTrainingData> runJobs(const std::vector<ScenarioJob> &jobs,
                                          const JobSettings &settings, int threads) {
  std::vector<ScenarioTrainingData> results(jobs.size());
  std::vector<std::exception_ptr> errors(jobs.size());
  std::atomic<std::size_t> next{0};
  std::mutex printing;
  auto work = [&] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      try {
        QString line;
        results[i] = runJob(jobs[i], settings, line);
        const std::lock_guard lock(printing);
        out() << line << jobSummary(results[i]) << "\n";
        out().flush();
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) {
    pool.emplace_back(work);
  }
  work();
  for (std::thread &t : pool) {
    t.join();
  }
  for (const auto &e : errors) {
    if (e) {
      std::rethrow_exception(e);
    }
  }
  return results;
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
      QStringLiteral("presets"),
      QStringLiteral("Simulator presets (default all); NAME:N uses that preset for the first N "
                     "seeds of each range only (e.g. celebration:12, whose scenarios cost most)."),
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
  const QCommandLineOption pairsOption(
      QStringLiteral("pairs"),
      QStringLiteral("Features whose pairwise products the model also sees: comma-separated "
                     "names, 'physics' (the default set) or 'none'."),
      QStringLiteral("LIST"), QStringLiteral("physics"));
  const QCommandLineOption gunfireBudgetOption(
      QStringLiteral("gunfire-false-budget"),
      QStringLiteral("Share of non-gunfire calibration examples a gunfire threshold below the "
                     "most probable class may call gunfire (default 0: the most probable class "
                     "only)."),
      QStringLiteral("F"), QStringLiteral("0"));
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
  const QCommandLineOption realLikeOption(
      QStringLiteral("real-like"),
      QStringLiteral("With --locate: also cut every event of these presets' scenarios out as a "
                     "held-out real recording is (at most 6 sensors 60-800 m away, its few "
                     "seconds), locate each alone and add its incidents as examples; "
                     "PRESET:N cuts N sensor draws an event (default 1). Held-out seeds' ones "
                     "are reported apart."),
      QStringLiteral("LIST"));
  const QCommandLineOption noteOption(
      QStringLiteral("note"),
      QStringLiteral("Free text kept in the manifest (e.g. how loaded examples were made)."),
      QStringLiteral("TEXT"));
  const QCommandLineOption locateOption(
      QStringLiteral("locate"),
      QStringLiteral("Incident examples are the incidents the real locate pipeline emits for each "
                     "scenario, labelled by matching them to truth as `evaluate` does (ghosts: "
                     "other), instead of shots gathered at truth-predicted arrivals."));
  const QCommandLineOption truthIncidentsOption(
      QStringLiteral("truth-incidents"),
      QStringLiteral("With --locate: also train on the truth-gathered incident examples."));
  const QCommandLineOption jobsOption(QStringLiteral("jobs"),
                                      QStringLiteral("Scenarios processed at once (default 1)."),
                                      QStringLiteral("N"), QStringLiteral("1"));
  const QCommandLineOption workDirOption(
      QStringLiteral("work-dir"),
      QStringLiteral("Where simulated scenarios are written while in use (default: a temporary "
                     "folder)."),
      QStringLiteral("DIR"));
  parser.addOptions(
      {locateOption, truthIncidentsOption, jobsOption, workDirOption, realLikeOption});
  parser.addOptions({fragmentsOption, noteOption, outOption, seedsOption, presetsOption,
                     ratesOption, durationOption, testSeedsOption, scenariosOption,
                     testScenariosOption, dataOption, l2Option, pairsOption, saveExamplesOption,
                     loadExamplesOption, gunfireBudgetOption});
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
  // preset -> how many seeds of a range use it (all when not limited)
  std::vector<std::pair<QString, std::uint64_t>> presetSeeds;
  for (const QString &entry : presets) {
    const QStringList parts = entry.split(QLatin1Char(':'));
    bool countOk = parts.size() == 1;
    const std::uint64_t count = parts.size() == 2 ? parts[1].toULongLong(&countOk) : ~0ULL;
    if (!countOk || parts.size() > 2 || parts[0].isEmpty()) {
      return usage(QStringLiteral("--presets must be NAME or NAME:N, comma-separated"));
    }
    presetSeeds.emplace_back(parts[0], count);
  }
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
  trainOptions.gunfire_false_budget = parser.value(gunfireBudgetOption).toDouble(&ok);
  if (!ok || trainOptions.gunfire_false_budget < 0.0 || trainOptions.gunfire_false_budget >= 1.0) {
    return usage(QStringLiteral("--gunfire-false-budget must be a share in [0, 1)"));
  }
  const auto pairFeatures = pairFeatureList(parser.value(pairsOption));
  if (!pairFeatures) {
    return usage(QStringLiteral("--pairs must be 'physics', 'none' or feature names"));
  }
  trainOptions.pair_features = *pairFeatures;
  if (!seeds && !parser.isSet(scenariosOption) && !parser.isSet(dataOption) &&
      !parser.isSet(loadExamplesOption)) {
    return usage(
        QStringLiteral("give training data: --sim-seeds, --scenarios, --data or --load-examples"));
  }

  const int jobs = parser.value(jobsOption).toInt(&ok);
  if (!ok || jobs < 1 || jobs > 64) {
    return usage(QStringLiteral("--jobs must be 1..64"));
  }
  QTemporaryDir temporary;
  JobSettings settings;
  settings.rates = rates;
  settings.duration_s = duration;
  settings.training_options = exampleOptions;
  settings.locate = parser.isSet(locateOption);
  settings.work_dir = parser.isSet(workDirOption)
                          ? std::filesystem::path(parser.value(workDirOption).toStdString())
                          : std::filesystem::path(temporary.path().toStdString());
  const bool truthIncidents = !settings.locate || parser.isSet(truthIncidentsOption);
  for (const QString &entry :
       parser.value(realLikeOption).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    const QStringList parts = entry.split(QLatin1Char(':'));
    bool drawsOk = parts.size() == 1;
    const int draws = parts.size() == 2 ? parts[1].toInt(&drawsOk) : 1;
    if (!drawsOk || parts.size() > 2 || parts[0].isEmpty() || draws < 1 || draws > 20) {
      return usage(
          QStringLiteral("--real-like must be PRESET or PRESET:N (N 1..20), comma-separated"));
    }
    settings.real_like_draws[parts[0]] = draws;
  }
  if (!settings.real_like_draws.empty() && !settings.locate) {
    return usage(QStringLiteral("--real-like needs --locate"));
  }

  try {
    QElapsedTimer timer;
    timer.start();
    std::filesystem::create_directories(settings.work_dir);
    ExamplePool train, test;
    QJsonObject manifest, data;
    QJsonArray scenarioList, dataList, testScenarioList;
    std::vector<ScenarioJob> jobList;
    if (seeds) {
      for (std::uint64_t seed = seeds->first; seed <= seeds->last; ++seed) {
        for (const auto &[preset, count] : presetSeeds) {
          if (seed - seeds->first < count) {
            jobList.push_back({preset, seed, {}, true});
          }
        }
      }
    }
    for (const QString &dir : parser.values(scenariosOption)) {
      for (const auto &folder : scenarioFolders(dir.toStdString())) {
        jobList.push_back({{}, 0, folder, true});
        scenarioList.append(QString::fromStdString(folder.filename().string()));
      }
    }
    if (testSeeds) {
      for (std::uint64_t seed = testSeeds->first; seed <= testSeeds->last; ++seed) {
        for (const auto &[preset, count] : presetSeeds) {
          jobList.push_back({preset, seed, {}, false});
        }
      }
    }
    for (const QString &dir : parser.values(testScenariosOption)) {
      for (const auto &folder : scenarioFolders(dir.toStdString())) {
        jobList.push_back({{}, 0, folder, false});
        testScenarioList.append(QString::fromStdString(folder.filename().string()));
      }
    }
    out() << "gathering examples from " << jobList.size() << " scenarios"
          << (settings.locate ? " through the locate pipeline" : "") << " on " << jobs
          << " thread(s)\n";
    out().flush();
    const std::vector<ScenarioTrainingData> gathered = runJobs(jobList, settings, jobs);
    QJsonObject locatedCounts{{"incidents", 0}, {"ghosts", 0}, {"no_evidence", 0}};
    std::array<int, kClassCount> noEvidence{};
    std::vector<std::pair<double, bool>> crackFractions; // located gunfire: crack, rifle
    for (std::size_t i = 0; i < jobList.size(); ++i) {
      ScenarioTrainingData d = gathered[i];
      ExamplePool &pool = jobList[i].training ? train : test;
      if (!jobList[i].training && !jobList[i].folder.empty()) {
        markShared(d);
      }
      pool.clip.insert(pool.clip.end(), d.truth_gathered.clip.begin(), d.truth_gathered.clip.end());
      if (d.located) {
        pool.incident.insert(pool.incident.end(), d.located->incident.begin(),
                             d.located->incident.end());
        locatedCounts["incidents"] = locatedCounts["incidents"].toInt() + d.located->incidents;
        locatedCounts["ghosts"] = locatedCounts["ghosts"].toInt() + d.located->ghosts;
        locatedCounts["no_evidence"] =
            locatedCounts["no_evidence"].toInt() + d.located->no_evidence;
        crackFractions.insert(crackFractions.end(), d.located->gunfire_crack_fraction.begin(),
                              d.located->gunfire_crack_fraction.end());
        for (std::size_t c = 0; c < noEvidence.size() && jobList[i].training; ++c) {
          noEvidence[c] += d.located->no_evidence_by_class[c];
        }
      }
      if (d.real_like) {
        for (LabelledExample e : d.real_like->incident) {
          e.group =
              jobList[i].training ? e.group + kRealLikeGroupSuffix : kRealLikeGroupPrefix + e.group;
          pool.incident.push_back(std::move(e));
        }
      }
      if (!d.located) {
        pool.incident.insert(pool.incident.end(), d.truth_gathered.incident.begin(),
                             d.truth_gathered.incident.end());
      } else if (jobList[i].training) {
        // Kept (in the example cache too) under their own group; used with --truth-incidents.
        for (LabelledExample e : d.truth_gathered.incident) {
          e.group += kTruthGroupSuffix;
          pool.incident.push_back(std::move(e));
        }
      }
    }
    for (const QString &dir : parser.values(dataOption)) {
      const auto clips = labelledFolderClipExamples(dir.toStdString());
      train.clip.insert(train.clip.end(), clips.begin(), clips.end());
      dataList.append(QFileInfo(dir).fileName());
    }
    if (parser.isSet(saveExamplesOption)) {
      saveExamplePools(parser.value(saveExamplesOption).toStdString(), train, test);
    }
    QJsonArray loaded;
    for (const QString &prefix : parser.values(loadExamplesOption)) {
      loadExamplePools(prefix.toStdString(), train, test);
      loaded.append(QFileInfo(prefix).fileName());
    }
    data["incident_examples"] = settings.locate
                                    ? (truthIncidents ? QStringLiteral("locator and truth-gathered")
                                                      : QStringLiteral("locator"))
                                    : QStringLiteral("truth-gathered");
    if (settings.locate && !jobList.empty()) { // not known for loaded examples
      data["located"] = locatedCounts;
    }
    data["loaded_examples"] = loaded;
    if (!crackFractions.empty()) {
      out() << "located gunfire incidents, N-wave crack fraction (rifle? fraction):";
      std::sort(crackFractions.begin(), crackFractions.end());
      for (const auto &[fraction, rifle] : crackFractions) {
        out() << " " << (rifle ? "R" : "-") << QString::number(fraction, 'f', 2);
      }
      out() << "\n";
    }
    if (!truthIncidents) {
      std::erase_if(train.incident,
                    [](const LabelledExample &e) { return e.group.ends_with(kTruthGroupSuffix); });
    }
    trainOptions.train_only_suffix = kTruthGroupSuffix;
    trainOptions.same_scene_suffix = kRealLikeGroupSuffix;
    out() << "training on " << train.incident.size() << " incidents and " << train.clip.size()
          << " clips\n";
    const HeadTrainingResult incident =
        trainHead(incidentFeatureNames(), train.incident, trainOptions);
    const HeadTrainingResult clip = trainHead(clipFeatureNames(), train.clip, trainOptions);
    out() << "incident model, calibration split (T = " << incident.head.softmax.temperature
          << ", gunfire called from P >= " << incident.head.gunfire_threshold << "):\n"
          << QString::fromStdString(formatHeadEvaluation(incident.calibration_split))
          << "clip model, calibration split (T = " << clip.head.softmax.temperature
          << ", gunfire called from P >= " << clip.head.gunfire_threshold << "):\n"
          << QString::fromStdString(formatHeadEvaluation(clip.calibration_split));

    QJsonObject heldOut;
    if (!test.incident.empty() || !test.clip.empty()) {
      for (const std::string prefix : {"", kSharedGroupPrefix, kRealLikeGroupPrefix}) {
        const auto incidents = withGroupPrefix(test.incident, prefix);
        const auto clips = withGroupPrefix(test.clip, prefix);
        if (incidents.empty() && clips.empty()) {
          continue;
        }
        const HeadEvaluation ei = evaluateHead(incident.head, incidents);
        const HeadEvaluation ec = evaluateHead(clip.head, clips);
        const bool shared = prefix == kSharedGroupPrefix;
        const bool realLike = prefix == kRealLikeGroupPrefix;
        const char *what = shared     ? "held-out scenario folders"
                           : realLike ? "held-out real-like recordings (simulator seeds)"
                                      : "held-out simulator seeds";
        out() << "incident model, " << what << ":\n"
              << QString::fromStdString(formatHeadEvaluation(ei));
        if (!clips.empty()) {
          out() << "clip model, " << what << ":\n"
                << QString::fromStdString(formatHeadEvaluation(ec));
        }
        const QString key = shared     ? QStringLiteral("scenarios")
                            : realLike ? QStringLiteral("real_like")
                                       : QStringLiteral("sim");
        heldOut[key + "_incident"] = parseObject(headEvaluationJson(ei));
        QJsonObject subsetsJson;
        for (const auto &[name, subset] : heldOutSubsets(incidents)) {
          const HeadEvaluation e = evaluateHead(incident.head, subset);
          out() << QStringLiteral("  %1: %2 examples, gunfire recall %3, non-gunfire called "
                                  "gunfire %4, ECE %5, gunfire AUC %6, recall %7 at <= 2 % "
                                  "false\n")
                       .arg(QString::fromStdString(name))
                       .arg(e.examples)
                       .arg(e.gunfire_recall, 0, 'f', 3)
                       .arg(e.non_gunfire_called_gunfire, 0, 'f', 3)
                       .arg(e.calibration.ece, 0, 'f', 3)
                       .arg(e.gunfire_auc, 0, 'f', 3)
                       .arg(e.recall_at_2pct_false, 0, 'f', 3);
          subsetsJson[QString::fromStdString(name)] = parseObject(headEvaluationJson(e));
        }
        heldOut[key + "_incident_subsets"] = subsetsJson;
        if (!realLike) { // real-like recordings give incident examples only
          heldOut[key + "_clip"] = parseObject(headEvaluationJson(ec));
        }
      }
    }

    manifest["salvo_version"] = QStringLiteral(SALVO_VERSION_STRING);
    if (parser.isSet(noteOption)) {
      manifest["note"] = parser.value(noteOption);
    }
    manifest["model"] =
        QStringLiteral("multinomial logistic regression (Newton, L2) on standardised physical "
                       "features and the products of the 'pairs' features, temperature-scaled");
    manifest["l2"] = trainOptions.softmax.l2;
    manifest["pairs"] = parser.value(pairsOption);
    manifest["gunfire_false_budget"] = trainOptions.gunfire_false_budget;
    manifest["decision"] =
        QStringLiteral("the most probable class, and gunfire whenever P(gunfire) >= the head's "
                       "gunfire_threshold (fitted on the calibration groups to the false-gunfire "
                       "budget); confidence is the called class's probability");
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
    if (settings.locate && !jobList.empty()) {
      data["no_evidence_by_class"] = QJsonArray{noEvidence[0], noEvidence[1], noEvidence[2]};
    }
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
    // Incidents without evidence: their class mix in training, add-one smoothed.
    const int noEvidenceTotal = noEvidence[0] + noEvidence[1] + noEvidence[2];
    for (std::size_t c = 0; c < noEvidence.size() && noEvidenceTotal > 0; ++c) {
      model.no_evidence_scores[c] = (noEvidence[c] + 1.0) / (noEvidenceTotal + 3.0);
    }
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
  } catch (const std::exception &error) {
    err() << "salvo-cli train: " << error.what() << "\n";
    err().flush();
    return kExitFailure;
  }
  return kExitOk;
}

} // namespace

SALVO_CLI_COMMAND("train", "Train the gunfire / fireworks / other classifier", runTrain);

} // namespace salvo::cli
