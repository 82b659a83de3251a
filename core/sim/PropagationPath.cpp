#include "sim/PropagationPath.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace salvo::sim {
namespace {

double travelTime(double length_m, const Eigen::Vector3d &from, const Eigen::Vector3d &to, double c,
                  const Weather &weather) {
  // Effective sound speed: the wind component along the horizontal direction of travel.
  Eigen::Vector3d dir = to - from;
  const double norm = dir.norm();
  double along = 0.0;
  if (norm > 0.0) {
    dir /= norm;
    along = weather.wind_east_mps * dir.x() + weather.wind_north_mps * dir.y();
  }
  return length_m / (c + along);
}

} // namespace

double barrierAttenuation_db(double detour_m, double frequency_hz, double speed_of_sound_mps,
                             int obstacles) {
  if (detour_m <= 0.0) {
    return 0.0;
  }
  const double wavelength = speed_of_sound_mps / std::max(frequency_hz, 1.0);
  const double dz = 10.0 * std::log10(3.0 + 20.0 * detour_m / wavelength);
  return std::min(dz, obstacles > 1 ? 25.0 : 20.0);
}

double barrierAmplitude(double detour_m, double frequency_hz, double speed_of_sound_mps,
                        int obstacles) {
  if (detour_m <= 0.0) {
    return 1.0;
  }
  const double wavelength = speed_of_sound_mps / std::max(frequency_hz, 1.0);
  // Caps of 20 and 25 dB as amplitudes.
  const double floor = obstacles > 1 ? 0.056234132519034911 : 0.1;
  return std::max(1.0 / std::sqrt(3.0 + 20.0 * detour_m / wavelength), floor);
}

std::vector<PropagationPath> findPaths(const CityModel &city, const Weather &weather,
                                       const Eigen::Vector3d &source_m,
                                       const Eigen::Vector3d &receiver_m,
                                       const PropagationOptions &options) {
  std::vector<PropagationPath> paths;
  const double c = speedOfSound_mps(weather);
  const double direct = std::max((receiver_m - source_m).norm(), 0.1);

  const Obstruction obstruction = city.obstruction(source_m, receiver_m);
  PropagationPath first;
  if (!obstruction.blocked) {
    first.kind = PropagationPath::Kind::Direct;
    first.length_m = direct;
    first.departure = (receiver_m - source_m) / direct;
  } else {
    first.kind = PropagationPath::Kind::Diffracted;
    first.length_m = direct + obstruction.detour_m;
    first.detour_m = obstruction.detour_m;
    first.obstacles = obstruction.obstacles;
    const Eigen::Vector3d toEdge = obstruction.edge_m - source_m;
    first.departure = toEdge.norm() > 0.0 ? Eigen::Vector3d(toEdge.normalized())
                                          : Eigen::Vector3d((receiver_m - source_m) / direct);
  }
  first.spreading_gain = 1.0 / first.length_m;
  first.travel_s = travelTime(first.length_m, source_m, receiver_m, c, weather);
  paths.push_back(first);

  if (options.ground_reflection) {
    // Image of the source in the ground plane under it.
    const double ground = city.groundUp_m(source_m.x(), source_m.y());
    const Eigen::Vector3d image(source_m.x(), source_m.y(), 2.0 * ground - source_m.z());
    if (receiver_m.z() > ground && source_m.z() > ground) {
      const double t = (ground - image.z()) / (receiver_m.z() - image.z());
      const Eigen::Vector3d bounce = image + t * (receiver_m - image);
      // The bounce must land on open ground, reachable from both ends.
      if (city.buildingAt(bounce.x(), bounce.y()) == nullptr &&
          city.groundUp_m(bounce.x(), bounce.y()) < ground + 1.0 &&
          !city.obstruction(source_m, bounce).blocked &&
          !city.obstruction(bounce, receiver_m).blocked) {
        PropagationPath path;
        path.kind = PropagationPath::Kind::GroundReflected;
        path.length_m = (receiver_m - image).norm();
        path.spreading_gain = city.groundReflection() / path.length_m;
        path.travel_s = travelTime(path.length_m, source_m, receiver_m, c, weather);
        path.departure = (bounce - source_m).normalized();
        paths.push_back(path);
      }
    }
  }

  if (options.facade_echoes) {
    struct Candidate {
      const Building *building;
      Eigen::Vector3d hit;
      double length;
    };
    std::vector<Candidate> candidates;
    std::vector<PropagationPath> echoes;
    // Facades that both ends face, first by two dot products each (most fail), then the
    // image source's reflection point must fall on the wall. The image of the source in
    // the wall plane is S - 2 s n (s = the source's distance in front of it), and the ray
    // from it to the receiver crosses the wall at the fraction s / (s + r) of its length.
    const std::vector<Building> &buildings = city.buildings();
    std::array<Facade, 4> scratch;
    const double minGain = options.min_echo_gain_ratio * first.spreading_gain;
    for (std::size_t index = 0; index < buildings.size(); ++index) {
      const Building &b = buildings[index];
      for (const Facade &facade : city.facadesOf(index, scratch)) {
        const double nx = facade.normal.x();
        const double ny = facade.normal.y();
        const double sideSource =
            (source_m.x() - facade.centre.x()) * nx + (source_m.y() - facade.centre.y()) * ny;
        if (sideSource <= 0.1) {
          continue;
        }
        const double sideReceiver =
            (receiver_m.x() - facade.centre.x()) * nx + (receiver_m.y() - facade.centre.y()) * ny;
        if (sideReceiver <= 0.1) {
          continue;
        }
        const Eigen::Vector3d image(source_m.x() - 2.0 * sideSource * nx,
                                    source_m.y() - 2.0 * sideSource * ny, source_m.z());
        const double t = sideSource / (sideSource + sideReceiver);
        const Eigen::Vector3d hit = image + t * (receiver_m - image);
        if (std::abs((hit.head<2>() - facade.centre).dot(facade.tangent)) > facade.half_length_m ||
            hit.z() < b.base_up_m || hit.z() > b.roof_up_m) {
          continue;
        }
        const double length = (receiver_m - image).norm();
        if (length - direct > options.max_echo_extra_m || b.reflection / length < minGain) {
          continue;
        }
        candidates.push_back({&b, hit, length});
      }
    }
    // Occlusion tests are the expensive part: run them strongest first and stop once
    // enough echoes are found (or after a bounded number of tries in a dense city).
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate &x, const Candidate &y) {
                       return x.building->reflection / x.length > y.building->reflection / y.length;
                     });
    int tries = 0;
    for (const auto &candidate : candidates) {
      if (static_cast<int>(echoes.size()) >= options.max_echoes ||
          tries >= 8 * options.max_echoes) {
        break;
      }
      ++tries;
      if (city.segmentHitsBuilding(source_m, candidate.hit, candidate.building, nullptr) ||
          city.segmentHitsBuilding(candidate.hit, receiver_m, candidate.building, nullptr)) {
        continue;
      }
      PropagationPath path;
      path.kind = PropagationPath::Kind::FacadeEcho;
      path.length_m = candidate.length;
      path.spreading_gain = candidate.building->reflection / candidate.length;
      // Wind on each leg.
      path.travel_s =
          travelTime((candidate.hit - source_m).norm(), source_m, candidate.hit, c, weather) +
          travelTime((receiver_m - candidate.hit).norm(), candidate.hit, receiver_m, c, weather);
      path.departure = (candidate.hit - source_m).normalized();
      echoes.push_back(path);
    }
    std::stable_sort(echoes.begin(), echoes.end(), [](const auto &a, const auto &b) {
      return a.spreading_gain > b.spreading_gain;
    });
    if (static_cast<int>(echoes.size()) > options.max_echoes) {
      echoes.resize(static_cast<std::size_t>(options.max_echoes));
    }
    paths.insert(paths.end(), echoes.begin(), echoes.end());
  }
  return paths;
}

} // namespace salvo::sim
