#include "classify/TrainingExamples.h"
#include "classify/PulseMatching.h"

#include "audio/AudioFile.h"
#include "common/CsvTable.h"
#include "common/InputError.h"
#include "geo/LocalEnuFrame.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <random>

namespace salvo {
namespace {

std::vector<Pulse> pulsesBetween(const std::vector<Pulse> &pulses, UtcNs from, UtcNs to) {
  std::vector<Pulse> out;
  for (const Pulse &p : pulses) {
    if (p.onset_utc_ns >= from && p.onset_utc_ns <= to) {
      out.push_back(p);
    }
  }
  return out;
}

int labelOf(IncidentClass c) {
  return static_cast<int>(c);
}

// Single shots cut from a multi-shot event, evenly spread over it, as extra examples.
void addFragments(const IncidentEvidence &incident, int label, const std::string &group, int count,
                  ScenarioExamples &out) {
  const std::size_t n = incident.shots.size();
  if (count <= 0 || n < 2) {
    return;
  }
  for (int k = 0; k < count && std::size_t(k) < n; ++k) {
    const std::size_t i = count == 1 ? 0 : std::size_t(k) * (n - 1) / std::size_t(count - 1);
    IncidentEvidence one;
    one.shots = {incident.shots[i]};
    out.incident.push_back({incidentFeatureVector(one), label, group});
    out.incident_evidence.push_back(std::move(one));
  }
}

} // namespace

std::vector<Pulse> detectRecordingPulses(const std::filesystem::path &audio,
                                         std::size_t sensor_index, double full_scale_pa,
                                         UtcNs start_utc_ns, const ImpulseDetectorConfig &config) {
  AudioFileReader reader(audio);
  ImpulseDetector detector(config, sensor_index, reader.info().sample_rate_hz, full_scale_pa,
                           start_utc_ns);
  std::vector<float> block(8192);
  std::vector<Pulse> pulses;
  for (std::size_t n = reader.read(block); n > 0; n = reader.read(block)) {
    detector.process(std::span<const float>(block.data(), n), pulses);
  }
  detector.finish(pulses);
  return pulses;
}

std::vector<std::vector<Pulse>> detectScenarioPulses(const ScenarioFolder &scenario,
                                                     const ImpulseDetectorConfig &config) {
  std::vector<std::vector<Pulse>> all;
  for (std::size_t s = 0; s < scenario.recordings.size(); ++s) {
    const SensorRecording &r = scenario.recordings[s];
    all.push_back(
        detectRecordingPulses(r.audio_path, s, r.spec.full_scale_pa, r.spec.start_utc_ns, config));
  }
  return all;
}

ScenarioExamples scenarioExamples(const ScenarioFolder &scenario, const ScenarioTruth &truth,
                                  const std::vector<std::vector<Pulse>> &pulsesPerSensor,
                                  const ScenarioExampleOptions &options) {
  ScenarioExamples out;
  const auto &sensors = scenario.manifest.sensors;
  if (sensors.empty() || pulsesPerSensor.size() != sensors.size()) {
    return out;
  }
  const LocalEnuFrame frame(sensors.front().position);
  std::vector<Eigen::Vector3d> sensorEnu;
  std::vector<double> clockError(sensors.size(), 0.0);
  for (std::size_t s = 0; s < sensors.size(); ++s) {
    sensorEnu.push_back(frame.toEnu(sensors[s].position));
    for (const TruthSensor &t : truth.sensors) {
      if (t.id == sensors[s].id) {
        clockError[s] = t.clock_error_s;
      }
    }
  }
  const double c = truth.speed_of_sound_mps > 0.0 ? truth.speed_of_sound_mps : 343.0;
  const std::string group =
      scenario.manifest.name.empty() ? scenario.folder.filename().string() : scenario.manifest.name;
  std::mt19937_64 rng(std::hash<std::string>{}(group));
  std::normal_distribution<double> gauss(0.0, 1.0);
  const auto tolerance_ns = secondsToNanos(options.arrival_tolerance_s);
  std::vector<std::vector<bool>> used;
  for (const auto &p : pulsesPerSensor) {
    used.emplace_back(p.size(), false);
  }

  for (const TruthEvent &event : truth.events) {
    ++out.events;
    const Eigen::Vector3d launch = frame.toEnu(event.position);
    // A shell bursts high above its launch site; a ground source is where it starts.
    std::vector<Eigen::Vector3d> hypotheses{launch};
    if (event.burst_height_m && *event.burst_height_m > 0.0) {
      hypotheses.push_back(launch + Eigen::Vector3d(0, 0, *event.burst_height_m));
    }
    IncidentEvidence incident;
    std::vector<std::vector<Pulse>> heardBy(sensors.size());
    UtcNs firstArrival = std::numeric_limits<UtcNs>::max(), lastArrival = 0;
    for (UtcNs shotTime : event.shot_times_utc_ns) {
      ShotEvidence best;
      std::vector<std::pair<std::size_t, long>> bestPicks;
      for (const Eigen::Vector3d &source : hypotheses) {
        std::vector<std::pair<std::size_t, long>> picks;
        std::vector<ShotArrival> arrivals;
        for (std::size_t s = 0; s < sensors.size(); ++s) {
          if (std::abs(clockError[s]) > options.max_clock_error_s) {
            continue;
          }
          const double range = (sensorEnu[s] - source).norm();
          const UtcNs expected = shotTime + secondsToNanos(range / c + clockError[s]);
          firstArrival = std::min(firstArrival, expected);
          lastArrival = std::max(lastArrival, expected);
          const long k = nearestUnusedPulse(pulsesPerSensor[s], used[s], expected, tolerance_ns);
          if (k >= 0) {
            picks.emplace_back(s, k);
          }
        }
        if (picks.size() > bestPicks.size()) {
          bestPicks = picks;
          best.source_enu_m = source;
        }
      }
      if (int(bestPicks.size()) < options.min_sensors) {
        continue;
      }
      // What the locate pipeline would report: the source with its location error.
      const Eigen::Vector3d located =
          best.source_enu_m + Eigen::Vector3d(options.position_sigma_horizontal_m * gauss(rng),
                                              options.position_sigma_horizontal_m * gauss(rng),
                                              options.position_sigma_vertical_m * gauss(rng));
      best.source_enu_m = located;
      best.emission_utc_ns = shotTime;
      for (const auto &[s, k] : bestPicks) {
        used[s][std::size_t(k)] = true;
        const Pulse &pulse = pulsesPerSensor[s][std::size_t(k)];
        ShotArrival a;
        a.pulse = pulse;
        a.sensor_enu_m = sensorEnu[s];
        a.range_m = (sensorEnu[s] - located).norm();
        for (const Pulse &n : pulsesBetween(
                 pulsesPerSensor[s], pulse.onset_utc_ns - secondsToNanos(kNeighbourWindow_s),
                 pulse.onset_utc_ns + secondsToNanos(kNeighbourWindow_s))) {
          if (n.sequence != pulse.sequence) {
            a.neighbours.push_back(n);
          }
        }
        heardBy[s].push_back(pulse);
        best.arrivals.push_back(std::move(a));
      }
      incident.shots.push_back(std::move(best));
    }
    if (incident.shots.empty()) {
      ++out.events_without_shots;
      continue;
    }
    out.incident.push_back({incidentFeatureVector(incident), labelOf(event.eventClass), group});
    out.incident_evidence.push_back(incident);
    addFragments(incident, labelOf(event.eventClass), group, options.fragment_examples, out);
    // Clips: what one sensor that heard the event recorded around it, echoes and
    // unrelated pulses included, as a user's clip would be.
    for (std::size_t s = 0; s < sensors.size(); ++s) {
      if (heardBy[s].empty()) {
        continue;
      }
      const std::vector<Pulse> clip =
          pulsesBetween(pulsesPerSensor[s], firstArrival - secondsToNanos(0.05),
                        lastArrival + secondsToNanos(options.clip_tail_s));
      if (!clip.empty()) {
        out.clip.push_back({clipFeatureVector(clip), labelOf(event.eventClass), group});
      }
    }
  }
  return out;
}

std::vector<LabelledExample> labelledFolderClipExamples(const std::filesystem::path &folder,
                                                        double full_scale_pa) {
  std::vector<LabelledExample> out;
  if (!std::filesystem::is_directory(folder)) {
    throw InputError(folder.string(), "", "", "not a folder (expected gunfire/ fireworks/ other/)");
  }
  for (IncidentClass cls :
       {IncidentClass::Gunfire, IncidentClass::Fireworks, IncidentClass::Other}) {
    const std::filesystem::path dir = folder / std::string(incidentClassName(cls));
    if (!std::filesystem::is_directory(dir)) {
      continue;
    }
    std::vector<std::filesystem::path> files;
    for (const auto &entry : std::filesystem::directory_iterator(dir)) {
      std::string ext = entry.path().extension().string();
      std::transform(ext.begin(), ext.end(), ext.begin(),
                     [](unsigned char ch) { return std::tolower(ch); });
      if (entry.is_regular_file() && (ext == ".wav" || ext == ".flac")) {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end()); // deterministic order
    for (const auto &file : files) {
      const std::vector<Pulse> pulses = detectRecordingPulses(file, 0, full_scale_pa, 0);
      if (clipImpulses(pulses).empty()) {
        continue; // nothing impulsive: carries no shape or cadence to learn from
      }
      out.push_back({clipFeatureVector(pulses), labelOf(cls), file.string()});
    }
  }
  return out;
}

void writeExamplesCsv(const std::filesystem::path &path,
                      const std::vector<LabelledExample> &examples,
                      const std::vector<std::string> &names) {
  std::ofstream file(path);
  if (!file) {
    throw InputError(path.string(), "", "", "cannot write");
  }
  file << "group,label";
  for (const std::string &n : names) {
    file << ',' << n;
  }
  file << '\n';
  char number[32];
  for (const LabelledExample &e : examples) {
    if (e.group.find_first_of(",\n") != std::string::npos ||
        e.features.size() < Eigen::Index(names.size())) {
      throw InputError(path.string(), e.group, "", "cannot be written as a CSV row");
    }
    file << e.group << ',' << e.label;
    for (std::size_t k = 0; k < names.size(); ++k) {
      std::snprintf(number, sizeof number, "%.17g", e.features[Eigen::Index(k)]);
      file << ',' << number;
    }
    file << '\n';
  }
  if (!file.flush()) {
    throw InputError(path.string(), "", "", "write failed");
  }
}

std::vector<LabelledExample> readExamplesCsv(const std::filesystem::path &path,
                                             const std::vector<std::string> &names) {
  const CsvTable table = readCsvFile(path);
  std::vector<std::string> expected{"group", "label"};
  expected.insert(expected.end(), names.begin(), names.end());
  if (table.header != expected) {
    throw InputError(path.string(), "line 1", "", "header is not this build's features");
  }
  std::vector<LabelledExample> out;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const std::vector<std::string> &row = table.rows[r];
    LabelledExample e;
    e.group = row[0];
    char *end = nullptr;
    e.label = int(std::strtol(row[1].c_str(), &end, 10));
    bool ok = *end == '\0' && e.label >= 0 && e.label < kClassCount;
    e.features.resize(Eigen::Index(names.size()));
    for (std::size_t k = 0; ok && k < names.size(); ++k) {
      e.features[Eigen::Index(k)] = std::strtod(row[k + 2].c_str(), &end); // "nan" is unknown
      ok = !row[k + 2].empty() && *end == '\0';
    }
    if (!ok) {
      throw InputError(path.string(), "line " + std::to_string(table.rowLines[r]), "",
                       "expected a label 0..2 and " + std::to_string(names.size()) + " numbers");
    }
    out.push_back(std::move(e));
  }
  return out;
}

} // namespace salvo
