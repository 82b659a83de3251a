#pragma once

#include <algorithm>

namespace salvo {

// The south-west / north-east corners of map items that carry lat_deg and lon_deg; false
// when there are none (the map then keeps its view).
template <typename Items>
bool boundingBoxOf(const Items &items, double &south, double &west, double &north, double &east) {
  if (items.empty()) {
    return false;
  }
  south = north = items.front().lat_deg;
  west = east = items.front().lon_deg;
  for (const auto &item : items) {
    south = std::min(south, item.lat_deg);
    north = std::max(north, item.lat_deg);
    west = std::min(west, item.lon_deg);
    east = std::max(east, item.lon_deg);
  }
  return true;
}

} // namespace salvo
