#pragma once

#include "sim/Atmosphere.h"
#include "sim/SourceModels.h"

#include <complex>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <unordered_map>
#include <vector>

namespace salvo::sim {

// Source spectra shared by the renderers of one scenario's sensors. Rendered side by side,
// block after block, every sensor expands an emission in the same block, so each
// (emission, FFT size, sample rate) spectrum is computed once instead of once per sensor.
// The oldest entries go first once `maxBins` bins are held: memory is flat in the length.
// The values are exactly what each renderer would compute itself (same code, same
// inputs), so sharing changes no byte of the output.
class SpectrumCache {
public:
  explicit SpectrumCache(std::size_t maxBins = std::size_t{1} << 17) : maxBins_(maxBins) {}

  // The spectrum of `pulse` (scenario emission number `emission`); valid until the next
  // call.
  const std::vector<std::complex<double>> &get(std::size_t emission, const SourcePulse &pulse,
                                               double rate_hz, std::size_t fftSize);

  // ISO 9613-1 absorption per bin (natural-log amplitude decay per metre) of one FFT size:
  // the same for every sensor of the scenario's air at one rate. Kept for good (a few
  // sizes).
  const std::vector<double> &absorption(double rate_hz, std::size_t fftSize,
                                        const Weather &weather);

  std::size_t hits() const { return hits_; }
  std::size_t misses() const { return misses_; }

private:
  struct Key {
    std::size_t emission = 0;
    std::size_t size = 0;
    double rate_hz = 0.0;
    bool operator==(const Key &) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key &key) const;
  };
  std::unordered_map<Key, std::vector<std::complex<double>>, KeyHash> entries_;
  std::deque<Key> order_; // oldest first
  std::map<std::pair<double, std::size_t>, std::vector<double>> absorption_;
  std::size_t heldBins_ = 0;
  std::size_t maxBins_;
  std::size_t hits_ = 0, misses_ = 0;
};

// The natural-log amplitude decay per metre at each bin of an FFT of `fftSize` at `rate_hz`.
std::vector<double> absorptionTable(double rate_hz, std::size_t fftSize, const Weather &weather);

} // namespace salvo::sim
