#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace salvo {

// A percentile of the last `window` values pushed, in O(1) amortised per push and no
// allocation after construction: values are binned (resolution `bin_width`) between
// `lowest` and `highest`, a ring remembers which bin each value went to, and a cursor
// walks the histogram as values come and go. Made for noise floors in dB, where a
// running median/percentile ignores impulses a mean would follow.
class RunningPercentile {
public:
  RunningPercentile(std::size_t window, double fraction, double lowest, double highest,
                    double bin_width);

  void push(double value);
  void clear();

  std::size_t size() const { return count_; }
  std::size_t window() const { return ring_.size(); }
  // Centre of the bin that holds the requested fraction; `lowest` while empty.
  double value() const;

private:
  std::size_t binOf(double value) const;
  void settleCursor();

  double lowest_;
  double bin_width_;
  double fraction_;
  std::vector<std::uint32_t> histogram_;
  std::vector<std::uint32_t> ring_;
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  // Invariant once settled: below_ = number of values in bins < cursor_, and the target
  // rank lies in bin cursor_.
  std::size_t cursor_ = 0;
  std::size_t below_ = 0;
};

} // namespace salvo
