#include "classify/ClassifierModel.h"
#include "classify/RealLikeRecordings.h"
#include "classify/TrainingExamples.h"
#include "common/InputError.h"
#include "sim/ScenarioPresets.h"
#include "sim/ScenarioWriter.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <optional>
#include <set>

using namespace salvo;

namespace {
const std::filesystem::path kShippedModel =
    std::filesystem::path(SALVO_SOURCE_DIR) / "resources" / "models" / "salvo-classifier.json";
const QString kCli = QStringLiteral(SALVO_BINARY_DIR "/app/cli/salvo-cli");
// Measured with the shipped model (docs/classifier.md); the floor sits below the figure
// with a margin for locator changes before the next retrain.
constexpr double kLoneShotRecallFloor = 0.55;         // measured 17 of 26 (0.65)
constexpr double kLoneFireworksGunfireCeiling = 0.05; // measured 0 of 40

// An impulse as the detector describes a muzzle blast heard a few hundred metres away on
// a 12 kHz sensor: sub-millisecond rise, ~10 ms long, bass-heavy (the median of the
// simulated gunfire the model was trained on).
Pulse blast(UtcNs onset_ns, double peak_db) {
  Pulse p;
  p.sample_rate_hz = 12000.0;
  p.onset_utc_ns = onset_ns;
  p.rise_time_s = 0.0002;
  p.decay_time_s = 0.006;
  p.duration_s = 0.011;
  p.spectral_centroid_hz = 450.0;
  p.spectral_rolloff_hz = 620.0;
  p.spectral_flatness = 0.05;
  p.peak_db_spl = peak_db;
  // Octave-band exposures below the peak as in simulated gunfire (the 250 + 500 Hz pair
  // ~30 dB under the peak level).
  const std::array<double, 6> belowPeak_db{31.5, 31.5, 35.2, 38.2, 42.4, 48.2};
  for (std::size_t b = 0; b < belowPeak_db.size(); ++b) {
    p.band_energy_db[b] = float(peak_db - belowPeak_db[b]);
  }
  return p;
}

// A simulated scenario written into `dir`: its folder.
std::filesystem::path simulatedFolder(const QTemporaryDir &dir, const char *preset,
                                      std::uint64_t seed, double duration_s,
                                      std::optional<double> sample_rate_hz = std::nullopt) {
  sim::ScenarioRequest request;
  request.preset = preset;
  request.seed = seed;
  request.duration_s = duration_s;
  request.sample_rate_hz = sample_rate_hz;
  const std::filesystem::path folder = dir.filePath("scenario").toStdString();
  sim::writeScenarioFolder(sim::buildScenario(request), folder);
  return folder;
}

// One source heard by six sensors 150..700 m away on roofs and poles (5..15 m up):
// every shot at `times_s`, `level_db` at 1 m, `height_m` above the street.
IncidentEvidence heardBySix(const std::vector<double> &times_s, double level_db, double height_m) {
  const std::vector<Eigen::Vector3d> sensors{{150, 0, 5},    {0, 260, 12},  {-330, 40, 8},
                                             {60, -420, 15}, {500, 300, 6}, {-520, -480, 10}};
  IncidentEvidence incident;
  const Eigen::Vector3d source(0, 0, height_m);
  for (double t : times_s) {
    ShotEvidence shot;
    shot.source_enu_m = source;
    shot.emission_utc_ns = secondsToNanos(100.0 + t);
    for (const Eigen::Vector3d &s : sensors) {
      ShotArrival a;
      a.range_m = (s - source).norm();
      a.sensor_enu_m = s;
      a.pulse = blast(shot.emission_utc_ns + secondsToNanos(a.range_m / 343.0),
                      level_db - 20.0 * std::log10(a.range_m) - 0.005 * a.range_m);
      shot.arrivals.push_back(a);
    }
    incident.shots.push_back(shot);
  }
  return incident;
}
} // namespace

class TestClassifierData : public QObject {
  Q_OBJECT

private slots:
  // Examples gathered from a simulated scenario carry the class of the truth event they
  // were matched to, and features of the right length.
  void simulatedScenarioGivesLabelledExamples() {
    QTemporaryDir dir;
    // Seed outside the shipped model's training seeds.
    const std::filesystem::path folder = simulatedFolder(dir, "hard", 424242, 20.0);
    const ScenarioFolder scenario = openScenarioFolder(folder);
    const ScenarioTruth truth = readScenarioTruth(folder / "truth.json");
    const auto pulses = detectScenarioPulses(scenario);
    const ScenarioExamples examples = scenarioExamples(scenario, truth, pulses);
    QCOMPARE(examples.events, int(truth.events.size()));
    QVERIFY(!examples.incident.empty());
    QCOMPARE(examples.incident.size(), examples.incident_evidence.size());
    std::set<int> truthClasses;
    for (const auto &e : truth.events) {
      truthClasses.insert(int(e.eventClass));
    }
    for (const auto &e : examples.incident) {
      QCOMPARE(e.features.size(), Eigen::Index(incidentFeatureNames().size()));
      QVERIFY(truthClasses.count(e.label) == 1);
    }
    for (const auto &e : examples.clip) {
      QCOMPARE(e.features.size(), Eigen::Index(clipFeatureNames().size()));
    }
    for (const auto &incident : examples.incident_evidence) {
      for (const auto &shot : incident.shots) {
        QVERIFY(shot.arrivals.size() >= 3);
        for (const auto &a : shot.arrivals) {
          QVERIFY(a.range_m > 0.0);
        }
      }
    }
    // Fragments: two single shots of every multi-shot event, labelled like it.
    ScenarioExampleOptions fragmenting;
    fragmenting.fragment_examples = 2;
    const ScenarioExamples withFragments = scenarioExamples(scenario, truth, pulses, fragmenting);
    std::size_t multiShot = 0;
    for (const auto &incident : examples.incident_evidence) {
      multiShot += incident.shots.size() > 1 ? 1 : 0;
    }
    QCOMPARE(withFragments.incident.size(), examples.incident.size() + 2 * multiShot);
    QCOMPARE(withFragments.incident_evidence.size(), withFragments.incident.size());
  }

  void shippedModelLoadsWithItsManifest() {
    const ClassifierModel model = loadClassifierModel(kShippedModel);
    const QJsonObject manifest =
        QJsonDocument::fromJson(QByteArray::fromStdString(model.manifest_json)).object();
    QVERIFY(manifest.contains("training_data"));
    QVERIFY(manifest.contains("held_out"));
    QVERIFY(manifest.value("salvo_version").isString());
    QVERIFY(model.incident.softmax.temperature > 0.0);
  }

  // The shipped model on incidents whose physics is unambiguous.
  void shippedModelFollowsThePhysics() {
    const ClassifierModel model = loadClassifierModel(kShippedModel);
    // A regular 10-round burst, 80 ms apart (750 rpm), from a loud street-level source.
    std::vector<double> burst;
    for (int r = 0; r < 10; ++r) {
      burst.push_back(0.08 * r);
    }
    const Classification automatic = classifyIncident(model, heardBySix(burst, 140.0, 1.5));
    QCOMPARE(automatic.incidentClass, IncidentClass::Gunfire);
    QVERIFY(automatic.automatic);
    QVERIFY(!automatic.rifle); // no N-wave crack anywhere
    QCOMPARE(automatic.rounds, 10);
    // Three aimed shots: gunfire, semi-automatic.
    const Classification aimed = classifyIncident(model, heardBySix({0.0, 0.45, 1.1}, 140.0, 1.5));
    QCOMPARE(aimed.incidentClass, IncidentClass::Gunfire);
    QVERIFY(!aimed.automatic);
    // A firecracker string: 30 crackles, gaps of 2 ms next to gaps of 170 ms.
    std::vector<double> crackle;
    double t = 0.0;
    for (int k = 0; k < 30; ++k) {
      crackle.push_back(t);
      t += (k % 3 == 0) ? 0.17 : (k % 3 == 1 ? 0.002 : 0.035);
    }
    QCOMPARE(classifyIncident(model, heardBySix(crackle, 138.0, 1.0)).incidentClass,
             IncidentClass::Fireworks);
    // The same burst 150 m above the street: a shell's stars, not a weapon.
    QCOMPARE(classifyIncident(model, heardBySix(burst, 140.0, 150.0)).incidentClass,
             IncidentClass::Fireworks);
  }

  // The real acceptance data: handguns firing 1 or 3 rounds heard 60-800 m away by 12 kHz
  // rooftop sensors in a hilly city, where a lone muzzle blast must not be mistaken for a
  // firecracker. Seeds the shipped model never saw (training uses 1-44, held out 1001-1004).
  // Every round of a handgun (one-shot examples: 1-round events and single shots of the
  // 3-round ones) against single pops of firecracker strings and single shell bursts.
  void shippedModelCallsLoneHandgunShotsGunfire() {
    const ClassifierModel model = loadClassifierModel(kShippedModel);
    ScenarioExampleOptions options;
    options.fragment_examples = 3;
    int gunfire = 0, gunfireCalled = 0, fireworks = 0, fireworksCalledGunfire = 0;
    auto tally = [&](const char *preset, std::uint64_t seed, double duration_s) {
      QTemporaryDir dir;
      const std::filesystem::path folder = simulatedFolder(dir, preset, seed, duration_s);
      const ScenarioFolder scenario = openScenarioFolder(folder);
      const ScenarioExamples examples =
          scenarioExamples(scenario, readScenarioTruth(folder / "truth.json"),
                           detectScenarioPulses(scenario), options);
      for (std::size_t i = 0; i < examples.incident.size(); ++i) {
        const IncidentEvidence &evidence = examples.incident_evidence[i];
        if (evidence.shots.size() != 1) {
          continue;
        }
        const bool calledGunfire =
            classifyIncident(model, evidence).incidentClass == IncidentClass::Gunfire;
        if (examples.incident[i].label == int(IncidentClass::Gunfire)) {
          ++gunfire;
          gunfireCalled += calledGunfire ? 1 : 0;
        } else if (examples.incident[i].label == int(IncidentClass::Fireworks)) {
          ++fireworks;
          fireworksCalledGunfire += calledGunfire ? 1 : 0;
        }
      }
    };
    for (std::uint64_t seed = 9101; seed <= 9106; ++seed) {
      tally("hilly", seed, 90.0);
    }
    tally("celebration", 9101, 20.0);
    const QString figures = QStringLiteral("lone handgun shots called gunfire %1 of %2, single "
                                           "fireworks impulses called gunfire %3 of %4")
                                .arg(gunfireCalled)
                                .arg(gunfire)
                                .arg(fireworksCalledGunfire)
                                .arg(fireworks);
    qInfo("%s", qPrintable(figures));
    QVERIFY2(gunfire >= 10 && fireworks >= 20, qPrintable(figures));
    QVERIFY2(gunfireCalled >= kLoneShotRecallFloor * gunfire, qPrintable(figures));
    QVERIFY2(fireworksCalledGunfire <= kLoneFireworksGunfireCeiling * fireworks,
             qPrintable(figures));
  }

  // The held-out real recordings' stand-in: each gunfire event of a hilly scene cut out on
  // its few sensors and window, located alone and classified as `locate` does.
  void realLikeRecordingsLocateAndClassifyEvents() {
    const ClassifierModel model = loadClassifierModel(kShippedModel);
    QTemporaryDir dir;
    // Never trained on; four gunfire events.
    const std::filesystem::path folder = simulatedFolder(dir, "hilly", 9109, 90.0, 12000.0);
    const ScenarioFolder scenario = openScenarioFolder(folder);
    const ScenarioTruth truth = readScenarioTruth(folder / "truth.json");
    const auto pulses = detectScenarioPulses(scenario);
    int gunfire = 0, located = 0;
    for (std::size_t e = 0; e < truth.events.size(); ++e) {
      if (truth.events[e].eventClass != IncidentClass::Gunfire) {
        continue;
      }
      ++gunfire;
      const RealLikeRecording r =
          realLikeRecording(scenario.manifest, truth, pulses, e, RealLikeOptions{}, &model);
      QVERIFY(r.kept_sensors.size() <= 6);
      QCOMPARE(r.manifest.sensors.size(), r.kept_sensors.size());
      for (std::size_t k = 0; k < r.pulses.size(); ++k) {
        for (const Pulse &p : r.pulses[k]) {
          QCOMPARE(p.sensor_index, k);
          QVERIFY(p.onset_utc_ns >=
                  truth.events[e].shot_times_utc_ns.front() - secondsToNanos(2.0));
        }
      }
      if (r.event_incident) {
        ++located;
        QVERIFY(r.incidents.incidents[*r.event_incident].confidence > 0.0);
      }
    }
    QVERIFY2(gunfire >= 2 && located >= 1,
             qPrintable(QStringLiteral("%1 of %2 located").arg(located).arg(gunfire)));
  }

  // --real-like names presets with a draw count, and needs located examples.
  void trainRefusesBadRealLikeOptions() {
    const auto refusal = [](const QStringList &args) {
      QProcess p;
      p.start(kCli,
              QStringList{"train", "--out", "/nonexistent/m.json", "--sim-seeds", "1-1"} + args);
      p.waitForFinished(60000);
      return std::pair{p.exitCode(), QString::fromUtf8(p.readAllStandardError())};
    };
    const auto [badCount, badText] = refusal({"--locate", "--real-like", "hilly:x"});
    QCOMPARE(badCount, 2);
    QVERIFY2(badText.contains("--real-like must be PRESET or PRESET:N"), qPrintable(badText));
    const auto [noLocate, noLocateText] = refusal({"--real-like", "hilly:3"});
    QCOMPARE(noLocate, 2);
    QVERIFY2(noLocateText.contains("--real-like needs --locate"), qPrintable(noLocateText));
  }

  void corruptShippedModelIsAClearError() {
    QFile f(QString::fromStdString(kShippedModel.string()));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray text = f.readAll();
    QTemporaryDir dir;
    const QString path = dir.filePath("corrupt.json");
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(text.left(text.size() / 3));
    out.close();
    try {
      loadClassifierModel(path.toStdString());
      QFAIL("a truncated model was accepted");
    } catch (const InputError &e) {
      QVERIFY2(std::string(e.what()).find("corrupt.json") != std::string::npos &&
                   std::string(e.what()).find("JSON") != std::string::npos,
               e.what());
    }
  }

  void cliClassifiesAClipAsJson() {
    const QString clip = QStringLiteral(SALVO_SHARED_DIR "/scenarios/easy-101/audio/S001.wav");
    QProcess p;
    p.start(kCli, {"classify", "--json", "--model", QString::fromStdString(kShippedModel.string()),
                   clip});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    QCOMPARE(o.value("format").toString(), QStringLiteral("acoustic-clip-class/1"));
    const QJsonObject scores = o.value("scores").toObject();
    const double sum = scores.value("gunfire").toDouble() + scores.value("fireworks").toDouble() +
                       scores.value("other").toDouble();
    QVERIFY(std::abs(sum - 1.0) < 1e-3);
    QCOMPARE(o.value("confidence").toDouble(),
             scores.value(o.value("class").toString()).toDouble());
  }

  void cliNamesAMissingModel() {
    QProcess p;
    p.start(kCli, {"classify", "--model", "/nonexistent/model.json",
                   QStringLiteral(SALVO_SHARED_DIR "/scenarios/easy-101/audio/S001.wav")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 1);
    const QString error = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(error.contains("/nonexistent/model.json") && error.contains("not found"),
             qPrintable(error));
  }

  void locateRefusesAMissingModelNamingIt() {
    QTemporaryDir dir;
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("SALVO_CLASSIFIER_MODEL", "/nonexistent/salvo-classifier.json");
    p.setProcessEnvironment(env);
    p.start(kCli, {"locate", QStringLiteral(SALVO_SHARED_DIR "/scenarios/easy-101"), "--out",
                   dir.filePath("incidents.json")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 1);
    const QString error = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(error.contains("salvo-cli locate") &&
                 error.contains("/nonexistent/salvo-classifier.json"),
             qPrintable(error));
    QVERIFY(!QFile::exists(dir.filePath("incidents.json")));
  }

  // locate classifies every incident with the shipped model, and evaluate scores the
  // classes (confusion matrix, calibration) against the truth.
  void locateClassifiesAndEvaluateScoresClasses() {
    QTemporaryDir dir;
    const QString scenario = QStringLiteral(SALVO_SHARED_DIR "/scenarios/easy-101");
    const QString incidentsPath = dir.filePath("incidents.json");
    QProcess locate;
    locate.start(kCli, {"locate", scenario, "--out", incidentsPath});
    QVERIFY(locate.waitForFinished(120000));
    QVERIFY2(locate.exitCode() == 0, locate.readAllStandardError().constData());
    QVERIFY(QString::fromUtf8(locate.readAllStandardOutput()).contains("classified"));
    const IncidentsFile incidents = readIncidentsFile(incidentsPath.toStdString());
    QVERIFY(!incidents.incidents.empty());
    int gunfire = 0;
    for (const Incident &i : incidents.incidents) {
      QVERIFY(i.confidence > 0.0 && i.confidence <= 1.0);
      gunfire += i.incidentClass == IncidentClass::Gunfire ? 1 : 0;
    }
    QVERIFY(gunfire > 0);
    QProcess evaluate;
    evaluate.start(kCli, {"evaluate", scenario, incidentsPath});
    QVERIFY(evaluate.waitForFinished(60000));
    QCOMPARE(evaluate.exitCode(), 0);
    const QString text = QString::fromUtf8(evaluate.readAllStandardOutput());
    QVERIFY2(text.contains("confusion") && text.contains("ECE"), qPrintable(text));
  }
};

QTEST_GUILESS_MAIN(TestClassifierData)
#include "TestClassifierData.moc"
