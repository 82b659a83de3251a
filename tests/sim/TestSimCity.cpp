// The city's geometry: line of sight between a street-level shot and raised microphones,
// the spatial index against a full scan, and diffraction that lets low frequencies through.
#include "SimTestScene.h"

#include "sim/CityModel.h"
#include "sim/PropagationPath.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <utility>

using namespace salvo;
using namespace salvo::sim;
using namespace salvo::sim::testing;

namespace {

Building box(double east_m, double north_m, double halfLength_m, double halfWidth_m,
             double roof_m) {
  Building b;
  b.center_east_m = east_m;
  b.center_north_m = north_m;
  b.half_length_m = halfLength_m;
  b.half_width_m = halfWidth_m;
  b.base_up_m = -1.0;
  b.roof_up_m = roof_m;
  return b;
}

} // namespace

class TestSimCity : public QObject {
  Q_OBJECT

private slots:
  void buildingBlocksOnlyBelowItsRoofAndOnTheLine() {
    // A shot 1.5 m above flat ground, a pole microphone at 5 m, 300 m east. The straight
    // line passes 150 m out at 3.25 m.
    const Eigen::Vector3d shot(0.0, 0.0, 1.5);
    const Eigen::Vector3d pole(300.0, 0.0, 5.0);
    CityModel low;
    low.buildings().push_back(box(150.0, 0.0, 10.0, 10.0, 3.0));   // a wall under the line
    low.buildings().push_back(box(150.0, 40.0, 10.0, 10.0, 60.0)); // tall, off the line
    low.indexBuildings();
    QVERIFY(!low.obstruction(shot, pole).blocked);
    CityModel high;
    high.buildings().push_back(box(150.0, 0.0, 10.0, 10.0, 3.5)); // reaches above the line
    high.indexBuildings();
    const Obstruction blocked = high.obstruction(shot, pole);
    QVERIFY(blocked.blocked);
    QCOMPARE(blocked.obstacles, 1);
    // Just over the edge: a path difference of centimetres, not metres.
    QVERIFY2(blocked.detour_m > 0.0 && blocked.detour_m < 0.05,
             qPrintable(QString::number(blocked.detour_m)));
  }

  void rooftopMicrophoneSeesPastItsNearEdgeNotAcrossItsRoof() {
    // A 40 m x 40 m, 20 m building; masts 3 m high, 1.5 m in from two opposite corners.
    CityModel city;
    city.buildings().push_back(box(300.0, 0.0, 20.0, 20.0, 20.0));
    city.indexBuildings();
    const Eigen::Vector3d nearCorner(281.5, -18.5, 23.0);
    const Eigen::Vector3d farCorner(318.5, 18.5, 23.0);
    const Eigen::Vector3d shot(200.0, 0.0, 1.5);
    QVERIFY(!city.obstruction(shot, nearCorner).blocked);
    // Across 39 m of roof the ray to the street drops 7 m: the roof's edge is in the way.
    const Obstruction across = city.obstruction(shot, farCorner);
    QVERIFY(across.blocked);
    QVERIFY2(across.detour_m < 1.0, qPrintable(QString::number(across.detour_m)));
  }

  void spatialIndexAgreesWithAFullScan() {
    CityConfig config;
    config.half_size_m = 900.0;
    config.building_density_per_km2 = 380.0;
    config.min_height_m = 10.0;
    config.max_height_m = 55.0;
    config.tall_fraction = 0.15;
    config.hill_relief_m = 80.0;
    SimRng rng(11);
    const CityModel indexed = CityModel::generate(config, rng);
    QVERIFY(indexed.buildings().size() > 800);
    CityModel scanned = indexed;
    (void)scanned.buildings(); // editing access drops the index: every query scans
    SimRng draw(12);
    int blockedCount = 0;
    for (int i = 0; i < 400; ++i) {
      const double e0 = draw.uniform(-1000.0, 1000.0);
      const double n0 = draw.uniform(-1000.0, 1000.0);
      // Half across the city (nearly always blocked), half within a street's reach.
      const double reach = i % 2 == 0 ? 1000.0 : 40.0;
      const double e1 = std::clamp(e0 + draw.uniform(-reach, reach), -1000.0, 1000.0);
      const double n1 = std::clamp(n0 + draw.uniform(-reach, reach), -1000.0, 1000.0);
      const Eigen::Vector3d a(e0, n0, indexed.groundUp_m(e0, n0) + 1.5);
      const Eigen::Vector3d b(e1, n1, indexed.groundUp_m(e1, n1) + draw.uniform(3.0, 80.0));
      const Obstruction x = indexed.obstruction(a, b);
      const Obstruction y = std::as_const(scanned).obstruction(a, b);
      QCOMPARE(x.blocked, y.blocked);
      QCOMPARE(x.obstacles, y.obstacles);
      QCOMPARE(x.detour_m, y.detour_m);
      QCOMPARE(indexed.segmentHitsBuilding(a, b, nullptr, nullptr),
               std::as_const(scanned).segmentHitsBuilding(a, b, nullptr, nullptr));
      const Building *at = indexed.buildingAt(e0, n0);
      const Building *scanAt = std::as_const(scanned).buildingAt(e0, n0);
      QCOMPARE(at == nullptr, scanAt == nullptr);
      if (at != nullptr) {
        QCOMPARE(at - indexed.buildings().data(),
                 scanAt - std::as_const(scanned).buildings().data());
      }
      blockedCount += x.blocked ? 1 : 0;
    }
    // Both kinds of segment were tried.
    QVERIFY2(blockedCount > 40 && blockedCount < 390, qPrintable(QString::number(blockedCount)));
  }

  // Behind a building the first arrival comes over the roof, later and low-passed; a real
  // diffracted (and absorbed) wave starts at its travel time. The renderer's filters are
  // minimum phase: no more sound before the arrival than a line-of-sight pulse has (its
  // band limit's own ringing), where the former zero-phase gains spread it earlier.
  void diffractedArrivalIsCausal() {
    const double rate = 12000.0;
    const double t0 = 0.1;
    auto scene = [&](bool causal) {
      SimScenario s = quietScene(rate);
      s.propagation.causal_filters = causal;
      // A 20 m building 10 m from a street-level shot, a microphone 400 m away 25 m up.
      s.city.buildings().push_back(box(20.0, 0.0, 10.0, 30.0, 20.0));
      s.sensors.push_back(silentSensor(s, "OPEN", Eigen::Vector3d(0.0, 400.0, 25.0), rate));
      s.sensors.push_back(silentSensor(s, "SHADOW", Eigen::Vector3d(400.0, 0.0, 25.0), rate));
      for (auto &sensor : s.sensors) {
        sensor.full_scale_pa = 2.0; // fine steps for the weak shadowed arrival
      }
      s.emissions.push_back(blastAt(Eigen::Vector3d(0.0, 0.0, 1.5), t0, 160.0, 0.8e-3));
      return s;
    };
    const SimScenario causal = scene(true);
    const double c = causal.speedOfSound_mps();
    const Eigen::Vector3d shot(0.0, 0.0, 1.5);
    const Obstruction roof = causal.city.obstruction(shot, causal.sensors[1].enu_m);
    QVERIFY(roof.blocked && roof.detour_m > 1.0);
    // Energy before the arrival (from 24 samples to 2 before it) over the arrival's.
    const auto earlyShare = [&](const std::vector<float> &audio, double arrival_s) {
      const double at = arrival_s * rate;
      double before = 0.0;
      double total = 0.0;
      for (auto n = static_cast<std::size_t>(at - 24.0); n < static_cast<std::size_t>(at + 120.0);
           ++n) {
        const double e = static_cast<double>(audio[n]) * audio[n];
        total += e;
        before += static_cast<double>(n) < at - 2.0 ? e : 0.0;
      }
      return before / total;
    };
    const double openArrival = t0 + (causal.sensors[0].enu_m - shot).norm() / c;
    const double shadowArrival = t0 + ((causal.sensors[1].enu_m - shot).norm() + roof.detour_m) / c;
    const double open = earlyShare(renderSensor(causal, 0), openArrival);
    const double shadow = earlyShare(renderSensor(causal, 1), shadowArrival);
    const double zeroPhase = earlyShare(renderSensor(scene(false), 1), shadowArrival);
    qInfo("sound before the arrival: line of sight %.2e, behind the roof %.2e (zero phase %.2e)",
          open, shadow, zeroPhase);
    QVERIFY2(shadow <= 2.0 * open + 1e-4, qPrintable(QString::number(shadow)));
    QVERIFY2(zeroPhase > 10.0 * shadow, qPrintable(QString::number(zeroPhase)));
  }

  void diffractionPassesLowFrequenciesAndCutsHighOnes() {
    SimScenario scene = quietScene();
    // A 10 m wall, 10 m thick, half-way along 300 m: a path difference of 0.44 m.
    scene.city.buildings().push_back(box(150.0, 0.0, 5.0, 60.0, 10.0));
    scene.sensors.push_back(silentSensor(scene, "OPEN", Eigen::Vector3d(0.0, 300.0, 2.0)));
    scene.sensors.push_back(silentSensor(scene, "SHADOW", Eigen::Vector3d(300.0, 0.0, 2.0)));
    for (auto &sensor : scene.sensors) {
      sensor.full_scale_pa = 20.0; // fine 16-bit steps for the weak shadowed bands
    }
    scene.emissions.push_back(blastAt(Eigen::Vector3d(0.0, 0.0, 2.0), 0.1, 160.0, 1e-3));
    const double c = scene.speedOfSound_mps();
    const Obstruction wall =
        scene.city.obstruction(Eigen::Vector3d(0.0, 0.0, 2.0), scene.sensors[1].enu_m);
    QVERIFY(wall.blocked);
    const std::vector<float> open = renderSensor(scene, 0);
    const std::vector<float> shadow = renderSensor(scene, 1);
    const auto openStart = static_cast<std::size_t>((0.1 + 300.0 / c) * 16000.0) - 256;
    const auto shadowStart =
        static_cast<std::size_t>((0.1 + (300.0 + wall.detour_m) / c) * 16000.0) - 256;
    double previous = 0.0;
    for (const double f : {125.0, 500.0, 2000.0}) {
      const double low = f / std::pow(2.0, 1.0 / 6.0);
      const double high = f * std::pow(2.0, 1.0 / 6.0);
      const double measured =
          10.0 * std::log10(bandEnergy(open, openStart, 4096, 16000.0, low, high) /
                            bandEnergy(shadow, shadowStart, 4096, 16000.0, low, high));
      // ISO 9613-2 eq. 14 at the band centre, plus the longer way's spreading.
      const double predicted = barrierAttenuation_db(wall.detour_m, f, c, wall.obstacles) +
                               20.0 * std::log10((300.0 + wall.detour_m) / 300.0);
      QVERIFY2(
          std::abs(measured - predicted) < 1.5,
          qPrintable(QString("%1 Hz: %2 dB, predicted %3 dB").arg(f).arg(measured).arg(predicted)));
      QVERIFY(measured > previous + 3.0); // each band two octaves up loses more
      previous = measured;
    }
  }
};

QTEST_GUILESS_MAIN(TestSimCity)
#include "TestSimCity.moc"
