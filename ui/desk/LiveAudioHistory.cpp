#include "LiveAudioHistory.h"

#include <algorithm>
#include <cmath>

namespace salvo {

LiveAudioHistory::LiveAudioHistory(const ScenarioManifest &manifest, double keep_s) {
  for (const SensorSpec &spec : manifest.sensors) {
    Channel channel;
    channel.start_utc_ns = spec.start_utc_ns;
    channel.rate_hz = spec.sample_rate_hz;
    channel.ring.assign(
        static_cast<std::size_t>(std::max(1.0, std::ceil(keep_s * spec.sample_rate_hz))), 0.0F);
    channels_.push_back(std::move(channel));
  }
}

void LiveAudioHistory::append(const std::vector<std::vector<float>> &blocks) {
  const std::lock_guard lock(mutex_);
  for (std::size_t s = 0; s < blocks.size() && s < channels_.size(); ++s) {
    Channel &channel = channels_[s];
    const auto size = static_cast<std::int64_t>(channel.ring.size());
    for (float sample : blocks[s]) {
      channel.ring[static_cast<std::size_t>(channel.written % size)] = sample;
      ++channel.written;
    }
  }
}

LiveAudioHistory::Clip LiveAudioHistory::copy(std::size_t sensor, UtcNs from_utc_ns,
                                              UtcNs to_utc_ns) const {
  Clip clip;
  if (sensor >= channels_.size()) {
    return clip;
  }
  const std::lock_guard lock(mutex_);
  const Channel &channel = channels_[sensor];
  auto frameAt = [&](UtcNs t) {
    return static_cast<std::int64_t>(
        std::llround(nanosToSeconds(t - channel.start_utc_ns) * channel.rate_hz));
  };
  const auto size = static_cast<std::int64_t>(channel.ring.size());
  const std::int64_t oldest = std::max<std::int64_t>(0, channel.written - size);
  const std::int64_t first = std::clamp(frameAt(from_utc_ns), oldest, channel.written);
  const std::int64_t end = std::clamp(frameAt(to_utc_ns), first, channel.written);
  clip.first_frame = first;
  clip.start_utc_ns =
      channel.start_utc_ns + secondsToNanos(static_cast<double>(first) / channel.rate_hz);
  clip.samples.reserve(static_cast<std::size_t>(end - first));
  for (std::int64_t f = first; f < end; ++f) {
    clip.samples.push_back(channel.ring[static_cast<std::size_t>(f % size)]);
  }
  return clip;
}

} // namespace salvo
