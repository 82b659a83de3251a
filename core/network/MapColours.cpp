#include "network/MapColours.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace salvo::network {
namespace {

struct Stop {
  double at;
  int r, g, b;
};

// Red → orange → yellow → green: readable for "bad → good" over a street map.
constexpr std::array<Stop, 4> kRamp{
    {{0.0, 200, 30, 30}, {0.4, 240, 140, 30}, {0.7, 240, 220, 40}, {1.0, 40, 170, 60}}};

std::uint32_t ramp(double t, int alpha) {
  t = std::clamp(t, 0.0, 1.0);
  std::size_t i = 0;
  while (i + 2 < kRamp.size() && t > kRamp[i + 1].at) {
    ++i;
  }
  const Stop &a = kRamp[i];
  const Stop &b = kRamp[i + 1];
  const double f = (t - a.at) / (b.at - a.at);
  auto mix = [f](int x, int y) {
    return static_cast<std::uint32_t>(std::lround(x + (y - x) * f)) & 0xffu;
  };
  return (static_cast<std::uint32_t>(alpha & 0xff) << 24) | (mix(a.r, b.r) << 16) |
         (mix(a.g, b.g) << 8) | mix(a.b, b.b);
}

} // namespace

std::uint32_t probabilityColour(double p, int alpha) {
  if (!(p >= 0.01)) {
    return 0u; // nothing heard: leave the map visible
  }
  // Fade in over the first 10 % so the edge of coverage is soft.
  const int a = static_cast<int>(alpha * std::min(1.0, p / 0.1));
  return ramp(p, a);
}

std::uint32_t errorColour(double error_m, int alpha) {
  if (!std::isfinite(error_m)) {
    return 0u;
  }
  const double t = std::log10(std::clamp(error_m, kErrorMin_m, kErrorMax_m) / kErrorMin_m) /
                   std::log10(kErrorMax_m / kErrorMin_m);
  return ramp(1.0 - t, alpha);
}

} // namespace salvo::network
