#pragma once

#include "MapLayer.h"

class QPainter;

namespace salvo {

// What the map shows under (and instead of) missing tiles: a plain land tone with a
// latitude/longitude graticule at round steps, labelled at the edges. It is the whole
// map offline, so it must read as a map, not as a broken image.
void paintFallbackMap(QPainter &painter, const MapViewport &viewport);

// The graticule step in degrees: 1, 2 or 5 × 10^n so that lines are ≥ minSpacing_px apart.
double graticuleStep_deg(const MapViewport &viewport, double minSpacing_px);

} // namespace salvo
