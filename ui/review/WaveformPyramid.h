#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace salvo {

struct SampleRange {
  float min = 0.0f;
  float max = 0.0f;
};

// Min/max summaries of one clip so a waveform is drawn at a cost per pixel, not per
// sample, at any zoom. Level k holds one (min, max) pair per bucket of
// kFanOut^(k+1) samples, buckets aligned on multiples of their size; levels stop
// when a level would hold a single bucket. A range query walks from its start taking
// the largest aligned bucket that fits, so it touches O(kFanOut × levels) entries
// whatever the range's length. Plain C++, built once (O(n)), then read-only: safe to
// query from several threads.
class WaveformPyramid {
public:
  static constexpr std::size_t kFanOut = 4;

  WaveformPyramid() = default;
  explicit WaveformPyramid(std::vector<float> samples);

  std::size_t size() const { return samples_.size(); }
  std::span<const float> samples() const { return samples_; }
  std::size_t levelCount() const { return levels_.size(); }
  std::size_t bucketSize(std::size_t level) const; // samples per bucket at `level`

  // Min and max of samples [begin, end), clamped to the clip; {0, 0} when empty.
  SampleRange range(std::int64_t begin, std::int64_t end) const;

  // One min/max per column: column c covers samples
  // [first + c·span/columns, first + (c+1)·span/columns) with span = last - first
  // (fractional bounds rounded down). What a view draws for `columns` pixels.
  std::vector<SampleRange> columns(double first, double last, std::size_t columns) const;

  // Entries read by range() calls so far on this thread's copy (for the tests'
  // per-pixel cost check); not synchronised.
  std::size_t entriesRead() const { return entries_read_; }

private:
  std::vector<float> samples_;
  std::vector<std::vector<SampleRange>> levels_;
  mutable std::size_t entries_read_ = 0;
};

} // namespace salvo
