// After association: rounds of a burst that association missed are found at the burst's
// place from the measured delays (a quieter round counts, a source-side reverberation copy
// — one that follows every round at the same delay — does not), and an incident made of another
// incident's reverberation is not reported while a real second source, louder where it is nearest,
// is.
#include "SyntheticNetwork.h"
#include "locate/EchoTail.h"
#include "locate/IncidentGrouper.h"
#include "locate/LocatePipeline.h"

#include <QTest>

#include <algorithm>
#include <limits>
#include <random>

using namespace salvo;
using namespace salvo::testing;

namespace {

// A located shot as association would give it: the true position and emission, exact
// arrivals on every sensor, levels by spherical spreading from `source_db` at 1 m.
LocatedShot locatedShot(const SyntheticWorld &world, const Eigen::Vector3d &source,
                        double emission_s, double source_db, double radius_m = 2.0) {
  LocatedShot shot;
  shot.epoch_utc_ns = kSyntheticEpoch_ns;
  shot.emission_utc_ns = kSyntheticEpoch_ns + secondsToNanos(emission_s);
  shot.solution.valid = true;
  shot.solution.position_enu_m = source;
  shot.solution.emission_s = emission_s;
  shot.solution.speed_of_sound_mps = world.speed_mps;
  shot.solution.horizontal_error_95_m = radius_m;
  for (std::size_t s = 0; s < world.sensors_enu_m.size(); ++s) {
    const double range_m = (world.sensors_enu_m[s] - source).norm();
    shot.sensor_indices.push_back(s);
    shot.arrival_utc_ns.push_back(kSyntheticEpoch_ns +
                                  secondsToNanos(emission_s + range_m / world.speed_mps));
    shot.arrival_peak_db_spl.push_back(source_db - 20.0 * std::log10(range_m));
  }
  return shot;
}

// The pulses of a located shot, one a sensor, shifted by `delay_s` and `gain_db`.
void addPulses(const LocatedShot &shot, double delay_s, double gain_db,
               std::vector<std::vector<Pulse>> &pulses) {
  for (std::size_t k = 0; k < shot.sensor_indices.size(); ++k) {
    Pulse p;
    p.sensor_index = shot.sensor_indices[k];
    p.onset_utc_ns = shot.arrival_utc_ns[k] + secondsToNanos(delay_s);
    p.peak_db_spl = shot.arrival_peak_db_spl[k] + gain_db;
    p.sample_rate_hz = 12000.0;
    pulses[p.sensor_index].push_back(p);
  }
}

std::vector<LocatedIncident> group(const SyntheticWorld &world, std::vector<LocatedShot> shots,
                                   const std::vector<std::vector<Pulse>> &pulses) {
  std::sort(shots.begin(), shots.end(), [](const LocatedShot &a, const LocatedShot &b) {
    return a.emission_utc_ns < b.emission_utc_ns;
  });
  IncidentGrouper grouper(world.sensors_enu_m, {}, &pulses);
  for (LocatedShot &s : shots) {
    grouper.addShot(std::move(s));
  }
  return grouper.flush();
}

} // namespace

class TestBurstsAndGhosts : public QObject {
  Q_OBJECT

private slots:
  void quieterRoundsMissedByAssociationAreCompleted() {
    std::mt19937_64 rng(5);
    const SyntheticWorld world = randomNetwork(rng, 7, 1200.0, 150.0);
    const Eigen::Vector3d source = groundSource(80.0, -60.0, 150.0);
    const LocatedShot first = locatedShot(world, source, 1.0, 140.0);
    std::vector<std::vector<Pulse>> pulses(world.sensors_enu_m.size());
    addPulses(first, 0.0, 0.0, pulses);
    addPulses(first, 0.064, -9.0, pulses); // reverberation at the source: not a round
    addPulses(first, 0.42, -8.0, pulses);  // round 2, 8 dB quieter (in round 1's echoes)
    addPulses(first, 0.42 + 0.064, -17.0, pulses);
    addPulses(first, 0.95, -3.0, pulses); // round 3
    addPulses(first, 0.95 + 0.064, -12.0, pulses);
    // Echoes: 20-600 ms late, a different delay at every sensor, so they never line up.
    std::uniform_real_distribution<double> late(0.02, 0.6);
    for (auto &list : pulses) {
      for (int e = 0; e < 6; ++e) {
        Pulse p = list.front();
        p.onset_utc_ns += secondsToNanos(late(rng));
        p.peak_db_spl -= 10.0;
        list.push_back(p);
      }
      std::sort(list.begin(), list.end(),
                [](const Pulse &a, const Pulse &b) { return a.onset_utc_ns < b.onset_utc_ns; });
    }
    std::vector<LocatedShot> shots{first};
    TdoaSolverOptions solver;
    solver.speed_of_sound_mps = world.speed_mps;
    const int added = completeBursts(world.sensors_enu_m, pulses, shots, solver, {});
    QCOMPARE(added, 2);
    const auto incidents = group(world, shots, pulses);
    QCOMPARE(incidents.size(), std::size_t(1));
    QCOMPARE(incidents[0].rounds, 3);
    QVERIFY((incidents[0].position_enu_m - source).head<2>().norm() < 5.0);
    const double gap_s = nanosToSeconds(incidents[0].shots[1].emission_utc_ns -
                                        incidents[0].shots[0].emission_utc_ns);
    QVERIFY2(std::abs(gap_s - 0.42) < 0.002, qPrintable(QString::number(gap_s)));

    // Switched off, association's single round stays single.
    std::vector<LocatedShot> alone{first};
    BurstCompletionOptions off;
    off.enabled = false;
    QCOMPARE(completeBursts(world.sensors_enu_m, pulses, alone, solver, off), 0);
  }

  // A rifle burst (70 ms cadence) at a place whose reverberation repeats every round 64 ms
  // later, 9 dB down. Round 3 lands in round 2's echoes and is measured 8 dB below it: a
  // level rule alone takes it for reverberation; the recurring delay tells it apart.
  void roundsAreToldFromSourceReverberationByTheRecurringDelay() {
    std::mt19937_64 rng(11);
    const SyntheticWorld world = randomNetwork(rng, 8, 1000.0, 100.0);
    const Eigen::Vector3d source = groundSource(-50.0, 90.0, 100.0);
    const std::vector<double> round_s{1.0, 1.070, 1.140, 1.212, 1.281};
    const std::vector<double> level_db{140.0, 142.0, 134.0, 140.0, 141.0};
    std::vector<std::vector<Pulse>> pulses(world.sensors_enu_m.size());
    std::vector<LocatedShot> rounds;
    for (std::size_t r = 0; r < round_s.size(); ++r) {
      rounds.push_back(locatedShot(world, source, round_s[r], level_db[r]));
      addPulses(rounds.back(), 0.0, 0.0, pulses);
      addPulses(rounds.back(), 0.064, -9.0, pulses);
    }
    for (auto &list : pulses) {
      std::sort(list.begin(), list.end(),
                [](const Pulse &a, const Pulse &b) { return a.onset_utc_ns < b.onset_utc_ns; });
    }
    // Association found rounds 1, 2, 4, 5 and also located the copies of rounds 1 and 4.
    auto found = [&] {
      return std::vector<LocatedShot>{rounds[0],
                                      rounds[1],
                                      rounds[3],
                                      rounds[4],
                                      locatedShot(world, source, round_s[0] + 0.064, 131.0),
                                      locatedShot(world, source, round_s[3] + 0.064, 131.0)};
    };
    TdoaSolverOptions solver;
    solver.speed_of_sound_mps = world.speed_mps;
    std::vector<LocatedShot> shots = found();
    QCOMPARE(completeBursts(world.sensors_enu_m, pulses, shots, solver, {}), 1);
    const auto incidents = group(world, shots, pulses);
    QCOMPARE(incidents.size(), std::size_t(1));
    QCOMPARE(incidents[0].rounds, 5);
    for (const LocatedShot &s : incidents[0].shots) {
      const double t_s = nanosToSeconds(s.emission_utc_ns - kSyntheticEpoch_ns);
      QVERIFY2(std::any_of(round_s.begin(), round_s.end(),
                           [&](double r) { return std::abs(t_s - r) < 0.002; }),
               qPrintable(QString("kept a shot at %1 s that is no round").arg(t_s)));
    }

    // Judged by level alone, round 3 is lost as round 2's reverberation.
    BurstCompletionOptions levelOnly;
    levelOnly.reverb.min_recurrences = std::numeric_limits<int>::max();
    std::vector<LocatedShot> again = found();
    QCOMPARE(completeBursts(world.sensors_enu_m, pulses, again, solver, levelOnly), 0);
  }

  // A rifle burst where one round is measured 8 dB below the one before (it lands in that
  // round's echoes), at a place that reverberates 64 ms after every round: the quiet round
  // is 80 ms after the previous one, and nothing follows the other rounds 80 ms later, so
  // it is a round; the located copy at 64 ms, followed likewise after every round, is not.
  // Without the pulses to check, the level rule alone loses the quiet round.
  void aQuietRoundIsNotReverberationWhenNoOtherRoundIsFollowedAtItsDelay() {
    std::mt19937_64 rng(17);
    const SyntheticWorld world = randomNetwork(rng, 8, 1000.0, 60.0);
    const Eigen::Vector3d source = groundSource(40.0, -70.0, 60.0);
    const std::vector<double> level_db{140.0, 141.0, 139.0, 142.0, 134.0, 140.0, 141.0};
    std::vector<std::vector<Pulse>> pulses(world.sensors_enu_m.size());
    std::vector<LocatedShot> shots;
    for (std::size_t r = 0; r < level_db.size(); ++r) {
      const double t_s = 2.0 + 0.08 * static_cast<double>(r) + (r % 2 == 0 ? 0.0 : 0.007);
      shots.push_back(locatedShot(world, source, t_s, level_db[r]));
      addPulses(shots.back(), 0.0, 0.0, pulses);
      addPulses(shots.back(), 0.064, -10.0, pulses);
    }
    shots.push_back(locatedShot(
        world, source, nanosToSeconds(shots[2].emission_utc_ns - kSyntheticEpoch_ns) + 0.064,
        level_db[2] - 10.0));
    for (auto &list : pulses) {
      std::sort(list.begin(), list.end(),
                [](const Pulse &a, const Pulse &b) { return a.onset_utc_ns < b.onset_utc_ns; });
    }
    const auto incidents = group(world, shots, pulses);
    QCOMPARE(incidents.size(), std::size_t(1));
    QCOMPARE(incidents[0].rounds, static_cast<int>(level_db.size()));
    for (const LocatedShot &s : incidents[0].shots) {
      QVERIFY2(std::abs(medianLevelDifference_db(s, shots[2]) + 10.0) > 1.0,
               "the copy of round 3 was kept");
    }

    std::vector<LocatedShot> sorted = shots;
    std::sort(sorted.begin(), sorted.end(), [](const LocatedShot &a, const LocatedShot &b) {
      return a.emission_utc_ns < b.emission_utc_ns;
    });
    IncidentGrouper levelOnly(world.sensors_enu_m);
    for (LocatedShot &s : sorted) {
      levelOnly.addShot(std::move(s));
    }
    const auto byLevel = levelOnly.flush();
    QCOMPARE(byLevel.size(), std::size_t(1));
    QCOMPARE(byLevel[0].rounds, static_cast<int>(level_db.size()) - 1);
  }

  // Association can fit a set mixed from a round's reverberation to a point a few metres
  // off, 20 ms before the next round; the next round then arrives later than that point's
  // direct path everywhere, as a mirror image would. An image is quieter than its source,
  // so the louder round stays; a quieter one is still dropped as the image.
  void aLouderRoundIsNotTheImageOfAMixedSet() {
    std::mt19937_64 rng(13);
    const SyntheticWorld world = randomNetwork(rng, 8, 1200.0, 0.0);
    const Eigen::Vector3d source = groundSource(30.0, -40.0, 0.0);
    const LocatedShot mixed =
        locatedShot(world, source + Eigen::Vector3d(0.0, 0.0, 14.0), 3.0, 130.0);
    for (const double level_db : {140.0, 124.0}) {
      IncidentGrouper grouper(world.sensors_enu_m);
      grouper.addShot(mixed);
      grouper.addShot(locatedShot(world, source, 3.02, level_db));
      const auto incidents = grouper.flush();
      const bool louder = level_db > 130.0;
      QCOMPARE(grouper.droppedImages(), louder ? 0 : 1);
      QCOMPARE(incidents.size(), std::size_t(1));
      QCOMPARE(incidents[0].shots.size(), louder ? std::size_t(2) : std::size_t(1));
    }
  }

  void echoGhostOfAShotIsNotAnIncident() {
    std::mt19937_64 rng(9);
    const SyntheticWorld world = randomNetwork(rng, 8, 1200.0, 80.0);
    const Eigen::Vector3d shooter = groundSource(0.0, 0.0, 80.0);
    const LocatedShot shot = locatedShot(world, shooter, 2.0, 140.0);
    // A set of its echoes fitted to a "source" 300 m away: on five of the sensors, each
    // 0.1-1.5 s after the shot's arrival there and quieter.
    LocatedShot ghost = locatedShot(world, groundSource(300.0, 120.0, 80.0), 2.2, 120.0, 6.0);
    std::uniform_real_distribution<double> after(0.1, 1.5);
    LocatedShot echoes = ghost;
    echoes.sensor_indices.clear();
    echoes.arrival_utc_ns.clear();
    echoes.arrival_peak_db_spl.clear();
    for (std::size_t s = 0; s < 5; ++s) {
      echoes.sensor_indices.push_back(s);
      echoes.arrival_utc_ns.push_back(shot.arrival_utc_ns[s] + secondsToNanos(after(rng)));
      echoes.arrival_peak_db_spl.push_back(shot.arrival_peak_db_spl[s] - 6.0);
    }
    IncidentGrouper grouper(world.sensors_enu_m);
    grouper.addShot(shot);
    grouper.addShot(echoes);
    const auto incidents = grouper.flush();
    QCOMPARE(incidents.size(), std::size_t(1));
    QCOMPARE(grouper.droppedReverbGhosts(), 1);
    QVERIFY((incidents[0].position_enu_m - shooter).head<2>().norm() < 1.0);

    // A real second source in the first one's reverberation is louder than those echoes
    // at the sensor nearest to it, and its levels agree on one source at its place: it stays.
    LocatedShot second = echoes;
    for (std::size_t k = 0; k < second.sensor_indices.size(); ++k) {
      second.arrival_peak_db_spl[k] = ghost.arrival_peak_db_spl[second.sensor_indices[k]];
    }
    second.arrival_peak_db_spl[2] = shot.arrival_peak_db_spl[2] + 4.0;
    IncidentGrouper again(world.sensors_enu_m);
    again.addShot(shot);
    again.addShot(second);
    QCOMPARE(again.flush().size(), std::size_t(2));
    QCOMPARE(again.droppedReverbGhosts(), 0);
  }
  // A mixture fitted to a place where nothing was (echoes of a located shot plus the direct
  // arrival of some nearer, louder source) is dropped after association, whatever order the
  // search found the shots in, and also when the shot that explains it was located in an
  // earlier live call. A real quieter source whose arrivals fall in the same tails, but
  // whose levels agree on one source, stays.
  void echoTailMixtureIsDroppedWhateverTheOrder() {
    std::mt19937_64 rng(11);
    const SyntheticWorld world = randomNetwork(rng, 8, 1200.0, 80.0);
    const LocatedShot shot = locatedShot(world, groundSource(0.0, 0.0, 80.0), 2.0, 140.0);
    const Eigen::Vector3d nowhere = groundSource(400.0, 150.0, 80.0);
    LocatedShot ghost = locatedShot(world, nowhere, 2.2, 110.0, 6.0);
    ghost.sensor_indices.resize(6);
    ghost.arrival_utc_ns.resize(6);
    ghost.arrival_peak_db_spl.resize(6);
    std::uniform_real_distribution<double> after(0.1, 1.5);
    for (std::size_t s = 0; s < 3; ++s) {
      ghost.arrival_utc_ns[s] = shot.arrival_utc_ns[s] + secondsToNanos(after(rng));
      QVERIFY(ghost.arrival_peak_db_spl[s] <= shot.arrival_peak_db_spl[s] - 3.0);
    }
    ghost.arrival_peak_db_spl[3] += 15.0; // a nearer source's direct sound
    const LocatedShot real = locatedShot(world, groundSource(-300.0, 200.0, 80.0), 2.3, 120.0);
    const PulseAssociatorOptions options;

    for (const bool ghostFirst : {false, true}) {
      std::vector<LocatedShot> shots =
          ghostFirst ? std::vector{ghost, real, shot} : std::vector{shot, real, ghost};
      EchoTailCheck check;
      check.dropGhosts(shots, world.sensors_enu_m, options);
      QCOMPARE(shots.size(), std::size_t(2));
      QCOMPARE(check.dropped(), std::size_t(1));
      for (const LocatedShot &s : shots) {
        QVERIFY((s.solution.position_enu_m - nowhere).norm() > 1.0);
      }
    }
    // Live: the shot came out of an earlier process() call.
    EchoTailCheck live;
    std::vector<LocatedShot> first{shot};
    live.dropGhosts(first, world.sensors_enu_m, options);
    std::vector<LocatedShot> second{ghost, real};
    live.dropGhosts(second, world.sensors_enu_m, options);
    QCOMPARE(first.size(), std::size_t(1));
    QCOMPARE(second.size(), std::size_t(1));
    QVERIFY((second[0].solution.position_enu_m - real.solution.position_enu_m).norm() < 1.0);
    // Its levels alone do not condemn it: outside every tail the same set stays.
    std::vector<LocatedShot> alone{ghost};
    EchoTailCheck none;
    none.dropGhosts(alone, world.sensors_enu_m, options);
    QCOMPARE(alone.size(), std::size_t(1));
  }
  // A set association fitted to a place where nothing was, made of a few arrivals of its own
  // and of a located shot's sound at sensors that shot did not use (its direct sound where
  // its place predicts it, an echo of it a little later and much quieter), is dropped at
  // grouping. The same set with levels that agree on one source stays, and so does the set
  // with no located shot around.
  void borrowedSoundMixtureIsDropped() {
    std::mt19937_64 rng(21);
    const SyntheticWorld world = randomNetwork(rng, 10, 1200.0, 80.0);
    LocatedShot shot = locatedShot(world, groundSource(0.0, 0.0, 80.0), 2.0, 140.0);
    std::vector<std::vector<Pulse>> pulses(world.sensors_enu_m.size());
    addPulses(shot, 0.0, 0.0, pulses); // heard everywhere...
    shot.sensor_indices.resize(7);     // ...but located from seven sensors
    shot.arrival_utc_ns.resize(7);
    shot.arrival_peak_db_spl.resize(7);
    const Eigen::Vector3d nowhere = groundSource(450.0, -250.0, 80.0);
    const LocatedShot own = locatedShot(world, nowhere, 2.05, 125.0, 6.0);
    LocatedShot mixture;
    mixture.epoch_utc_ns = own.epoch_utc_ns;
    mixture.emission_utc_ns = own.emission_utc_ns;
    mixture.solution = own.solution;
    for (const std::size_t s : {2, 3, 4, 7, 8, 9}) {
      mixture.sensor_indices.push_back(s);
      mixture.arrival_utc_ns.push_back(own.arrival_utc_ns[s]);
      mixture.arrival_peak_db_spl.push_back(own.arrival_peak_db_spl[s]);
    }
    const LocatedShot consistent = mixture; // same timing, levels of one source at its place
    for (const std::size_t k : {3, 4}) {    // sensors 7 and 8: the shot's direct sound
      const std::size_t s = mixture.sensor_indices[k];
      mixture.arrival_utc_ns[k] = pulses[s][0].onset_utc_ns;
      mixture.arrival_peak_db_spl[k] = pulses[s][0].peak_db_spl;
    }
    // Sensor 9: an echo of the shot 40 ms after its direct sound there, quieter than that
    // and than a source at the claimed place would be heard there.
    mixture.arrival_utc_ns[5] = pulses[9][0].onset_utc_ns + secondsToNanos(0.04);
    mixture.arrival_peak_db_spl[5] = own.arrival_peak_db_spl[9] - 10.0;
    QVERIFY(mixture.arrival_peak_db_spl[5] <= pulses[9][0].peak_db_spl - 3.0);

    const auto incidents = group(world, {shot, mixture}, pulses);
    QCOMPARE(incidents.size(), std::size_t(1));
    QVERIFY((incidents[0].position_enu_m - shot.solution.position_enu_m).norm() < 1.0);

    IncidentGrouperOptions off;
    off.drop_borrowed_mixtures = false;
    IncidentGrouper without(world.sensors_enu_m, off, &pulses);
    without.addShot(shot);
    without.addShot(mixture);
    QCOMPARE(without.flush().size(), std::size_t(2));

    LocatedShot agreeing = consistent;
    agreeing.arrival_utc_ns = mixture.arrival_utc_ns;
    QCOMPARE(group(world, {shot, agreeing}, pulses).size(), std::size_t(2));
    QCOMPARE(group(world, {mixture}, pulses).size(), std::size_t(1));
  }
};

QTEST_GUILESS_MAIN(TestBurstsAndGhosts)
#include "TestBurstsAndGhosts.moc"
