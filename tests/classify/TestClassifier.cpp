#include "classify/ClassFeatures.h"
#include "classify/ClassifierModel.h"
#include "classify/ClassifierTraining.h"
#include "classify/ColocatedRepeats.h"
#include "classify/IncidentClassifier.h"
#include "classify/LocatedEvidence.h"
#include "classify/LocatedExamples.h"
#include "classify/RealLikeRecordings.h"
#include "classify/SoftmaxModel.h"
#include "classify/TrainingExamples.h"
#include "common/InputError.h"
#include "geo/LocalEnuFrame.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace salvo;

namespace {

Pulse makePulse(double rise_s, double duration_s, double centroid_hz, double peak_db,
                UtcNs onset_ns, double tilt_db = 0.0) {
  Pulse p;
  p.sample_rate_hz = 16000.0;
  p.onset_utc_ns = onset_ns;
  p.rise_time_s = rise_s;
  p.duration_s = duration_s;
  p.decay_time_s = 0.6 * duration_s;
  p.spectral_centroid_hz = centroid_hz;
  p.spectral_rolloff_hz = 2.2 * centroid_hz;
  p.spectral_flatness = 0.3;
  p.peak_db_spl = peak_db;
  p.band_energy_db = {float(70 + tilt_db), float(70 + tilt_db), 70.f, 70.f, 65.f, 60.f};
  return p;
}

// Incidents of three kinds whose distributions overlap (so calibration has something
// to do): the training machinery is tested here, not the shipped model's data.
struct SyntheticScene {
  std::mt19937_64 rng;
  explicit SyntheticScene(std::uint64_t seed) : rng(seed) {}

  double normal(double mean, double sigma) { return std::normal_distribution<>(mean, sigma)(rng); }
  double uniform(double a, double b) { return std::uniform_real_distribution<>(a, b)(rng); }

  IncidentEvidence incident(int label) {
    IncidentEvidence incident;
    const int rounds = label == 0 ? int(uniform(1, 8)) : label == 1 ? int(uniform(1, 30)) : 1;
    const double interval = label == 0 ? uniform(0.08, 0.6) : uniform(0.03, 0.4);
    const double sourceDb = label == 0   ? normal(155, 5)
                            : label == 1 ? normal(145, 6)
                                         : normal(128, 6);
    const double height = label == 1 && uniform(0, 1) < 0.4 ? normal(120, 30) : normal(-8, 4);
    double t = 0.0;
    for (int r = 0; r < rounds; ++r) {
      ShotEvidence shot;
      shot.source_enu_m = Eigen::Vector3d(0, 0, height);
      shot.emission_utc_ns = secondsToNanos(t);
      for (int s = 0; s < 5; ++s) {
        ShotArrival a;
        a.range_m = uniform(60, 800);
        a.sensor_enu_m = Eigen::Vector3d(a.range_m, 0, 0);
        const double received = sourceDb - 20 * std::log10(a.range_m) + normal(0, 2);
        a.pulse = label == 2 ? makePulse(normal(0.004, 0.001), normal(0.05, 0.01), normal(500, 100),
                                         received, shot.emission_utc_ns, 8)
                             : makePulse(normal(0.0008, 0.0003), normal(0.02, 0.005),
                                         normal(1200, 250), received, shot.emission_utc_ns);
        shot.arrivals.push_back(a);
      }
      incident.shots.push_back(shot);
      t += interval * (label == 1 ? uniform(0.3, 1.7) : uniform(0.9, 1.1));
    }
    return incident;
  }

  std::vector<LabelledExample> examples(int count, const std::string &group) {
    std::vector<LabelledExample> out;
    for (int i = 0; i < count; ++i) {
      const int label = i % 3;
      out.push_back({incidentFeatureVector(incident(label)), label, group + std::to_string(i % 7)});
    }
    return out;
  }
};

} // namespace

class TestClassifier : public QObject {
  Q_OBJECT

private slots:
  void sourceLevelAddsSphericalSpreading() {
    QCOMPARE(sourceLevelDb(100.0, 1.0), 100.0 + 0.005);
    QVERIFY(std::abs(sourceLevelDb(100.0, 100.0) - 140.5) < 1e-9);
  }

  void cadenceOfAnAutomaticBurst() {
    const std::vector<double> burst{0.0, 0.1, 0.2, 0.3, 0.4};
    const CadenceFeatures c = cadenceFeatures(burst);
    QCOMPARE(c.rounds, 5.0);
    QVERIFY(std::abs(c.log_median_interval_s - std::log10(0.1)) < 1e-9);
    QVERIFY(c.interval_cv < 1e-6);
    QVERIFY(isAutomaticCadence(c));
    const std::vector<double> aimed{0.0, 0.45, 1.2, 1.6};
    QVERIFY(!isAutomaticCadence(cadenceFeatures(aimed)));
    const std::vector<double> lone{0.0};
    QVERIFY(!isAutomaticCadence(cadenceFeatures(lone)));
  }

  void crackAndEchoFoldIntoOneImpulse() {
    const Pulse crack = makePulse(0.0001, 0.001, 3500, 100, 0);
    const Pulse blast = makePulse(0.0008, 0.02, 900, 95, secondsToNanos(0.03));
    QVERIFY(isCrackBeforeBlast(crack, blast));
    QVERIFY(!isCrackBeforeBlast(blast, crack));
    Pulse echo = makePulse(0.001, 0.02, 800, 85, secondsToNanos(0.12));
    echo.likely_echo = true;
    const Pulse second = makePulse(0.0008, 0.02, 900, 95, secondsToNanos(0.5));
    const std::vector<Pulse> pulses{crack, blast, echo, second};
    const auto impulses = clipImpulses(pulses);
    QCOMPARE(impulses.size(), std::size_t(2));
    QVERIFY(impulses[0].has_crack);
    QCOMPARE(impulses[0].pulse.onset_utc_ns, blast.onset_utc_ns);
    QVERIFY(!impulses[1].has_crack);
    QCOMPARE(clipFeatureVector(pulses).size(), Eigen::Index(clipFeatureNames().size()));
  }

  void bandsAboveNyquistAreMissing() {
    Pulse p = makePulse(0.001, 0.02, 900, 90, 0);
    p.sample_rate_hz = 4000.0; // 1 kHz band reaches 1.41 kHz; 2 kHz band is gone
    const PulseFeatures f = pulseFeatures(p);
    QVERIFY(std::isfinite(f.low_tilt_db));
    QVERIFY(std::isnan(f.high_tilt_db));
    FeatureStandardizer s;
    s.mean = Eigen::VectorXd::Zero(2);
    s.scale = Eigen::VectorXd::Ones(2);
    const Eigen::VectorXd z = s.apply(Eigen::VectorXd(Eigen::Vector2d(std::nan(""), 100.0)));
    QCOMPARE(z(0), 0.0);
    QCOMPARE(z(1), FeatureStandardizer::kClamp);
  }

  // Exposure at 1 m: spreading (20 log r) and per-band absorption put back, the two
  // octaves of a pair summed as energies; a band above Nyquist leaves its pair unknown.
  void bandSourceExposureUndoesSpreading() {
    Pulse p = makePulse(0.001, 0.02, 900, 90, 0);
    p.sample_rate_hz = 4000.0; // the 2 kHz octave (1.4-2.8 kHz) is above Nyquist
    p.band_energy_db = {50.f, 60.f, 60.f, 55.f, 40.f, 30.f};
    const BandSourceExposure e = bandSourceExposure(p, 100.0);
    // Two equal octaves: +3.01 dB; 100 m: +40 dB; absorption 0.11 and 0.24 dB.
    QVERIFY(std::abs(e.low_db - (60.0 + 3.0103 + 40.0 + 0.175)) < 0.05);
    QVERIFY(std::isnan(e.mid_db));
    p.sample_rate_hz = 16000.0;
    QVERIFY(std::abs(bandSourceExposure(p, 400.0).mid_db -
                     (10.0 * std::log10(std::pow(10.0, 5.5 + 0.18) + std::pow(10.0, 4.0 + 0.348)) +
                      20.0 * std::log10(400.0))) < 0.01);
  }

  void eceOfKnownPredictions() {
    // Four calls at 0.95 (three right), four at 0.55 (two right).
    Eigen::MatrixXd p(8, 3);
    std::vector<int> labels;
    for (int i = 0; i < 4; ++i) {
      p.row(i) << 0.95, 0.03, 0.02;
      labels.push_back(i < 3 ? 0 : 1);
    }
    for (int i = 0; i < 4; ++i) {
      p.row(4 + i) << 0.2, 0.55, 0.25;
      labels.push_back(i < 2 ? 1 : 2);
    }
    const CalibrationReport r = calibrationReport(p, labels);
    QVERIFY(std::abs(r.ece - (0.5 * 0.2 + 0.5 * 0.05)) < 1e-9);
    QCOMPARE(r.bins[9].count, 4);
    QCOMPARE(r.bins[5].count, 4);
    const ConfusionMatrix m = confusionMatrix(p, labels);
    QCOMPARE(m[0][0], 3);
    QCOMPARE(m[1][0], 1);
    QCOMPARE(m[2][1], 2);
  }

  void temperatureUndoesOverconfidence() {
    std::mt19937_64 rng(7);
    std::normal_distribution<> noise(0.0, 1.0);
    Eigen::MatrixXd x(900, 2);
    std::vector<int> labels;
    for (int i = 0; i < 900; ++i) {
      const int label = i % 3;
      x.row(i) << label + noise(rng), (label == 2 ? 1.0 : 0.0) + noise(rng);
      labels.push_back(label);
    }
    SoftmaxModel model = trainSoftmax(x, labels, Eigen::VectorXd::Ones(900), {1e-4, 100, 1e-12});
    QVERIFY(std::abs(fitTemperature(model, x, labels) - 1.0) < 0.1);
    SoftmaxModel overconfident = model;
    overconfident.weights *= 4.0;
    const double eceBefore = calibrationReport(overconfident.probabilities(x), labels).ece;
    overconfident.temperature = fitTemperature(overconfident, x, labels);
    QVERIFY(std::abs(overconfident.temperature - 4.0) < 0.4);
    const double eceAfter = calibrationReport(overconfident.probabilities(x), labels).ece;
    QVERIFY(eceAfter < eceBefore);
    QVERIFY(eceAfter < 0.05);
  }

  void trainedHeadSeparatesAndIsDeterministic() {
    SyntheticScene trainScene(11);
    const auto train = trainScene.examples(900, "train");
    const HeadTrainingResult a = trainHead(incidentFeatureNames(), train);
    const HeadTrainingResult b = trainHead(incidentFeatureNames(), train);
    QVERIFY(a.head.softmax.weights == b.head.softmax.weights);
    QCOMPARE(a.head.softmax.temperature, b.head.softmax.temperature);
    QVERIFY(a.calibration_examples > 0 && a.train_examples > a.calibration_examples);

    SyntheticScene testScene(12345); // never seen in training
    const auto test = testScene.examples(600, "test");
    const HeadEvaluation ev = evaluateHead(a.head, test);
    qInfo("%s", formatHeadEvaluation(ev).c_str());
    QVERIFY(ev.gunfire_recall >= 0.9);
    QVERIFY(ev.non_gunfire_called_gunfire <= 0.1);
    QVERIFY(ev.calibration.ece <= 0.08);

    ClassifierModel model;
    model.incident = a.head;
    model.clip = a.head; // only the incident head is exercised here
    SyntheticScene one(99);
    IncidentEvidence burst = one.incident(0);
    for (std::size_t i = 0; i < burst.shots.size(); ++i) {
      burst.shots[i].emission_utc_ns = secondsToNanos(0.1 * double(i));
    }
    while (burst.shots.size() < 6) {
      burst.shots.push_back(burst.shots.back());
      burst.shots.back().emission_utc_ns += secondsToNanos(0.1);
    }
    const Classification c = classifyIncident(model, burst);
    QCOMPARE(c.incidentClass, IncidentClass::Gunfire);
    QCOMPARE(c.rounds, int(burst.shots.size()));
    QVERIFY(c.automatic);
    QVERIFY(!c.rifle);
    QVERIFY(std::abs(c.scores[0] + c.scores[1] + c.scores[2] - 1.0) < 1e-9);
  }

  // A scenario's real-like recordings ("scene/real") calibrate or train with the scenario
  // itself: one event never sits on both sides of the calibration split.
  void sameSceneGroupsCalibrateTogether() {
    SyntheticScene scene(21);
    std::vector<LabelledExample> examples;
    for (int g = 0; g < 8; ++g) {
      for (const auto &[suffix, count] : {std::pair{"", 60}, std::pair{"/real", 15}}) {
        for (LabelledExample e : scene.examples(count, "x")) {
          e.group = "scene" + std::to_string(g) + suffix;
          examples.push_back(e);
        }
      }
    }
    HeadTrainingOptions options;
    options.same_scene_suffix = "/real";
    // Every 4th of the 8 scenes calibrates (scene3, scene7), each with its recordings.
    QCOMPARE(trainHead(incidentFeatureNames(), examples, options).calibration_examples,
             2 * (60 + 15));
  }

  // The sensors of a real-like recording: in range, at most six, ascending, a seeded draw.
  void realLikeSensorsAreAFewInRange() {
    ClassifierNetwork network;
    for (int s = 0; s < 14; ++s) {
      network.sensors_enu_m.emplace_back(40.0 + 70.0 * s, 0.0, 10.0); // 40 .. 950 m away
    }
    const RealLikeOptions options;
    const auto kept = realLikeSensors(network.sensors_enu_m, Eigen::Vector3d::Zero(), options, 7);
    QCOMPARE(kept.size(), std::size_t(6));
    QVERIFY(std::is_sorted(kept.begin(), kept.end()));
    for (std::size_t s : kept) {
      const double d = network.sensors_enu_m[s].norm();
      QVERIFY2(d >= 60.0 && d <= 800.0, qPrintable(QString::number(d)));
    }
    QVERIFY(kept == realLikeSensors(network.sensors_enu_m, Eigen::Vector3d::Zero(), options, 7));
    bool otherDraw = false;
    for (std::uint64_t draw = 8; draw < 20 && !otherDraw; ++draw) {
      otherDraw =
          kept != realLikeSensors(network.sensors_enu_m, Eigen::Vector3d::Zero(), options, draw);
    }
    QVERIFY(otherDraw);
  }

  void locatedIncidentBecomesEvidence() {
    const std::vector<Eigen::Vector3d> sensors{{100, 0, 5}, {0, 200, 5}, {-300, 0, 5}};
    std::vector<std::vector<Pulse>> pulses(3);
    LocatedShot shot;
    shot.solution.position_enu_m = Eigen::Vector3d(0, 0, -5);
    shot.emission_utc_ns = secondsToNanos(1.0);
    for (std::size_t s = 0; s < 3; ++s) {
      const UtcNs arrival = shot.emission_utc_ns + secondsToNanos(double(s + 1) * 0.3);
      Pulse early = makePulse(0.001, 0.02, 900, 80, arrival - secondsToNanos(0.5));
      Pulse direct = makePulse(0.001, 0.02, 900, 90, arrival);
      Pulse echo = makePulse(0.001, 0.02, 800, 80, arrival + secondsToNanos(0.1));
      early.sequence = 0;
      direct.sequence = 1;
      echo.sequence = 2;
      pulses[s] = {early, direct, echo};
      shot.sensor_indices.push_back(s);
      shot.arrival_utc_ns.push_back(arrival);
    }
    LocatedIncident incident;
    incident.shots = {shot};
    const IncidentEvidence evidence = incidentEvidence(incident, pulses, sensors);
    QCOMPARE(evidence.shots.size(), std::size_t(1));
    QCOMPARE(evidence.shots[0].arrivals.size(), std::size_t(3));
    for (std::size_t s = 0; s < 3; ++s) {
      const ShotArrival &a = evidence.shots[0].arrivals[s];
      QCOMPARE(a.pulse.sequence, std::uint64_t(1));
      QVERIFY(std::abs(a.range_m - (sensors[s] - shot.solution.position_enu_m).norm()) < 1e-9);
      QCOMPARE(a.neighbours.size(), std::size_t(1)); // the echo; the early pulse is too far
      QCOMPARE(a.neighbours[0].sequence, std::uint64_t(2));
    }
    QVERIFY(std::abs(shotFeatures(evidence.shots[0]).height_m + 10.0) < 1e-9);
  }

  void derivedFeaturesFollowThePhysics() {
    const auto &names = incidentFeatureNames();
    auto index = [&](const std::string &name) {
      return Eigen::Index(std::find(names.begin(), names.end(), name) - names.begin());
    };
    SyntheticScene scene(3);
    IncidentEvidence quiet = scene.incident(2); // a lone slam, about 128 dB at 1 m
    const Eigen::VectorXd v = incidentFeatureVector(quiet);
    QCOMPARE(v.size(), Eigen::Index(names.size()));
    const double level = v[index("shot.source_level_db")];
    QVERIFY(level < 140.0);
    // The muzzle-blast band as the detector measures it: 128..150 dB at 1 m.
    QVERIFY(std::abs(v[index("shot.level_below_muzzle_db")] - std::max(0.0, 128.0 - level)) < 1e-9);
    QCOMPARE(v[index("shot.level_above_muzzle_db")], 0.0);
    QCOMPARE(v[index("incident.lone_impulse")], 1.0);
    QCOMPARE(v[index("incident.cyclic_cadence")], 0.0);
    // Re-deriving from the base part (the example cache) gives the same vector.
    const Eigen::VectorXd base = v.head(Eigen::Index(incidentBaseFeatureNames().size()));
    const Eigen::VectorXd again = withDerivedIncidentFeatures(base);
    for (Eigen::Index k = 0; k < v.size(); ++k) {
      QVERIFY((std::isnan(v[k]) && std::isnan(again[k])) || v[k] == again[k]);
    }
  }

  void examplesCsvRoundTripsAndRejectsOtherFeatures() {
    SyntheticScene scene(8);
    const auto examples = scene.examples(12, "g");
    std::vector<LabelledExample> withNaN = examples;
    withNaN[0].features[0] = std::numeric_limits<double>::quiet_NaN();
    QTemporaryDir dir;
    const std::string path = dir.filePath("ex.csv").toStdString();
    writeExamplesCsv(path, withNaN, incidentFeatureNames());
    const auto back = readExamplesCsv(path, incidentFeatureNames());
    QCOMPARE(back.size(), withNaN.size());
    QVERIFY(std::isnan(back[0].features[0]));
    for (std::size_t i = 0; i < back.size(); ++i) {
      QCOMPARE(back[i].label, withNaN[i].label);
      QCOMPARE(back[i].group, withNaN[i].group);
      QCOMPARE(back[i].features.tail(3), withNaN[i].features.tail(3));
    }
    try {
      readExamplesCsv(path, clipFeatureNames());
      QFAIL("a cache of other features was accepted");
    } catch (const InputError &e) {
      QVERIFY2(std::string(e.what()).find("header") != std::string::npos, e.what());
    }
  }

  void contractIncidentIsClassifiedFromItsPulses() {
    // Four sensors round a source 2 m above the first sensor's ground; 3 rounds 100 ms
    // apart. Each sensor hears the direct arrival, plus an unrelated pulse 1 s later.
    ScenarioManifest manifest;
    const GeodeticPosition origin{41.88, -87.63, 180.0};
    const LocalEnuFrame frame(origin);
    const std::vector<Eigen::Vector3d> enu{{0, 0, 0}, {300, 0, 0}, {0, 300, 0}, {-250, -100, 0}};
    for (std::size_t s = 0; s < enu.size(); ++s) {
      SensorSpec spec;
      spec.id = "S00" + std::to_string(s + 1);
      spec.position = frame.toGeodetic(enu[s]);
      manifest.sensors.push_back(spec);
    }
    const double c = 340.0;
    const ClassifierNetwork network = classifierNetwork(manifest, c);
    const Eigen::Vector3d source(100, 100, 2);
    Incident incident;
    incident.position = frame.toGeodetic(source);
    incident.rounds = 3;
    incident.sensors = {"S001", "S002", "S003", "S004", "S999"}; // an unknown id is skipped
    std::vector<std::vector<Pulse>> pulses(enu.size());
    for (int r = 0; r < 3; ++r) {
      const UtcNs emitted = secondsToNanos(5.0 + 0.1 * r);
      incident.shots.push_back({emitted});
      for (std::size_t s = 0; s < enu.size(); ++s) {
        const double range = (enu[s] - source).norm();
        // 155 dB at 1 m: a muzzle blast.
        Pulse p = makePulse(0.0008, 0.02, 1200, 155 - 20 * std::log10(range),
                            emitted + secondsToNanos(range / c + 0.0005));
        p.sequence = std::uint64_t(r);
        pulses[s].push_back(p);
      }
    }
    for (std::size_t s = 0; s < enu.size(); ++s) {
      pulses[s].push_back(makePulse(0.004, 0.05, 400, 70, secondsToNanos(7.0)));
    }
    const IncidentEvidence evidence = contractIncidentEvidence(incident, network, pulses);
    QCOMPARE(evidence.shots.size(), std::size_t(3));
    for (const ShotEvidence &shot : evidence.shots) {
      QCOMPARE(shot.arrivals.size(), enu.size());
      QVERIFY(std::abs(shotFeatures(shot).source_level_db - 155.0) < 2.5); // + air absorption
      QVERIFY(std::abs(shotFeatures(shot).height_m - 2.0) < 0.1);
    }
    // Each round's own pulse, none taken twice.
    QCOMPARE(evidence.shots[1].arrivals[0].pulse.sequence, std::uint64_t(1));

    SyntheticScene trainScene(21);
    ClassifierModel model;
    model.incident = trainHead(incidentFeatureNames(), trainScene.examples(300, "t")).head;
    const Classification result = classifyContractIncident(model, network, pulses, incident);
    QCOMPARE(incident.incidentClass, result.incidentClass);
    QCOMPARE(incident.confidence, result.confidence);
    QCOMPARE(result.incidentClass, IncidentClass::Gunfire);
    QVERIFY(result.confidence > 0.5);
    QCOMPARE(result.rounds, 3);
    QVERIFY(!gunfireSubclass(result).empty());

    // Nothing matches (pulses of another time): the model's no-evidence call, not a guess
    // from the heads.
    model.no_evidence_scores = {0.1, 0.2, 0.7};
    Incident far = incident;
    for (IncidentShot &shot : far.shots) {
      shot.time_utc_ns += secondsToNanos(100.0);
    }
    const Classification none = classifyContractIncident(model, network, pulses, far);
    QCOMPARE(none.incidentClass, IncidentClass::Other);
    QCOMPARE(far.confidence, 0.7);
  }

  // A firecracker string split by the locator into pieces at one spot: each piece has the
  // others' shots as context; a lone shot 1 km away and one at the spot 20 s later none.
  void contextCountsShotsOfNearbyIncidents() {
    const LocalEnuFrame frame(GeodeticPosition{41.88, -87.63, 180.0});
    auto incidentAt = [&](double east, double t, int shots) {
      Incident i;
      i.position = frame.toGeodetic(Eigen::Vector3d(east, 0, 0));
      i.time_utc_ns = secondsToNanos(t);
      for (int k = 0; k < shots; ++k) {
        i.shots.push_back({secondsToNanos(t + 0.05 * k)});
      }
      return i;
    };
    IncidentsFile file;
    file.incidents = {incidentAt(0, 10.0, 5), incidentAt(60, 11.0, 3), incidentAt(150, 14.5, 1),
                      incidentAt(1000, 11.0, 1), incidentAt(20, 30.0, 1)};
    const std::vector<double> context = incidentContextShots(file);
    QCOMPARE(context.size(), std::size_t(5));
    QCOMPARE(context[0], 4.0); // 3 + 1 (14.5 s is within 5 s of its last shot)
    QCOMPARE(context[1], 6.0); // 5 + 1
    QCOMPARE(context[2], 8.0); // 5 + 3 (90 m from the second piece, 150 m from the first)
    QCOMPARE(context[3], 0.0); // 1 km away
    QCOMPARE(context[4], 0.0); // 20 s later
    // The context reaches the feature vector (log2(1 + shots)); unknown stays NaN.
    const auto &names = incidentFeatureNames();
    const auto at = Eigen::Index(
        std::find(names.begin(), names.end(), "incident.log2_context_shots") - names.begin());
    SyntheticScene scene(5);
    IncidentEvidence lone = scene.incident(0);
    QVERIFY(std::isnan(incidentFeatureVector(lone)(at)));
    lone.context_shots = 7.0;
    QCOMPARE(incidentFeatureVector(lone)(at), 3.0);
  }

  // Blocked paths only take level away: the least-blocked sensors' level (second highest
  // of three or more) is the source's, the median is pulled down by the blocked ones.
  void topSourceLevelIgnoresBlockedPaths() {
    ShotEvidence shot;
    const std::vector<double> lossDb{0.0, 0.5, 15.0, 18.0, 20.0};
    for (std::size_t s = 0; s < lossDb.size(); ++s) {
      ShotArrival a;
      a.range_m = 100.0 * double(s + 1);
      a.sensor_enu_m = Eigen::Vector3d(a.range_m, 0, 0);
      const double received = 150.0 - 20 * std::log10(a.range_m) - lossDb[s];
      a.pulse = makePulse(0.0008, 0.02, 900, received, 0);
      shot.arrivals.push_back(a);
    }
    const ShotFeatures f = shotFeatures(shot);
    QVERIFY(std::abs(f.top_source_level_db - (149.5 + 0.005 * 200.0)) < 1e-6);
    QVERIFY(f.source_level_db < 137.0);
    QVERIFY(std::isfinite(f.top_low_band_source_db));
    QVERIFY(f.top_low_band_source_db > f.low_band_source_db);
  }

  // Pops of a string arrive at one offset from the shot on every sensor; an echo's delay
  // differs from sensor to sensor; the incident's own other round is not a repeat.
  void colocatedRepeatsCountAStringNotEchoes() {
    IncidentEvidence incident;
    ShotEvidence shot, second;
    const std::vector<double> popOffsets_s{-0.15, -0.04, 0.06};
    for (std::size_t s = 0; s < 6; ++s) {
      ShotArrival a;
      a.range_m = 80.0 + 90.0 * double(s);
      a.sensor_enu_m = Eigen::Vector3d(a.range_m, 0, 0);
      const UtcNs arrival = secondsToNanos(a.range_m / 343.0);
      a.pulse = makePulse(0.0008, 0.02, 900, 90, arrival);
      a.pulse.sensor_index = s;
      const double jitter_s = 0.0004 * double(s % 3) - 0.0004;
      for (double d : popOffsets_s) {
        a.neighbours.push_back(
            makePulse(0.0008, 0.02, 900, 88, arrival + secondsToNanos(d + jitter_s)));
      }
      // An echo 12..87 ms late, different on every sensor.
      a.neighbours.push_back(
          makePulse(0.0008, 0.02, 900, 80, arrival + secondsToNanos(0.012 + 0.015 * double(s))));
      // The incident's next round, 0.2 s later.
      ShotArrival next = a;
      next.pulse.onset_utc_ns = arrival + secondsToNanos(0.2);
      next.neighbours.clear();
      a.neighbours.push_back(next.pulse);
      for (Pulse &n : a.neighbours) {
        n.sensor_index = s;
      }
      std::sort(a.neighbours.begin(), a.neighbours.end(),
                [](const Pulse &x, const Pulse &y) { return x.onset_utc_ns < y.onset_utc_ns; });
      shot.arrivals.push_back(a);
      second.arrivals.push_back(next);
    }
    incident.shots = {shot, second};
    const ColocatedRepeats repeats = colocatedRepeats(shot, incident);
    QCOMPARE(repeats.before, 2.0);
    QCOMPARE(repeats.after, 1.0);

    // Alone, the next round is a repeat after the shot.
    IncidentEvidence alone;
    alone.shots = {shot};
    QCOMPARE(colocatedRepeats(shot, alone).after, 2.0);

    // Two sensors cannot tell a shared offset from chance.
    shot.arrivals.resize(2);
    QVERIFY(std::isnan(colocatedRepeats(shot, incident).before));
  }

  // The ranking figures: AUC 1 when every gunfire example outranks the rest, and the
  // recall at <= 2 % false gunfire found by the threshold that allows it.
  void gunfireRankingOfAHead() {
    ClassifierHead head;
    head.feature_names = {"x"};
    head.standardizer.mean = Eigen::VectorXd::Zero(1);
    head.standardizer.scale = Eigen::VectorXd::Ones(1);
    head.softmax.weights = Eigen::MatrixXd::Zero(kClassCount, 2);
    head.softmax.weights(0, 0) = 1.0; // gunfire logit = x
    std::vector<LabelledExample> examples;
    for (int i = 0; i < 100; ++i) { // non-gunfire at x = -3 .. -1, one outlier at x = 5
      examples.push_back({Eigen::VectorXd::Constant(1, i == 0 ? 5.0 : -3.0 + 0.02 * i), 1, "g"});
    }
    for (int i = 0; i < 10; ++i) { // gunfire at x = 0 .. 0.9 and one at x = 6
      examples.push_back({Eigen::VectorXd::Constant(1, i == 0 ? 6.0 : 0.1 * i), 0, "g"});
    }
    const HeadEvaluation e = evaluateHead(head, examples);
    QVERIFY(std::abs(e.gunfire_auc - (1.0 - 9.0 / 1000.0)) < 1e-9); // the outlier beats 9
    QCOMPARE(e.recall_at_2pct_false, 1.0); // 1 of 100 non-gunfire above every gunfire
  }

  // The cost-aware call: gunfire whenever P(gunfire) reaches the threshold, else the most
  // probable class; the threshold fitted is the lowest that keeps false gunfire in budget.
  void gunfireThresholdCallsByBudget() {
    Eigen::RowVectorXd p(3);
    p << 0.35, 0.6, 0.05;
    QCOMPARE(calledClass(p), 1);
    QCOMPARE(calledClass(p, 0.3), 0);
    QCOMPARE(calledClass(p, 0.4), 1);
    // 100 non-gunfire with P(gunfire) 0.01 .. 0.40, 10 gunfire at 0.30 .. 0.48.
    Eigen::MatrixXd probabilities(110, 3);
    std::vector<int> labels;
    for (int i = 0; i < 100; ++i) {
      const double g = 0.01 + 0.39 * i / 99.0;
      probabilities.row(i) << g, 1.0 - g, 0.0;
      labels.push_back(1);
    }
    for (int i = 0; i < 10; ++i) {
      const double g = 0.30 + 0.02 * i;
      probabilities.row(100 + i) << g, 1.0 - g, 0.0;
      labels.push_back(0);
    }
    // 2 % of 100: the two highest non-gunfire (0.396, 0.40) may be called, not a third.
    const double t = fitGunfireThreshold(probabilities, labels, 0.02);
    QVERIFY(t > 0.39 && t <= 0.3961);
    QCOMPARE(confusionMatrix(probabilities, labels, t)[1][0], 2);
    QCOMPARE(confusionMatrix(probabilities, labels, t)[0][0], 5); // 0.40 .. 0.48
    // No budget: down to the lowest gunfire P above every non-gunfire one (0.42 > 0.40).
    QVERIFY(std::abs(fitGunfireThreshold(probabilities, labels, 0.0) - 0.42) < 1e-9);
    QCOMPARE(confusionMatrix(probabilities, labels)[0][0], 0); // argmax: all fireworks
  }

  void locatedIncidentsAreLabelledByTheEvaluationRule() {
    // Truth: a burst at the origin and a firecracker string 2 km east. Incidents: the
    // burst (its own), a second piece of the burst 150 m off, a ghost 1 km north and
    // one near the fireworks but 20 s later (no event then): ghosts.
    const GeodeticPosition origin{41.88, -87.63, 180.0};
    const LocalEnuFrame frame(origin);
    ScenarioTruth truth;
    TruthEvent burst;
    burst.eventClass = IncidentClass::Gunfire;
    burst.position = origin;
    burst.time_utc_ns = secondsToNanos(10.0);
    burst.shot_times_utc_ns = {secondsToNanos(10.0), secondsToNanos(10.1), secondsToNanos(10.2)};
    TruthEvent crackers = burst;
    crackers.eventClass = IncidentClass::Fireworks;
    crackers.position = frame.toGeodetic(Eigen::Vector3d(2000, 0, 0));
    truth.events = {burst, crackers};
    auto incidentAt = [&](double east, double north, double t) {
      Incident i;
      i.position = frame.toGeodetic(Eigen::Vector3d(east, north, 0));
      i.time_utc_ns = secondsToNanos(t);
      return i;
    };
    IncidentsFile file;
    file.incidents = {incidentAt(150, 0, 10.1), incidentAt(10, 5, 10.0), incidentAt(0, 1000, 10.0),
                      incidentAt(2010, 0, 30.0), incidentAt(1990, 30, 10.5)};
    const auto eventOf = truthEventOfIncidents(truth, file);
    QCOMPARE(eventOf.size(), std::size_t(5));
    QCOMPARE(eventOf[0], std::optional<std::size_t>(0)); // a split piece of the burst
    QCOMPARE(eventOf[1], std::optional<std::size_t>(0)); // the burst's own incident
    QVERIFY(!eventOf[2]);                                // a ghost: matches no event
    QVERIFY(!eventOf[3]);                                // the right place, wrong time
    QCOMPARE(eventOf[4], std::optional<std::size_t>(1));
  }

  // A class that depends on two features jointly (here: the level counts one way for
  // one pulse shape and the other way for another) is beyond a linear head; with the
  // pair products the head learns it, and the products survive the model file.
  void pairProductsLearnJointEvidence() {
    const auto &names = incidentFeatureNames();
    const auto index = [&](const char *name) {
      return Eigen::Index(std::find(names.begin(), names.end(), name) - names.begin());
    };
    const Eigen::Index rise = index("pulse.log_rise_ms");
    const Eigen::Index level = index("shot.source_level_db");
    std::mt19937_64 rng(11);
    std::normal_distribution<double> noise(0.0, 1.0);
    auto examples = [&](int count, const std::string &prefix) {
      std::vector<LabelledExample> out;
      for (int i = 0; i < count; ++i) {
        Eigen::VectorXd x(Eigen::Index(names.size()));
        for (Eigen::Index j = 0; j < x.size(); ++j) {
          x(j) = 0.0; // the rest say nothing (noise here would only test overfitting)
        }
        x(rise) = noise(rng);
        x(level) = 135.0 + 8.0 * noise(rng);
        const double joint = x(rise) * (x(level) - 135.0);
        const int label = joint > 0.0 ? 0 : (i % 2 == 0 ? 1 : 2);
        out.push_back({x, label, prefix + std::to_string(i % 8)});
      }
      return out;
    };
    const auto train = examples(1200, "s");
    const auto test = examples(400, "t");
    HeadTrainingOptions linear;
    linear.softmax.l2 = 0.1;
    HeadTrainingOptions paired = linear;
    paired.pair_features = physicsPairFeatures();
    const ClassifierHead linearHead = trainHead(names, train, linear).head;
    const ClassifierHead pairedHead = trainHead(names, train, paired).head;
    QVERIFY(linearHead.pairs.empty());
    const auto present = std::size_t(std::count_if(
        physicsPairFeatures().begin(), physicsPairFeatures().end(), [&](const std::string &n) {
          return std::find(names.begin(), names.end(), n) != names.end();
        }));
    QCOMPARE(pairedHead.pairs.size(), present * (present + 1) / 2); // with squares
    const HeadEvaluation lin = evaluateHead(linearHead, test);
    const HeadEvaluation pair = evaluateHead(pairedHead, test);
    QVERIFY2(lin.gunfire_recall < 0.8 || lin.non_gunfire_called_gunfire > 0.2,
             "a linear head should not separate a joint (product) class");
    QVERIFY2(pair.gunfire_recall > 0.9 && pair.non_gunfire_called_gunfire < 0.1,
             (formatHeadEvaluation(lin) + formatHeadEvaluation(pair)).c_str());

    ClassifierModel model;
    model.incident = pairedHead;
    model.clip = pairedHead;
    model.clip.feature_names = clipFeatureNames();
    std::vector<LabelledExample> clipTrain;
    for (const auto &e : train) {
      clipTrain.push_back(
          {Eigen::VectorXd(e.features.head(Eigen::Index(clipFeatureNames().size()))), e.label,
           e.group});
    }
    model.clip = trainHead(clipFeatureNames(), clipTrain, paired).head;
    model.manifest_json = R"({"data":"pairs test"})";
    QTemporaryDir dir;
    const std::string path = dir.filePath("pairs.json").toStdString();
    saveClassifierModel(path, model);
    const ClassifierModel loaded = loadClassifierModel(path);
    QCOMPARE(loaded.incident.pairs, pairedHead.pairs);
    const auto s0 = pairedHead.scores(test[0].features);
    const auto s1 = loaded.incident.scores(test[0].features);
    for (std::size_t c = 0; c < s0.size(); ++c) {
      QVERIFY(std::abs(s0[c] - s1[c]) < 1e-12);
    }
    // A pair naming a feature the model does not have is refused, naming the field.
    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray bad = f.readAll();
    f.close();
    const QByteArray first = "[" + QByteArray::number(pairedHead.pairs[0][0]) + "," +
                             QByteArray::number(pairedHead.pairs[0][1]) + "]";
    QByteArray compact = QByteArray(bad).replace(" ", "").replace("\n", "");
    QVERIFY2(compact.contains(first), "pairs are written as [i,j]");
    const std::string badPath = dir.filePath("bad-pairs.json").toStdString();
    QFile b(QString::fromStdString(badPath));
    QVERIFY(b.open(QIODevice::WriteOnly));
    b.write(compact.replace("\"pairs\":[" + first, "\"pairs\":[[0,999]"));
    b.close();
    try {
      loadClassifierModel(badPath);
      QFAIL("a pair outside the feature list was accepted");
    } catch (const InputError &e) {
      QVERIFY2(std::string(e.what()).find("pairs") != std::string::npos, e.what());
    }
  }

  void modelFileRoundTripsAndRejectsBadFiles() {
    SyntheticScene scene(5);
    const auto train = scene.examples(300, "g");
    ClassifierModel model;
    model.incident = trainHead(incidentFeatureNames(), train).head;
    std::vector<LabelledExample> clipTrain;
    for (const auto &e : train) {
      clipTrain.push_back(
          {Eigen::VectorXd(e.features.head(Eigen::Index(clipFeatureNames().size()))), e.label,
           e.group});
    }
    model.clip = trainHead(clipFeatureNames(), clipTrain).head;
    model.manifest_json = R"({"data":"synthetic test"})";
    QTemporaryDir dir;
    const std::string path = dir.filePath("model.json").toStdString();
    saveClassifierModel(path, model);
    const ClassifierModel loaded = loadClassifierModel(path);
    const Eigen::VectorXd x = train[0].features;
    const auto s0 = model.incident.scores(x);
    const auto s1 = loaded.incident.scores(x);
    for (int c = 0; c < kClassCount; ++c) {
      QVERIFY(std::abs(s0[std::size_t(c)] - s1[std::size_t(c)]) < 1e-12);
    }
    QVERIFY(loaded.manifest_json.find("synthetic test") != std::string::npos);

    // A model trained before the last features were added reads only its own.
    {
      const auto &all = incidentFeatureNames();
      const std::vector<std::string> older(all.begin(), all.end() - 2);
      std::vector<Eigen::Index> keep;
      for (const std::string &name : older) {
        keep.push_back(Eigen::Index(std::find(all.begin(), all.end(), name) - all.begin()));
      }
      std::vector<LabelledExample> olderTrain;
      for (const auto &e : train) {
        olderTrain.push_back({Eigen::VectorXd(e.features(keep)), e.label, e.group});
      }
      ClassifierModel olderModel = model;
      olderModel.incident = trainHead(older, olderTrain).head;
      const std::string olderPath = dir.filePath("older.json").toStdString();
      saveClassifierModel(olderPath, olderModel);
      const ClassifierModel olderLoaded = loadClassifierModel(olderPath);
      QCOMPARE(olderLoaded.incident.feature_names, older);
      const auto o0 = olderModel.incident.scores(olderTrain[0].features);
      const auto o1 = olderLoaded.incident.scores(x);
      for (int c = 0; c < kClassCount; ++c) {
        QVERIFY(std::abs(o0[std::size_t(c)] - o1[std::size_t(c)]) < 1e-12);
      }
    }

    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray good = f.readAll();
    f.close();
    auto expectError = [&](const QByteArray &content, const std::string &needle) {
      const std::string bad = dir.filePath("bad.json").toStdString();
      QFile b(QString::fromStdString(bad));
      QVERIFY(b.open(QIODevice::WriteOnly | QIODevice::Truncate));
      b.write(content);
      b.close();
      try {
        loadClassifierModel(bad);
        QFAIL("a bad model file was accepted");
      } catch (const InputError &e) {
        QCOMPARE(e.file(), bad);
        QVERIFY2(std::string(e.what()).find(needle) != std::string::npos, e.what());
      }
    };
    expectError(good.left(good.size() / 2), "not valid JSON");
    expectError(QByteArray(good).replace("salvo-classifier/1", "salvo-classifier/0"), "format");
    expectError(QByteArray(good).replace("pulse.flatness", "pulse.flatnesz"), "features");
    expectError(QByteArray(good).replace("\"temperature\"", "\"temperatur\""), "temperature");
    expectError(QByteArray(good).replace("\"manifest\"", "\"manifesto\""), "manifest");
    try {
      loadClassifierModel(dir.filePath("absent.json").toStdString());
      QFAIL("a missing model file was accepted");
    } catch (const InputError &e) {
      QVERIFY(std::string(e.what()).find("absent.json") != std::string::npos);
    }
  }
};

QTEST_GUILESS_MAIN(TestClassifier)
#include "TestClassifier.moc"
