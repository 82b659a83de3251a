#pragma once

#include <QString>

namespace salvo {

// The longest "round" distance (1, 2 or 5 × 10^n metres) that is at most
// maxLength_px long on screen at the given map scale: what a scale bar and the
// map grid use, so their figures are ones a person reads at a glance.
double niceScaleLength_m(double metresPerPixel, double maxLength_px);

// "850 m", "1.5 km", "20 km" in the current locale.
QString formatDistance(double distance_m);

} // namespace salvo
