#pragma once

// Summary statistics shared by the benchmarks.

#include <algorithm>
#include <cstddef>
#include <vector>

namespace salvo::bench {

// The q-quantile (0..1) by linear interpolation between order statistics; 0 when empty.
inline double quantile(std::vector<double> v, double q) {
  if (v.empty()) {
    return 0.0;
  }
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto i = static_cast<std::size_t>(pos);
  const double f = pos - static_cast<double>(i);
  return i + 1 < v.size() ? v[i] * (1.0 - f) + v[i + 1] * f : v[i];
}

} // namespace salvo::bench
