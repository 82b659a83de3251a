#pragma once

#include "sim/RealFft.h"
#include "sim/SimScenario.h"

#include <deque>
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
// converter. Memory holds only the emissions not yet heard, so it is flat in the length.
class SensorRenderer {
public:
  SensorRenderer(const SimScenario &scenario, std::size_t sensorIndex);

  // Emissions are kept in time order; addScenarioSources() adds a whole scenario's.
  void addEmission(const Emission &emission);
  void addTone(const ToneEmission &tone);
  void addScenarioSources();

  // The next block as the converter's output: samples in [-1, 1] on the 16-bit grid.
  void render(std::span<float> out);
  std::int64_t position() const { return sample_; }
  double sampleRate() const { return rate_hz_; }

private:
  struct Arrival {
    std::int64_t start_sample = 0;
    std::vector<float> wave;
  };
  void expandEmissions(double untilSeconds);
  void addPathArrival(const Emission &emission, const std::vector<std::complex<double>> &spectrum,
                      std::size_t fftSize, double arrival_s, double gain, double length_m,
                      double detour_m, int obstacles);
  void addBulletArrivals(const Emission &emission);
  const RealInverseFft &fft(std::size_t size);
  const std::vector<double> &absorption(std::size_t size);

  const SimScenario &scenario_;
  const SimSensor &sensor_;
  double rate_hz_;
  double c_mps_;
  std::int64_t sample_ = 0;
  std::deque<Emission> pending_;
  std::vector<ToneEmission> tones_;
  std::vector<Arrival> arrivals_;
  BackgroundNoise noise_;
  std::map<int, std::vector<PropagationPath>> pathsBySite_; // recent sites only
  std::map<std::size_t, std::unique_ptr<RealInverseFft>> ffts_;
  std::map<std::size_t, std::vector<double>> absorption_; // dB per metre for each bin
  std::vector<std::complex<double>> spectrum_;
  std::vector<std::complex<double>> scratch_;
  std::vector<double> waveScratch_;
  std::vector<float> pressure_;
  double highPassA_ = 0.0;
  double highPassIn_ = 0.0, highPassOut_ = 0.0;
};

} // namespace salvo::sim
