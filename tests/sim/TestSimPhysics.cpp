#include "SimTestScene.h"

#include "geo/Wgs84.h"
#include "sim/Atmosphere.h"
#include "sim/PropagationPath.h"
#include "sim/RealFft.h"
#include "sim/ScenarioPresets.h"
#include "sim/SimEvents.h"
#include "sim/SourceModels.h"

#include <QTest>

#include <cmath>
#include <complex>
#include <numbers>

using namespace salvo;
using namespace salvo::sim;
using namespace salvo::sim::testing;

class TestSimPhysics : public QObject {
  Q_OBJECT

private slots:
  void airAbsorptionMatchesIso9613Tables() {
    // ISO 9613-2:1996 table 2 (computed from ISO 9613-1), dB/km at octave mid-bands.
    Weather air;
    air.temperature_c = 20.0;
    air.relative_humidity_pct = 70.0;
    const double bands[] = {125.0, 250.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0};
    const double table20c70[] = {0.3, 1.1, 2.8, 5.0, 9.0, 22.9, 76.6};
    for (int i = 0; i < 7; ++i) {
      const double alpha = airAbsorption_dB_per_m(bands[i], air) * 1000.0;
      QVERIFY2(std::abs(alpha - table20c70[i]) < 0.06 * table20c70[i] + 0.06,
               qPrintable(QString("%1 Hz: %2 dB/km").arg(bands[i]).arg(alpha)));
    }
    air.temperature_c = 10.0;
    const double table10c70[] = {0.4, 1.0, 1.9, 3.7, 9.7, 32.8, 117.0};
    for (int i = 0; i < 7; ++i) {
      const double alpha = airAbsorption_dB_per_m(bands[i], air) * 1000.0;
      QVERIFY2(std::abs(alpha - table10c70[i]) < 0.06 * table10c70[i] + 0.06,
               qPrintable(QString("%1 Hz: %2 dB/km").arg(bands[i]).arg(alpha)));
    }
  }

  void speedOfSoundFromTemperature() {
    QVERIFY(std::abs(dryAirSpeedOfSound_mps(20.0) - 343.2) < 0.15);
    QVERIFY(std::abs(dryAirSpeedOfSound_mps(0.0) - 331.3) < 0.15);
    Weather humid;
    humid.temperature_c = 30.0;
    humid.relative_humidity_pct = 90.0;
    const double c = speedOfSound_mps(humid);
    // Water vapour is lighter than air: faster, by a few tenths of a percent at 30 C.
    QVERIFY(c > dryAirSpeedOfSound_mps(30.0) + 0.8);
    QVERIFY(c < dryAirSpeedOfSound_mps(30.0) + 3.0);
  }

  void analyticSpectrumInvertsToTheWaveform() {
    // The band-limited render of a Friedlander pulse equals the pulse itself away from the
    // instantaneous rise, and it is where the delay says it is.
    SourcePulse pulse;
    PulseComponent c;
    c.peak_pa = 100.0;
    c.duration_s = 2e-3;
    c.shape = 1.3;
    pulse.components.push_back(c);
    const double rate = 48000.0;
    const std::size_t size = 4096;
    std::vector<std::complex<double>> bins(size / 2 + 1);
    pulseSpectrum(pulse, rate, size, bins);
    const double delay = 100.25; // samples
    for (std::size_t k = 0; k < bins.size(); ++k) {
      bins[k] *= std::polar(1.0, -2.0 * std::numbers::pi * k * delay / size);
    }
    bins.back() = {bins.back().real(), 0.0};
    std::vector<double> wave(size);
    RealInverseFft(size).inverse(bins, wave);
    double worst = 0.0;
    for (std::size_t n = 110; n < 600; ++n) {
      const double t = (n - delay) / rate;
      const double expected = 100.0 * (1.0 - t / 2e-3) * std::exp(-1.3 * t / 2e-3);
      worst = std::max(worst, std::abs(wave[n] - expected));
    }
    QVERIFY2(worst < 1.5, qPrintable(QString::number(worst))); // 1.5 % of the peak
    QVERIFY(std::abs(wave[90]) < 3.0); // nothing before the arrival but the band limit's ripple
  }

  void arrivalsMatchWgs84DistanceOverSoundSpeed() {
    SimScenario scene = quietScene();
    scene.duration_s = 8.0;
    // The delay itself, on the zero-phase rendering: its low-passed step is symmetric about
    // the arrival, so the half-rise point is the arrival time. The causal rendering starts
    // there and reaches half height a little later (checked below).
    scene.propagation.causal_filters = false;
    const Eigen::Vector3d placements[] = {{35.0, 12.0, 6.0},
                                          {-210.0, 140.0, 25.0},
                                          {420.0, -310.0, 3.0},
                                          {-50.0, -640.0, 150.0},
                                          {780.0, 390.0, 60.0}};
    const double clockErrors[] = {3e-7, -8e-7, 1.2e-6, 0.0, 0.012};
    for (int i = 0; i < 5; ++i) {
      SimSensor sensor = silentSensor(scene, ("S" + std::to_string(i + 1)).c_str(), placements[i]);
      sensor.clock_error_s = clockErrors[i];
      scene.sensors.push_back(sensor);
    }
    const LocalEnuFrame frame(scene.origin);
    EventFactory factory(scene.city, frame, scene.start_utc_ns);
    SimRng rng(11);
    scene.events.push_back(
        factory.gunfire(rng, 0.3137, Eigen::Vector2d(60.0, -80.0), WeaponClass::Handgun, 3, false));
    scene.events.push_back(
        factory.gunfire(rng, 1.9, Eigen::Vector2d(-300.0, 220.0), WeaponClass::Shotgun, 1, false));
    factory.takeSources(scene.emissions, scene.tones);
    const ScenarioTruth truth = scene.truth();
    const ScenarioManifest manifest = scenarioManifest(scene);
    double worst = 0.0;
    for (std::size_t s = 0; s < scene.sensors.size(); ++s) {
      const std::vector<float> audio = renderSensor(scene, s);
      // What an analyst knows: stamped start, clock error, WGS84 positions, true c.
      const UtcNs trueStart =
          manifest.sensors[s].start_utc_ns - secondsToNanos(truth.sensors[s].clock_error_s);
      for (const auto &event : truth.events) {
        const double range = slantDistance_m(event.position, manifest.sensors[s].position);
        for (UtcNs shot : event.shot_times_utc_ns) {
          const double expected =
              (nanosToSeconds(shot - trueStart) + range / truth.speed_of_sound_mps) * 16000.0;
          const double measured = halfRiseSample(audio, expected, 12);
          worst = std::max(worst, std::abs(measured - expected));
          QVERIFY2(std::abs(measured - expected) < 1.0,
                   qPrintable(QString("sensor %1 expected %2 measured %3")
                                  .arg(s)
                                  .arg(expected, 0, 'f', 3)
                                  .arg(measured, 0, 'f', 3)));
        }
      }
    }
    qInfo("worst arrival error %.3f samples", worst);
    // Causal absorption: the pulse starts at its arrival, never before; its half-rise is
    // at most a few samples later (the high frequencies 800 m of air take off).
    scene.propagation.causal_filters = true;
    for (std::size_t s = 0; s < scene.sensors.size(); ++s) {
      const std::vector<float> audio = renderSensor(scene, s);
      const UtcNs trueStart =
          manifest.sensors[s].start_utc_ns - secondsToNanos(truth.sensors[s].clock_error_s);
      const auto &event = truth.events.front();
      const double range = slantDistance_m(event.position, manifest.sensors[s].position);
      const double expected = (nanosToSeconds(event.shot_times_utc_ns.front() - trueStart) +
                               range / truth.speed_of_sound_mps) *
                              16000.0;
      const double lag = halfRiseSample(audio, expected, 12) - expected;
      QVERIFY2(lag > -0.5 && lag < 4.0, qPrintable(QString("sensor %1 half-rise %2 samples after "
                                                           "the arrival")
                                                       .arg(s)
                                                       .arg(lag, 0, 'f', 3)));
    }
  }

  // The `hilly` preset's terrain and rooftop sensors (tens to 150+ m above or below the
  // shots): every line-of-sight arrival still lands at the 3D WGS84 slant distance / c.
  void hillyArrivalsMatch3dWgs84DistanceOverSoundSpeed() {
    ScenarioRequest request;
    request.preset = "hilly";
    request.seed = 4;
    request.duration_s = 12.0;
    SimScenario scene = buildScenario(request);
    // Keep the hills, the sensors and their clocks; drop the buildings, echoes and noise
    // so that only terrain can block and every arrival is a clean single pulse.
    scene.city.buildings().clear();
    scene.city.indexBuildings();
    scene.propagation.ground_reflection = false;
    scene.propagation.facade_echoes = false;
    scene.propagation.causal_filters = false; // half-rise = arrival (see above)
    scene.emissions.clear();
    scene.tones.clear();
    scene.schedule.clear();
    scene.events.clear();
    for (auto &sensor : scene.sensors) {
      sensor.noise = silentSensor(scene, "x", sensor.enu_m).noise;
      sensor.dropouts_s.clear();
      sensor.full_scale_pa = 632.0;
    }
    const double rate = scene.sensors.front().sample_rate_hz;
    QCOMPARE(rate, 12000.0);
    const LocalEnuFrame frame(scene.origin);
    EventFactory factory(scene.city, frame, scene.start_utc_ns);
    SimRng rng(5);
    // Shotgun blasts (T+ 1.5-2.8 ms): at 12 kHz a handgun's 0.6 ms positive phase is only
    // seven samples, and the band limit then pulls its half-rise point up to a sample early
    // however exact the delay is.
    const Eigen::Vector2d spots[] = {{-400.0, 250.0}, {300.0, -350.0}, {100.0, 500.0}};
    for (int i = 0; i < 3; ++i) {
      scene.events.push_back(
          factory.gunfire(rng, 0.3 + 3.7 * i, spots[i], WeaponClass::Shotgun, 1, false));
    }
    factory.takeSources(scene.emissions, scene.tones);
    const ScenarioTruth truth = scene.truth();
    const ScenarioManifest manifest = scenarioManifest(scene);
    int checked = 0;
    double largestDrop_m = 0.0;
    double worst = 0.0;
    for (std::size_t s = 0; s < scene.sensors.size(); ++s) {
      const std::vector<float> audio = renderSensor(scene, s);
      const UtcNs trueStart =
          manifest.sensors[s].start_utc_ns - secondsToNanos(truth.sensors[s].clock_error_s);
      for (std::size_t e = 0; e < truth.events.size(); ++e) {
        const Emission &shot = scene.emissions[e];
        if (scene.city.obstruction(shot.position_m, scene.sensors[s].enu_m).blocked) {
          continue; // a ridge in the way: the first arrival is diffracted, later
        }
        const auto &event = truth.events[e];
        const double range = slantDistance_m(event.position, manifest.sensors[s].position);
        const double expected = (nanosToSeconds(event.shot_times_utc_ns.front() - trueStart) +
                                 range / truth.speed_of_sound_mps) *
                                rate;
        const double measured = halfRiseSample(audio, expected, 10);
        worst = std::max(worst, std::abs(measured - expected));
        QVERIFY2(std::abs(measured - expected) < 1.0,
                 qPrintable(QString("sensor %1 event %2 expected %3 measured %4")
                                .arg(s)
                                .arg(e)
                                .arg(expected, 0, 'f', 3)
                                .arg(measured, 0, 'f', 3)));
        largestDrop_m = std::max(
            largestDrop_m, std::abs(manifest.sensors[s].position.alt_m - event.position.alt_m));
        ++checked;
      }
    }
    qInfo("hilly: %d line-of-sight arrivals, worst error %.3f samples, height difference up to "
          "%.0f m",
          checked, worst, largestDrop_m);
    QVERIFY(checked >= 6);
    QVERIFY(largestDrop_m > 50.0); // the third dimension matters here
  }

  void levelsFallAsSpreadingAndAbsorption() {
    SimScenario scene = quietScene();
    const Eigen::Vector3d source(0.0, 0.0, 10.0);
    const double ranges[] = {100.0, 200.0, 400.0, 800.0};
    for (int i = 0; i < 4; ++i) {
      scene.sensors.push_back(silentSensor(scene, ("S" + std::to_string(i)).c_str(),
                                           Eigen::Vector3d(ranges[i], 0.0, 10.0)));
    }
    scene.emissions.push_back(blastAt(source, 0.2, 165.0, 1e-3));
    const double c = scene.speedOfSound_mps();
    std::vector<double> bandDb;
    for (std::size_t s = 0; s < 4; ++s) {
      const std::vector<float> audio = renderSensor(scene, s);
      const auto arrival = static_cast<std::size_t>((0.2 + ranges[s] / c) * 16000.0);
      // The 1 kHz third-octave band, over 128 ms from just before the arrival.
      bandDb.push_back(10.0 *
                       std::log10(bandEnergy(audio, arrival - 64, 2048, 16000.0, 891.0, 1122.0)));
    }
    const double alpha = airAbsorption_dB_per_m(1000.0, scene.weather);
    for (int i = 1; i < 4; ++i) {
      const double predicted =
          20.0 * std::log10(ranges[i] / ranges[0]) + alpha * (ranges[i] - ranges[0]);
      const double measured = bandDb[0] - bandDb[static_cast<std::size_t>(i)];
      QVERIFY2(std::abs(measured - predicted) < 1.0,
               qPrintable(QString("%1 m: fell %2 dB, predicted %3 dB")
                              .arg(ranges[i])
                              .arg(measured)
                              .arg(predicted)));
    }
    // High frequencies fall faster than low ones (absorption grows with f^2).
    // (Checked through the 4 kHz band at 800 m against 100 m.)
    std::vector<float> nearAudio = renderSensor(scene, 0);
    std::vector<float> farAudio = renderSensor(scene, 3);
    const auto nearStart = static_cast<std::size_t>((0.2 + 100.0 / c) * 16000.0) - 64;
    const auto farStart = static_cast<std::size_t>((0.2 + 800.0 / c) * 16000.0) - 64;
    const double high =
        10.0 * std::log10(bandEnergy(nearAudio, nearStart, 2048, 16000.0, 3900.0, 4100.0) /
                          bandEnergy(farAudio, farStart, 2048, 16000.0, 3900.0, 4100.0));
    const double predictedHigh =
        20.0 * std::log10(8.0) + airAbsorption_dB_per_m(4000.0, scene.weather) * 700.0;
    QVERIFY2(std::abs(high - predictedHigh) < 1.0, qPrintable(QString::number(high)));
  }

  void blockedPathIsDiffractedWeakerAndLater() {
    SimScenario scene = quietScene();
    Building wall;
    wall.center_east_m = 150.0;
    wall.half_length_m = 5.0;
    wall.half_width_m = 60.0;
    wall.base_up_m = -1.0;
    wall.roof_up_m = 20.0;
    scene.city.buildings().push_back(wall);
    scene.sensors.push_back(silentSensor(scene, "OPEN", Eigen::Vector3d(0.0, 300.0, 2.0)));
    scene.sensors.push_back(silentSensor(scene, "SHADOW", Eigen::Vector3d(300.0, 0.0, 2.0)));
    // The same distance (300 m) to both, but a 20 m building stands in front of SHADOW.
    scene.emissions.push_back(blastAt(Eigen::Vector3d(0.0, 0.0, 2.0), 0.1, 160.0, 1e-3));
    const double c = scene.speedOfSound_mps();
    const std::vector<float> open = renderSensor(scene, 0);
    const std::vector<float> shadow = renderSensor(scene, 1);
    const double direct = (0.1 + 300.0 / c) * 16000.0;
    const double openRise = halfRiseSample(open, direct, 20);
    QVERIFY(std::abs(openRise - direct) < 1.0);
    // Over the roof: up 18 m at 145 m, across 10 m, down to 2 m at 300 m.
    const double over = std::hypot(145.0, 18.0) + 10.0 + std::hypot(145.0, 18.0);
    const double diffracted = (0.1 + over / c) * 16000.0;
    float openPeak = 0.0f;
    float shadowPeak = 0.0f;
    double shadowPeakAt = 0.0;
    for (std::size_t i = 0; i < open.size(); ++i) {
      openPeak = std::max(openPeak, std::abs(open[i]));
      if (std::abs(shadow[i]) > shadowPeak) {
        shadowPeak = std::abs(shadow[i]);
        shadowPeakAt = static_cast<double>(i);
      }
    }
    // Later: the first sound comes over the roof, never before the straight line.
    for (std::size_t i = 0; i < static_cast<std::size_t>(direct + 10.0); ++i) {
      QVERIFY2(std::abs(shadow[i]) < 0.01 * openPeak, qPrintable(QString::number(i)));
    }
    QVERIFY2(std::abs(shadowPeakAt - diffracted) < 8.0,
             qPrintable(QString::number(shadowPeakAt - diffracted)));
    // Weaker: ISO 9613-2 gives 10 log10(3 + 20 * 2.2 m / lambda) = 15-20 dB at 0.5-2 kHz.
    QVERIFY2(20.0 * std::log10(openPeak / shadowPeak) > 12.0,
             qPrintable(QString::number(20.0 * std::log10(openPeak / shadowPeak))));
  }

  void facadeEchoComesFromTheImageSource() {
    SimScenario scene = quietScene();
    scene.propagation.facade_echoes = true;
    Building block;
    block.center_east_m = 0.0;
    block.center_north_m = 120.0;
    block.half_length_m = 80.0;
    block.half_width_m = 20.0;
    block.base_up_m = -1.0;
    block.roof_up_m = 30.0;
    scene.city.buildings().push_back(block);
    // Source and sensor 200 m apart along a facade 100 m to their north.
    scene.sensors.push_back(silentSensor(scene, "S", Eigen::Vector3d(100.0, 0.0, 2.0)));
    scene.emissions.push_back(blastAt(Eigen::Vector3d(-100.0, 0.0, 2.0), 0.1, 160.0, 1e-3));
    const double c = scene.speedOfSound_mps();
    const std::vector<float> audio = renderSensor(scene, 0);
    const double echoLength = std::hypot(200.0, 200.0); // image 200 m north of the source
    const double echo = (0.1 + echoLength / c) * 16000.0;
    const double rise = halfRiseSample(audio, echo, 6);
    QVERIFY2(std::abs(rise - echo) < 1.0, qPrintable(QString::number(rise - echo)));
    // Its amplitude: reflection 0.8 over the longer path, against the direct one, compared
    // in the 150-500 Hz band where absorption over the extra 83 m is below 0.1 dB.
    const auto direct = static_cast<std::size_t>((0.1 + 200.0 / c) * 16000.0);
    const auto echoStart = static_cast<std::size_t>(echo);
    const double directEnergy = bandEnergy(audio, direct - 64, 1024, 16000.0, 150.0, 500.0);
    const double echoEnergy = bandEnergy(audio, echoStart - 64, 1024, 16000.0, 150.0, 500.0);
    const double expected = 0.8 * 200.0 / echoLength;
    const double measured = std::sqrt(echoEnergy / directEnergy);
    QVERIFY2(std::abs(measured - expected) < 0.05 * expected,
             qPrintable(QString::number(measured)));
  }

  void nearShotClipsFarShotDoesNot() {
    SimScenario scene = quietScene();
    SimSensor near = silentSensor(scene, "NEAR", Eigen::Vector3d(4.0, 0.0, 1.5));
    near.full_scale_pa = 200.0; // 140 dB SPL
    SimSensor far = silentSensor(scene, "FAR", Eigen::Vector3d(400.0, 0.0, 1.5));
    far.full_scale_pa = 200.0;
    scene.sensors = {near, far};
    SimRng rng(3);
    Emission shot;
    shot.offset_ns = secondsToNanos(0.5);
    shot.position_m = {0.0, 0.0, 1.5};
    shot.pulse = makeWeaponShot(WeaponClass::Handgun, rng).blast; // fired east, at both
    scene.emissions.push_back(shot);
    const std::vector<float> nearAudio = renderSensor(scene, 0);
    const std::vector<float> farAudio = renderSensor(scene, 1);
    int clipped = 0;
    float farPeak = 0.0f;
    for (std::size_t i = 0; i < nearAudio.size(); ++i) {
      clipped += (nearAudio[i] >= 32767.0f / 32768.0f || nearAudio[i] <= -1.0f) ? 1 : 0;
      farPeak = std::max(farPeak, std::abs(farAudio[i]));
      // Everything is on the 16-bit grid.
      QCOMPARE(std::nearbyint(nearAudio[i] * 32768.0f), nearAudio[i] * 32768.0f);
    }
    QVERIFY2(clipped >= 2, qPrintable(QString::number(clipped)));
    QVERIFY(farPeak > 0.001f && farPeak < 0.5f);
  }

  void rifleBulletCrackArrivesBeforeTheBlast() {
    SimScenario scene = quietScene(48000.0);
    // Fired east; the sensor is 300 m down range, 25 m to the side.
    scene.sensors.push_back(silentSensor(scene, "S", Eigen::Vector3d(300.0, 25.0, 1.5), 48000.0));
    Emission shot;
    shot.offset_ns = secondsToNanos(0.2);
    shot.position_m = {0.0, 0.0, 1.5};
    SimRng rng(5);
    WeaponShot rifle = makeWeaponShot(WeaponClass::Rifle, rng);
    shot.pulse = rifle.blast;
    shot.supersonic = true;
    shot.bullet = rifle.bullet;
    shot.trajectory = {1.0, 0.0, 0.0};
    scene.emissions.push_back(shot);
    const double c = scene.speedOfSound_mps();
    const double mach = shot.bullet.speed_mps / c;
    const double beta = std::acos(1.0 / mach);
    const double along = 300.0 - 25.0 / std::tan(beta);
    const double crack = 0.2 + along / shot.bullet.speed_mps + 25.0 / std::sin(beta) / c;
    const double blast = 0.2 + std::hypot(300.0, 25.0) / c;
    QVERIFY(crack < blast - 0.1);
    const std::vector<float> audio = renderSensor(scene, 0);
    const double rise = halfRiseSample(audio, crack * 48000.0, 8);
    QVERIFY2(std::abs(rise - crack * 48000.0) < 1.0,
             qPrintable(QString::number(rise - crack * 48000.0)));
    // Whitham's N-wave at 25 m: tens of pascal, a fraction of a millisecond, and the
    // crack then is silent until the blast.
    const NWaveShape nwave = whithamNWave(shot.bullet, 25.0, c, 101325.0);
    QVERIFY(nwave.peak_pa > 20.0 && nwave.peak_pa < 300.0);
    QVERIFY(nwave.duration_s > 1e-4 && nwave.duration_s < 6e-4);
    float between = 0.0f;
    for (auto i = static_cast<std::size_t>((crack + 0.01) * 48000.0);
         i < static_cast<std::size_t>((blast - 0.002) * 48000.0); ++i) {
      between = std::max(between, std::abs(audio[i]));
    }
    QVERIFY(between < 0.02 * (nwave.peak_pa / 200.0) + 1e-4);
  }
};

QTEST_GUILESS_MAIN(TestSimPhysics)
#include "TestSimPhysics.moc"
