#pragma once

#include "sim/EmissionStream.h"
#include "sim/RealFft.h"
#include "sim/SimScenario.h"
#include "sim/SpectrumCache.h"

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <vector>

namespace salvo::sim {

// Renders one sensor's recording block after block: every emission's paths to this sensor
// become short band-limited impulses (the source pulse's analytic spectrum times the path's
// spreading, ISO 9613-1 absorption, ISO 9613-2 diffraction and a sub-sample delay phase
// ramp, back through one inverse FFT), added into the block over the background noise;
// then the microphone (high-pass, self noise, clipping at full scale) and the 16-bit
// converter. Memory holds only the emissions about to be heard (the scheduled ones come
// from an EmissionStream), tones still sounding and bounded caches: flat in the length.
class SensorRenderer {
public:
  SensorRenderer(const SimScenario &scenario, std::size_t sensorIndex);

  // Emissions are kept in time order; addScenarioSources() adds a whole scenario's: its
  // hand-placed sources and its scheduled incidents, read from `stream` (shared with the
  // other sensors' renderers) or, without one, from a stream of this renderer's own.
  void addEmission(const Emission &emission);
  void addTone(const ToneEmission &tone);
  void addScenarioSources(std::shared_ptr<EmissionStream> stream = {});

  // Source spectra of the scenario's emissions shared with the other sensors' renderers
  // (worth it when they render side by side, block by block: renderScenario()).
  void shareSpectra(std::shared_ptr<SpectrumCache> cache) { sharedSpectra_ = std::move(cache); }

  // The next block as the converter's output: samples in [-1, 1] on the 16-bit grid.
  void render(std::span<float> out);
  std::int64_t position() const { return sample_; }
  double sampleRate() const { return rate_hz_; }

private:
  struct Arrival {
    std::int64_t start_sample = 0;
    std::vector<float> wave;
  };
  // A site's paths to this sensor and, per FFT size, each path's minimum-phase transfer per
  // bin (absorption times diffraction): computed once, reused by every pulse from the site.
  struct SitePaths {
    std::vector<PropagationPath> paths;
    std::map<std::size_t, std::vector<std::vector<std::complex<float>>>> transfer;
    std::uint64_t used = 0; // stamp of the last emission from the site
    std::size_t transferFloats = 0;
  };
  // One path of one pulse, ready to render.
  struct PathCopy {
    double arrival_s = 0.0;
    double gain = 1.0;
    double length_m = 0.0;
    double detour_m = 0.0;
    int obstacles = 0;
    std::size_t index = 0; // in the site's paths, for the cached transfer
  };
  void expandEmissions(double untilSeconds);
  const Emission *nextEmission(std::uint64_t &sharedKey, bool &live);
  void insertTone(const ToneEmission &tone);
  double toneEnd_s(const ToneEmission &tone) const;
  void releaseLargeScratch();
  void expandEmission(const Emission &emission);
  void renderCopies(const SourcePulse &pulse, std::vector<PathCopy> &copies, SitePaths *site);
  void addArrivalGroup(const SourcePulse &pulse, std::span<const PathCopy> group, SitePaths *site);
  const std::vector<std::complex<float>> &transfer(const PathCopy &copy, std::size_t fftSize,
                                                   SitePaths *site);
  void addBulletArrivals(const Emission &emission);
  const RealInverseFft &fft(std::size_t size);
  const std::vector<double> &absorption(std::size_t size);
  const std::vector<std::complex<double>> &spectrum(const SourcePulse &pulse, std::size_t size);

  const SimScenario &scenario_;
  const SimSensor &sensor_;
  double rate_hz_;
  double c_mps_;
  std::int64_t sample_ = 0;
  std::deque<Emission> pending_; // added one by one (live), in time order
  bool scenarioEmissions_ = false;
  std::size_t scenarioCursor_ = 0; // next of scenario_.emissions to expand
  std::shared_ptr<EmissionStream> stream_;
  int reader_ = -1;
  std::vector<ToneEmission> tones_;
  std::vector<Arrival> arrivals_;
  BackgroundNoise noise_;
  std::map<int, SitePaths> pathsBySite_; // recently used sites only
  std::uint64_t siteUses_ = 0;
  std::size_t transferFloats_ = 0; // held in all sites' transfer tables (2 a bin)
  double audible_pa_ = 0.0;        // paths whose peak stays below this are skipped
  std::map<std::size_t, std::unique_ptr<RealInverseFft>> ffts_;
  std::map<std::size_t, std::vector<double>> absorption_; // dB per metre for each bin
  // The current pulse's spectrum at each FFT size its path groups have needed: groups of
  // one pulse alternate between sizes, and each size is computed once per pulse.
  struct Spectrum {
    std::size_t size = 0;
    std::vector<std::complex<double>> bins;
  };
  std::shared_ptr<SpectrumCache> sharedSpectra_;
  std::size_t sharedEmission_ = kNotShared; // scenario emission being expanded, if shareable
  static constexpr std::size_t kNotShared = static_cast<std::size_t>(-1);
  std::vector<Spectrum> spectra_;
  std::size_t spectraValid_ = 0; // leading entries of spectra_ that hold spectrumPulse_'s
  const SourcePulse *spectrumPulse_ = nullptr;
  std::vector<std::complex<float>> transferScratch_;
  std::vector<double> logMagnitude_; // of a transfer, on a finer grid
  std::vector<std::complex<double>> fineTransfer_;
  std::vector<double> cepstrumScratch_;
  std::vector<std::complex<double>> cepstrumBins_;
  std::vector<PathCopy> copies_;
  std::vector<std::complex<double>> scratch_;
  std::vector<double> waveScratch_;
  std::vector<float> pressure_;
  double highPassA_ = 0.0;
  double highPassIn_ = 0.0, highPassOut_ = 0.0;
};

// Renders every sensor of `scenario` side by side, block after block, with their source
// spectra shared, and hands each block to `sink(sensorIndex, samples)`: each sensor gets
// round(duration x its rate) samples, the same as rendering it alone.
void renderScenario(const SimScenario &scenario, std::size_t blockFrames,
                    const std::function<void(std::size_t, std::span<const float>)> &sink);

} // namespace salvo::sim
