#pragma once

#include <cstdint>

namespace salvo::network {

// Colours of the coverage and accuracy maps as 0xAARRGGBB (QRgb's layout), shared by
// the CLI's PNG and the desk's layers so both read the same.
// P(≥k): transparent grey at 0 through red, orange and yellow to green at 1.
std::uint32_t probabilityColour(double p, int alpha = 170);
// 95 % error on a log scale from kErrorMin_m (green) to kErrorMax_m (red); NaN: none.
inline constexpr double kErrorMin_m = 0.1;
inline constexpr double kErrorMax_m = 100.0;
std::uint32_t errorColour(double error_m, int alpha = 170);

} // namespace salvo::network
