#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace salvo {

// MSAC score of source hypotheses against each sensor's candidate arrivals (Torr &
// Zisserman 2000): a sensor whose candidate nearest the predicted arrival lies within the
// tolerance adds 1 - (r / tolerance)², the others nothing. Association scores about a
// million minimal-set hypotheses per scenario, most of them chance alignments that miss
// almost every sensor, so a miss must cost little: the candidates of one seed are laid
// out once as flat sorted times, each sensor's with a coarse bucket index over its window,
// and a prediction looks only at the few times within the tolerance of it.
class HypothesisScorer {
public:
  explicit HypothesisScorer(double tolerance_s) : tolerance_s_(tolerance_s) {}

  void clear() {
    lanes_.clear();
    contributions_.clear();
    predicted_.clear();
    times_.clear();
    buckets_.clear();
  }
  // One sensor's candidate arrival times (seconds, sorted); sensors are scored in the
  // order they are added.
  void addSensor(const Eigen::Vector3d &sensor_enu_m, std::span<const double> times_s);
  std::size_t sensorCount() const { return lanes_.size(); }

  // The score, or -infinity as soon as the sensors left cannot lift it to `mustReach` (the
  // caller has no use for a lower score).
  double score(const Eigen::Vector3d &position, double emission_s, double speed_mps,
               double mustReach) const {
    double total = 0.0;
    double left = static_cast<double>(lanes_.size());
    for (const Lane &lane : lanes_) {
      total += contribution(lane, emission_s + (lane.sensor - position).norm() / speed_mps);
      left -= 1.0;
      if (total + left < mustReach) {
        return -std::numeric_limits<double>::infinity();
      }
    }
    return total;
  }

  // The same score for a hypothesis fitted to one arrival on each of the `fitted` lanes
  // (distinct lane indices): those almost surely hit, so they are scored last and a chance
  // hypothesis is given up after its misses alone. Contributions are summed in lane order,
  // so a score that is returned equals score() bit for bit.
  double score(const Eigen::Vector3d &position, double emission_s, double speed_mps,
               double mustReach, std::span<const std::size_t> fitted) const {
    const std::size_t n = lanes_.size();
    // All predictions first, in a loop without branches: the square roots and divisions
    // of successive lanes overlap instead of each waiting behind a mispredicted hit test.
    for (std::size_t i = 0; i < n; ++i) {
      predicted_[i] = emission_s + (lanes_[i].sensor - position).norm() / speed_mps;
    }
    const double fittedMost = static_cast<double>(fitted.size());
    double partial = 0.0;
    double left = static_cast<double>(n - fitted.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (std::find(fitted.begin(), fitted.end(), i) != fitted.end()) {
        continue;
      }
      contributions_[i] = contribution(lanes_[i], predicted_[i]);
      partial += contributions_[i];
      left -= 1.0;
      // Each lane adds at most 1; the margin keeps rounding from cutting a score score()
      // would return.
      if (partial + left + fittedMost < mustReach - kCutMargin) {
        return -std::numeric_limits<double>::infinity();
      }
    }
    for (const std::size_t i : fitted) {
      contributions_[i] = contribution(lanes_[i], predicted_[i]);
    }
    double total = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      total += contributions_[i];
    }
    return total < mustReach ? -std::numeric_limits<double>::infinity() : total;
  }

private:
  // Buckets this many tolerances wide: a handful per second of window, each holding a
  // fraction of a pulse in a busy city.
  static constexpr double kBucketTolerances = 4.0;
  static constexpr double kCutMargin = 1e-9;

  struct Lane {
    Eigen::Vector3d sensor;
    double from_s = 0.0;      // two tolerances before the first candidate
    std::size_t bucket0 = 0;  // into buckets_: index of the first time at or after each edge
    std::size_t nbuckets = 0; // the lane's buckets (a last one closes the lane)
  };

  // What a lane adds for an arrival predicted at `predicted_s`.
  double contribution(const Lane &lane, double predicted_s) const {
    const double error = nearestError(lane, predicted_s);
    if (error <= tolerance_s_) {
      const double r = error / tolerance_s_;
      return 1.0 - r * r;
    }
    return 0.0;
  }

  // |time - nearest candidate| when some candidate lies within the tolerance, else more.
  double nearestError(const Lane &lane, double time_s) const {
    const double x = (time_s - tolerance_s_ - lane.from_s) * inverseWidth_s_;
    if (!(x >= 0.0) || x >= static_cast<double>(lane.nbuckets)) {
      return std::numeric_limits<double>::infinity();
    }
    const std::size_t b = lane.bucket0 + static_cast<std::size_t>(x);
    double error = std::numeric_limits<double>::infinity();
    // From the first time at or after the bucket's edge (<= time - tolerance) on, until the
    // times pass time + tolerance.
    for (std::uint32_t i = buckets_[b]; i < times_.size(); ++i) {
      const double d = times_[i] - time_s;
      if (d > tolerance_s_) {
        break;
      }
      error = std::min(error, std::abs(d));
    }
    return error;
  }

  double tolerance_s_;
  double inverseWidth_s_ = 1.0 / (kBucketTolerances * tolerance_s_);
  std::vector<Lane> lanes_;
  std::vector<double> times_;
  std::vector<std::uint32_t> buckets_;
  // Per lane, scratch of score(..., fitted) (so one scorer serves one thread at a time).
  mutable std::vector<double> predicted_;
  mutable std::vector<double> contributions_;
};

inline void HypothesisScorer::addSensor(const Eigen::Vector3d &sensor_enu_m,
                                        std::span<const double> times_s) {
  Lane lane;
  lane.sensor = sensor_enu_m;
  lane.bucket0 = buckets_.size();
  const std::size_t begin = times_.size();
  times_.insert(times_.end(), times_s.begin(), times_s.end());
  const std::size_t end = times_.size();
  if (!times_s.empty()) {
    const double width_s = kBucketTolerances * tolerance_s_;
    // A prediction can hit from one tolerance before the first time to one after the last;
    // its scan starts one tolerance before it.
    lane.from_s = times_s.front() - 2.0 * tolerance_s_;
    lane.nbuckets = static_cast<std::size_t>((times_s.back() - lane.from_s) / width_s) + 1;
    std::size_t i = begin;
    for (std::size_t k = 0; k < lane.nbuckets; ++k) {
      const double edge_s = lane.from_s + static_cast<double>(k) * width_s;
      while (i < end && times_[i] < edge_s) {
        ++i;
      }
      buckets_.push_back(static_cast<std::uint32_t>(i));
    }
  }
  lanes_.push_back(lane);
  contributions_.push_back(0.0);
  predicted_.push_back(0.0);
  // A lane's scan must stop at its own end: the next lane's times are not sorted after it.
  // Each lane closes with an infinite sentinel.
  times_.push_back(std::numeric_limits<double>::infinity());
}

} // namespace salvo
