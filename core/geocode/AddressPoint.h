#pragma once

#include <string>

namespace salvo {

// One addressable spot a dispatcher can read out over the radio: "1420 Mission St".
struct AddressPoint {
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  std::string label;
};

// Where a place description came from, so the desk can say how much to trust it.
enum class PlaceSource { AddressPoints, ReverseGeocoder, Coordinates };

// What the alert queue shows in its place column.
struct Place {
  std::string label;       // the nearest address, or the coordinates when none is known
  double distance_m = 0.0; // from the incident to the address point (0 for coordinates)
  PlaceSource source = PlaceSource::Coordinates;
};

} // namespace salvo
