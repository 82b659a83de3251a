#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

namespace salvo {

// The element at index n/2 of the sorted values (for an even count the upper of the two
// middle ones). Robust statistics here (noise floors, source levels, clock residuals) want
// a value that was measured, not an average of two, and the same answer whatever order the
// values came in. Reorders `values`; undefined for an empty span.
template <typename T>
T upperMedianInPlace(std::span<T> values) {
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

// As above, on a copy.
template <typename T>
T upperMedian(std::vector<T> values) {
  return upperMedianInPlace(std::span<T>(values));
}

} // namespace salvo
