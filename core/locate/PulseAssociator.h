#pragma once

#include "detect/Pulse.h"
#include "locate/EchoTail.h"
#include "locate/NlosModel.h"
#include "locate/TdoaSolver.h"
#include "time/UtcTime.h"

#include <Eigen/Core>

#include <array>

#include <cstdint>
#include <deque>
#include <limits>
#include <random>
#include <span>
#include <vector>

namespace salvo {

struct PulseAssociatorOptions {
  TdoaSolverOptions solver;    // speed of sound, priors, timing sigma
  int min_sensors = 4;         // a shot needs this many consistent first arrivals
  double max_range_m = 1500.0; // farther than this a sensor does not hear a shot
  // Height prior of a source: street level, this far below the first sensor to hear it
  // (sensors are on rooftops or poles; the solver's source_height_m is set per shot).
  double source_below_nearest_sensor_m = 10.0;
  double loose_tolerance_s = 0.008; // hypothesis scoring (minimal sets, height unknown)
  double min_gate_s = 0.0008;       // inlier gate floor after refinement
  double max_gate_s = 0.004;        // inlier gate ceiling (later = echo / blocked path)
  double gate_sigmas = 4.0;         // inlier gate in predicted-arrival standard deviations
  double max_rms_s = 0.0015;        // a located shot fits its arrivals at least this well
  // Negative evidence: of the sensors no farther from the located source than its
  // farthest first arrival, at least this fraction must have heard it. Pulses that merely
  // happen to line up (echoes of a real shot on a few sensors) fail it; a real source is
  // heard by most sensors around it.
  double min_heard_fraction = 0.6;
  double max_prior_chi2 = 16.0; // a fit that needs implausible air or height is no fit
  double clock_search_s = 0.3;  // nearest pulse reported for left-out sensors (clock check)
  // Sources heard by many sensors are pulled out first (their pulses can then not be
  // borrowed by chance alignments); the pulses just after a located shot's direct sound on
  // each sensor are its echoes, and a set made of them must beat that shot's support.
  // The shadow reaches as far as sound travels to the farthest building that still echoes
  // audibly and back (scatter and reverberation tails of a burst last a second or two), and
  // holds only pulses quieter than the direct sound that cast it.
  double echo_shadow_s = 2.0;
  double echo_shadow_min_drop_db = 3.0;
  int max_hypotheses = 300; // minimal sets tried per seed
  // Each seed draws its minimal sets from its own random stream, seeded by its sensor and
  // onset, instead of all seeds from one stream in search order: a search then depends only
  // on its own window, so it may be skipped or repeated without moving any other. Off by
  // default: it changes which sets are drawn, and with them the outputs (within the spread
  // the search's randomness gives anyway, docs/location.md "Speed").
  bool seed_random_streams = false;
  // Received levels: a real source's peak levels fall ~6 dB per doubling of distance plus
  // air absorption (directivity and shadowing add a few dB), so about the claimed position
  // they agree on one source level. Pulses borrowed from echoes of other shots do not.
  double max_level_rms_db = 9.0;
  double level_absorption_db_per_m = 0.005;
  // Aerial fireworks burst 80-300 m up: when street level cannot explain the arrivals,
  // a free-height fit is tried if at least this many sensors heard the source.
  int free_height_min_sensors = 8;
  double free_height_sigma_m = 400.0;
  // Mean excess delay of a diffracted first arrival for the accepted set's final fit
  // (TdoaSolverOptions::nlos_mean_excess_s; 0 = keep the Gaussian fit). Only the final
  // position and radius: gating stays on the Gaussian fit, whose residuals also feed the
  // clock-fault monitor.
  double final_nlos_mean_excess_s = typicalUrbanExcessDelay_s();
  // One-sided gating: a set the Gaussian fit cannot keep whole (diffracted first arrivals,
  // ms late, are shed one by one) is fitted again with the NLOS model (this mean excess
  // delay; 0 = off), each sensor's gate reaching this many mean excesses later than its
  // early side, where its earliest pulse is taken (a first arrival is late when diffracted,
  // never early; the pulses after it are echoes). Sets heard by free_height_min_sensors or
  // more keep the Gaussian and free-height fits. A one-sided set must call at least one
  // arrival diffracted, and those must read quieter than the direct ones (NlosModel.h).
  // Off by default for now: on (typicalUrbanExcessDelay_s()) it locates far more of the
  // simulator's NLOS shots (docs/location.md, "One-sided gating") but still costs
  // test_pulse_associator's synthetic bursts a shot and a ghost.
  double gating_nlos_mean_excess_s = 0.0;
  double gating_late_excesses = 3.0;
  std::uint64_t random_seed = 0x5a17f0;
  // Ghost re-check once a process() call's shots are known (EchoTail.h): a shot is dropped
  // when at least this fraction of its arrivals lie in the echo tail (echo_shadow_s,
  // echo_shadow_min_drop_db) of a stronger shot kept elsewhere. Above 1: off.
  double ghost_tail_fraction = 0.34;
  // ... and its loudest arrival, taken back to the source, reads at least this much above
  // the set's median source level (a direct arrival of a nearer, louder source).
  double ghost_loudest_excess_db = 10.0;
  // Sparse scenes (the set and the seed's window both hold fewer sensors than
  // free_height_min_sensors): a first arrival diffracted over a roof reads quieter than
  // free field, by up to this much (ISO 9613-2 caps one edge at 20 dB) before it counts
  // against the set's level consistency; 0 = off. Only an arrival that comes first at its
  // sensor gets it: one preceded, within echo_shadow_s, by an unexplained pulse at most
  // echo_shadow_min_drop_db quieter is more likely an echo of that pulse (a source's
  // echoes never come before its first arrival).
  double sparse_diffraction_allowance_db = 20.0;
  // ... and the late side of each sensor's gate reaches this much further, where the
  // earliest pulse is taken (a diffracted first arrival is late, never early; one mean
  // excess, typicalUrbanExcessDelay_s(), was tried). 0 = off, the default for now: on, it
  // locates more held-out-like shots but reads a 3-round burst of test_incidents as 2.
  double sparse_late_gate_s = 0.0;
};

// One sensor's verdict in a located shot: its first arrival's residual (observed minus
// predicted), or for a sensor left out, the residual of its nearest pulse, if any.
struct ShotSensorResidual {
  std::size_t sensor_index = 0;
  bool used = false;
  bool has_pulse = false;
  double residual_s = 0.0;
  double predicted_sigma_s = 0.0;
};

struct LocatedShot {
  TdoaSolution solution;     // ENU of the associator's frame; times relative to epoch_utc_ns
  UtcNs epoch_utc_ns = 0;    // the seed pulse's onset
  UtcNs emission_utc_ns = 0; // estimated emission time
  std::vector<std::size_t> sensor_indices; // sensors used, sorted
  std::vector<UtcNs> arrival_utc_ns;       // their first arrivals, same order
  std::vector<double> arrival_peak_db_spl; // their peak levels, same order
  std::vector<ShotSensorResidual> residuals;
  double seed_snr_db = 0.0;
};

// Where association spends its work (for benchmarks and profiling).
struct PulseAssociatorStats {
  long seeds_tried = 0;      // seeds whose candidates were gathered
  long seeds_reused = 0;     // of them, nothing had changed in the window since last time
  long seeds_bounded = 0;    // skipped at once: their best score cannot reach the support
  long hypotheses = 0;       // minimal-set closed forms
  long hypotheses_cut = 0;   // scoring stopped early (could not enter the best three)
  long refines = 0;          // hypotheses refined with the full solver
  long refines_reused = 0;   // same starting set as a hypothesis already refined
  long solves = 0;           // full solver runs
  long free_height_fits = 0; // refines that tried a free-height (3D) fit
  long level_rejects = 0;    // sets rejected for inconsistent received levels
};

// Groups pulses heard on different sensors into sources and locates each source.
//
// Seeds are taken in onset order, in passes of decreasing required support (the earliest
// unexplained pulse is most likely a first arrival at the sensor nearest to some source). For a
// seed, every other sensor's candidates are the pulses within the physically possible window ±|s_a
// - s_j|/c; minimal sets (seed + two candidates) give closed-form 2.5D hypotheses, scored by MSAC
// over all sensors (Fischler & Bolles 1981; Torr & Zisserman 2000). The best hypotheses are refined
// with the full solver and re-gated with each sensor's predicted-arrival uncertainty;
// late arrivals beyond the gate (echoes, blocked paths), one-sensor noises and sensors
// whose clock is off simply do not join. Accepted pulses are consumed, so overlapping
// sources are pulled out one after another.
//
// Works in batch (add everything, process to the end) and live (add as pulses arrive,
// process up to the time every sensor has been analysed to).
class PulseAssociator {
public:
  PulseAssociator(std::vector<Eigen::Vector3d> sensors_enu_m, PulseAssociatorOptions options);

  const PulseAssociatorOptions &options() const { return options_; }
  std::size_t sensorCount() const { return sensors_.size(); }

  // Pulses of one sensor in onset order (per sensor; sensors may interleave freely).
  void addPulses(std::span<const Pulse> pulses);
  // Leaves a sensor out from `from_utc_ns` on (clock fault): its pulses are ignored.
  void excludeSensor(std::size_t sensor_index, UtcNs from_utc_ns);
  bool isExcluded(std::size_t sensor_index, UtcNs at_utc_ns) const;

  // Associates every seed whose whole arrival window is complete by `horizon_utc_ns` (the
  // time up to which all sensors have delivered pulses). Returns the shots found, in
  // seed order, and forgets pulses that can no longer matter.
  std::vector<LocatedShot> process(UtcNs horizon_utc_ns = std::numeric_limits<UtcNs>::max());

  const PulseAssociatorStats &stats() const { return stats_; }

  // Longest time between a source's first and last direct arrival in this network.
  double maxArrivalSpread_s() const { return maxSpread_s_; }

private:
  struct StoredPulse {
    UtcNs onset_utc_ns = 0;
    double snr_db = 0.0;
    bool likely_echo = false;
    double peak_db_spl = 0.0;
    bool clipped = false;                          // level only a lower bound
    bool consumed = false;                         // part of a located shot
    int triedAt = std::numeric_limits<int>::max(); // lowest support tried as a seed
    // Best hypothesis score found when it last seeded: removing pulses (consumed by other
    // shots) can only lower it, so a seed that scored too low is not tried again.
    double bestScore = std::numeric_limits<double>::infinity();
    int shadow = 0; // sensors of a located shot whose direct sound came just before
    Eigen::Vector3d shadowFrom = Eigen::Vector3d::Zero(); // where that shot was
    double shadowDrop_db = 0.0; // how much quieter than that shot's direct sound
    // When it was last consumed or shadowed (a version_ stamp): a seed whose window holds
    // no pulse changed since its evaluation gets the same hypotheses and refinements.
    std::uint64_t changedAt = 0;
    std::uint64_t evaluatedAt = 0; // 0: never evaluated as a seed
    std::uint8_t cached = 0;       // hypotheses in `cache`
    struct Cached {
      Eigen::Vector3d position;
      double emission_s;
      double score;
      int refinedSensors; // -1 not refined yet, 0 rejected, else sensors in the located set
      double refinedRms_s;
    };
    std::array<Cached, 3> cache{};
  };
  struct Candidate {
    double time_s; // relative to the seed
    std::size_t sensor;
    std::size_t index; // into pulses_[sensor]
  };

  // One seed's window: unconsumed candidates per sensor (sorted by time), the sensors with
  // candidates (the seed's first) and the other sensors that have some.
  struct SeedWindow {
    std::vector<std::vector<Candidate>> candidates;
    std::vector<std::size_t> scoring;
    std::vector<std::size_t> heard;
    std::uint64_t latestChange = 0; // newest changedAt of any pulse in the window
  };
  // A seed's best minimal-set hypotheses (best first) and the work it took.
  struct SearchResult {
    std::array<StoredPulse::Cached, 3> top{};
    int ntop = 0;
    long hypotheses = 0;
    long cut = 0;
  };
  struct Pass {
    int support = 0;
    bool echoSeeds = false;
  };
  // A hypothesis must score within this of the required support to be refined (its loose
  // score undercounts sensors whose arrival the closed form put a few ms off).
  static constexpr double kHypothesisSlack = 1.5;
  static constexpr double kWindowMargin_s = 0.005; // clock tolerance and onset jitter

  std::vector<Pass> seedPasses() const;

  bool tryseed(std::size_t sensor, std::size_t index, int support, std::vector<LocatedShot> &out);
  bool seedEligible(std::size_t sensor, const StoredPulse &pulse, const Pass &pass) const;
  void gatherWindow(std::size_t seedSensor, std::size_t seedIndex, SeedWindow &window) const;
  // sharedRng: draw from the associator's one stream instead of the seed's own.
  void searchMinimalSets(std::size_t seedSensor, const StoredPulse &seed, const SeedWindow &window,
                         std::mt19937_64 *sharedRng, SearchResult &out) const;
  void adoptSearch(StoredPulse &seed, const SearchResult &result, std::uint64_t evaluatedAt);
  std::vector<Candidate> initialSet(const Eigen::Vector3d &position, double emission_s) const;
  struct QuickFit {
    std::vector<Candidate> chosen;
    double rms_s = 0.0;
    Eigen::Vector3d position_enu_m = Eigen::Vector3d::Zero();
  };
  QuickFit quickFit(const std::vector<Candidate> &start, Eigen::Vector3d position,
                    double emission_s, double street_m, bool freeHeight) const;
  bool refine(std::size_t seedSensor, const StoredPulse::Cached &hypothesis,
              const std::vector<Candidate> &start, LocatedShot &shot,
              std::vector<Candidate> &chosen);
  static bool reverberation(const StoredPulse &pulse);
  static bool sameCandidates(const std::vector<Candidate> &a, const std::vector<Candidate> &b);
  bool converge(const TdoaSolver &solver, std::vector<Candidate> &chosen, TdoaSolution &solution,
                std::vector<double> &gates);
  TdoaSolverOptions gatingSolver(double sourceHeight_m, bool nlos) const;
  static double jitterRms_s(const TdoaSolution &solution);
  const Candidate *earliest(std::size_t sensor, double from_s, double to_s) const;
  bool plausible(const TdoaSolution &solution, const std::vector<Candidate> &chosen);
  // excess_s (one-sided fits): arrivals with an excess delay are left out of the level
  // check (a diffracted arrival is quieter; diffractedArrivalsAreQuieter judges those).
  bool supported(const Eigen::Vector3d &position, const std::vector<Candidate> &chosen,
                 double leniency, const std::vector<double> *excess_s = nullptr);
  bool levelsConsistent(const Eigen::Vector3d &position, const std::vector<Candidate> &chosen,
                        double maxRms_db, const std::vector<double> *excess_s = nullptr) const;
  bool comesFirst(const Candidate &candidate) const;
  bool sparseScene(std::size_t setSize) const;
  std::vector<NlosArrivalLevel> nlosLevels(const TdoaSolution &solution,
                                           const std::vector<Candidate> &chosen) const;
  void describe(const TdoaSolution &solution, const std::vector<Candidate> &chosen,
                const std::vector<double> &gates, LocatedShot &shot) const;
  void consume(const LocatedShot &shot, const std::vector<Candidate> &chosen);
  void finalNlosFit(std::size_t seedSensor, const std::vector<Candidate> &chosen,
                    LocatedShot &shot);
  const Candidate *nearest(std::size_t sensor, double time_s, double tolerance_s) const;
  void prune(UtcNs before_utc_ns);

  std::vector<Eigen::Vector3d> sensors_;
  PulseAssociatorOptions options_;
  std::vector<std::deque<StoredPulse>> pulses_;
  std::vector<UtcNs> excludedFrom_;
  Eigen::MatrixXd window_s_; // max |arrival difference| between two sensors
  double maxSpread_s_ = 0.0;
  std::mt19937_64 rng_;       // the one random stream (seed_random_streams off)
  std::uint64_t version_ = 1; // bumped by every located shot
  PulseAssociatorStats stats_;
  EchoTailCheck echoTail_;

  // Per-seed scratch: the seed's onset and its window (candidates per sensor, sorted by
  // time), gathered by the search and read by the refinement.
  UtcNs seedTime_ = 0;
  SeedWindow window_;
};

} // namespace salvo
