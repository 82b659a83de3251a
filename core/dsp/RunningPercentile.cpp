#include "dsp/RunningPercentile.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace salvo {

RunningPercentile::RunningPercentile(std::size_t window, double fraction, double lowest,
                                     double highest, double bin_width)
    : lowest_(lowest), bin_width_(bin_width), fraction_(std::clamp(fraction, 0.0, 1.0)) {
  if (window == 0 || !(highest > lowest) || !(bin_width > 0.0)) {
    throw std::invalid_argument("RunningPercentile: empty window or range");
  }
  histogram_.assign(static_cast<std::size_t>(std::ceil((highest - lowest) / bin_width)) + 1, 0);
  ring_.assign(window, 0);
}

std::size_t RunningPercentile::binOf(double value) const {
  if (!(value > lowest_)) { // also catches NaN
    return 0;
  }
  const double bin = (value - lowest_) / bin_width_;
  return std::min(static_cast<std::size_t>(bin), histogram_.size() - 1);
}

void RunningPercentile::push(double value) {
  const std::size_t bin = binOf(value);
  if (count_ == ring_.size()) {
    const std::size_t old = ring_[head_];
    --histogram_[old];
    if (old < cursor_) {
      --below_;
    }
  } else {
    ++count_;
  }
  ring_[head_] = static_cast<std::uint32_t>(bin);
  head_ = (head_ + 1) % ring_.size();
  ++histogram_[bin];
  if (bin < cursor_) {
    ++below_;
  }
  settleCursor();
}

void RunningPercentile::settleCursor() {
  // Rank (0-based) of the wanted value among the stored ones.
  const std::size_t rank =
      std::min(count_ - 1, static_cast<std::size_t>(fraction_ * static_cast<double>(count_)));
  while (below_ > rank) {
    --cursor_;
    below_ -= histogram_[cursor_];
  }
  while (below_ + histogram_[cursor_] <= rank) {
    below_ += histogram_[cursor_];
    ++cursor_;
  }
}

void RunningPercentile::clear() {
  std::fill(histogram_.begin(), histogram_.end(), 0);
  head_ = 0;
  count_ = 0;
  cursor_ = 0;
  below_ = 0;
}

double RunningPercentile::value() const {
  if (count_ == 0) {
    return lowest_;
  }
  return lowest_ + (static_cast<double>(cursor_) + 0.5) * bin_width_;
}

} // namespace salvo
