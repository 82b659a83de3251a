#include "WaveformPyramid.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace salvo {

namespace {

SampleRange merged(SampleRange a, SampleRange b) {
  return {std::min(a.min, b.min), std::max(a.max, b.max)};
}

} // namespace

WaveformPyramid::WaveformPyramid(std::vector<float> samples) : samples_(std::move(samples)) {
  // Level 0 from the samples, each further level from the one below: O(n) in all.
  std::size_t bucket = kFanOut;
  while (samples_.size() / bucket >= 2) {
    std::vector<SampleRange> level(samples_.size() / bucket);
    for (std::size_t i = 0; i < level.size(); ++i) {
      SampleRange r{std::numeric_limits<float>::infinity(),
                    -std::numeric_limits<float>::infinity()};
      for (std::size_t j = 0; j < kFanOut; ++j) {
        if (levels_.empty()) {
          const float x = samples_[i * kFanOut + j];
          r = {std::min(r.min, x), std::max(r.max, x)};
        } else {
          r = merged(r, levels_.back()[i * kFanOut + j]);
        }
      }
      level[i] = r;
    }
    levels_.push_back(std::move(level));
    bucket *= kFanOut;
  }
}

std::size_t WaveformPyramid::bucketSize(std::size_t level) const {
  std::size_t size = kFanOut;
  for (std::size_t k = 0; k < level; ++k) {
    size *= kFanOut;
  }
  return size;
}

SampleRange WaveformPyramid::range(std::int64_t begin, std::int64_t end) const {
  const auto n = static_cast<std::int64_t>(samples_.size());
  begin = std::clamp<std::int64_t>(begin, 0, n);
  end = std::clamp<std::int64_t>(end, 0, n);
  if (end <= begin) {
    return {};
  }
  SampleRange r{std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()};
  auto pos = static_cast<std::size_t>(begin);
  const auto stop = static_cast<std::size_t>(end);
  while (pos < stop) {
    // The largest aligned bucket that starts here and ends inside the range.
    std::size_t level = levels_.size();
    std::size_t bucket = 0;
    for (std::size_t k = levels_.size(); k-- > 0;) {
      const std::size_t size = bucketSize(k);
      if (pos % size == 0 && pos + size <= stop && pos / size < levels_[k].size()) {
        level = k;
        bucket = size;
        break;
      }
    }
    ++entries_read_;
    if (level == levels_.size()) {
      const float x = samples_[pos];
      r = {std::min(r.min, x), std::max(r.max, x)};
      ++pos;
    } else {
      r = merged(r, levels_[level][pos / bucket]);
      pos += bucket;
    }
  }
  return r;
}

std::vector<SampleRange> WaveformPyramid::columns(double first, double last,
                                                  std::size_t count) const {
  std::vector<SampleRange> out(count);
  const double span = last - first;
  for (std::size_t c = 0; c < count; ++c) {
    const auto begin = static_cast<std::int64_t>(
        std::floor(first + span * static_cast<double>(c) / static_cast<double>(count)));
    auto end = static_cast<std::int64_t>(
        std::floor(first + span * static_cast<double>(c + 1) / static_cast<double>(count)));
    end = std::max(end, begin + 1); // zoomed past one sample per pixel: that sample
    out[c] = range(begin, end);
  }
  return out;
}

} // namespace salvo
