#include "sim/SpectrumCache.h"

#include <bit>
#include <cmath>

namespace salvo::sim {

std::size_t SpectrumCache::KeyHash::operator()(const Key &key) const {
  std::uint64_t h = key.emission * 0x9E3779B97F4A7C15ULL;
  h ^= (static_cast<std::uint64_t>(key.size) + 0x7F4A7C15ULL) * 0xBF58476D1CE4E5B9ULL;
  h ^= std::bit_cast<std::uint64_t>(key.rate_hz) * 0x94D049BB133111EBULL;
  return static_cast<std::size_t>(h ^ (h >> 31));
}

const std::vector<std::complex<double>> &SpectrumCache::get(std::size_t emission,
                                                            const SourcePulse &pulse,
                                                            double rate_hz, std::size_t fftSize) {
  const Key key{emission, fftSize, rate_hz};
  if (const auto found = entries_.find(key); found != entries_.end()) {
    ++hits_;
    return found->second;
  }
  ++misses_;
  const std::size_t bins = fftSize / 2 + 1;
  while (!order_.empty() && heldBins_ + bins > maxBins_) {
    const auto oldest = entries_.find(order_.front());
    heldBins_ -= oldest->second.size();
    entries_.erase(oldest);
    order_.pop_front();
  }
  std::vector<std::complex<double>> &slot = entries_[key];
  slot.resize(bins);
  pulseSpectrum(pulse, rate_hz, fftSize, slot);
  heldBins_ += bins;
  order_.push_back(key);
  return slot;
}

const std::vector<double> &SpectrumCache::absorption(double rate_hz, std::size_t fftSize,
                                                     const Weather &weather) {
  std::vector<double> &table = absorption_[{rate_hz, fftSize}];
  if (table.empty()) {
    table = absorptionTable(rate_hz, fftSize, weather);
  }
  return table;
}

std::vector<double> absorptionTable(double rate_hz, std::size_t fftSize, const Weather &weather) {
  std::vector<double> table(fftSize / 2 + 1);
  for (std::size_t k = 0; k < table.size(); ++k) {
    const double f = rate_hz * static_cast<double>(k) / static_cast<double>(fftSize);
    table[k] = airAbsorption_dB_per_m(f, weather) * std::log(10.0) / 20.0;
  }
  return table;
}

} // namespace salvo::sim
