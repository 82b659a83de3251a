#include "dsp/OnsetPicker.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

namespace salvo {

std::optional<std::size_t> aicOnset(std::span<const float> window) {
  const std::size_t n = window.size();
  if (n < 8) {
    return std::nullopt;
  }
  // Prefix sums in double: the window is a few thousand samples at most, and the
  // variance of a quiet noise segment is a small difference of large sums.
  std::vector<double> sum(n + 1, 0.0);
  std::vector<double> sum2(n + 1, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = window[i];
    sum[i + 1] = sum[i] + x;
    sum2[i + 1] = sum2[i] + x * x;
  }
  // A floor on the variance keeps log() finite on digital silence (zeros before the
  // arrival); it is far below any real noise floor of a 16-bit converter.
  constexpr double kVarianceFloor = 1e-20;
  auto variance = [&](std::size_t begin, std::size_t end) {
    const double count = static_cast<double>(end - begin);
    const double mean = (sum[end] - sum[begin]) / count;
    const double v = (sum2[end] - sum2[begin]) / count - mean * mean;
    return std::max(v, kVarianceFloor);
  };
  double best = std::numeric_limits<double>::infinity();
  std::size_t best_split = 0;
  // Segments of at least two samples each, so both variances mean something.
  for (std::size_t k = 2; k + 2 <= n; ++k) {
    const double aic = static_cast<double>(k) * std::log(variance(0, k)) +
                       static_cast<double>(n - k) * std::log(variance(k, n));
    if (aic < best) {
      best = aic;
      best_split = k;
    }
  }
  return best_split;
}

std::optional<double> leadingEdgeOnset(std::span<const float> x, std::size_t coarse,
                                       std::size_t peak, double noise_rms) {
  const std::size_t begin = coarse >= 4 ? coarse - 4 : 0;
  const std::size_t end = std::min(peak + 2, x.size());
  if (end < begin + 4) {
    return std::nullopt;
  }
  double biggest = 0.0;
  for (std::size_t i = begin; i < end; ++i) {
    biggest = std::max(biggest, static_cast<double>(std::abs(x[i])));
  }
  std::size_t i = begin;
  while (i < end && std::abs(x[i]) < 0.5 * biggest) {
    ++i;
  }
  if (i >= end || biggest <= 0.0) {
    return std::nullopt;
  }
  const double polarity = x[i] >= 0.0f ? 1.0 : -1.0;
  while (i + 1 < end && polarity * x[i + 1] >= polarity * x[i]) {
    ++i;
  }
  const double extremum = polarity * x[i];
  // Walk back from the extremum to the last sample under `level`, then place the
  // crossing on a Catmull-Rom cubic through the four samples around it: a steep edge is
  // only a sample or two wide, and a straight line between two samples would bias the
  // crossing by where the edge happens to fall between them.
  auto value = [&](std::ptrdiff_t k) {
    const auto clamped =
        std::clamp<std::ptrdiff_t>(k, 0, static_cast<std::ptrdiff_t>(x.size()) - 1);
    return polarity * x[static_cast<std::size_t>(clamped)];
  };
  auto crossingBelow = [&](double level) -> std::optional<double> {
    for (std::size_t j = i; j > begin; --j) {
      const double lo = polarity * x[j - 1];
      const double hi = polarity * x[j];
      if (lo < level && hi >= level) {
        const auto k = static_cast<std::ptrdiff_t>(j - 1);
        const double p0 = value(k - 1);
        const double p3 = value(k + 2);
        auto cubic = [&](double t) {
          return 0.5 *
                 ((2.0 * lo) + (-p0 + hi) * t + (2.0 * p0 - 5.0 * lo + 4.0 * hi - p3) * t * t +
                  (-p0 + 3.0 * lo - 3.0 * hi + p3) * t * t * t);
        };
        double a = 0.0;
        double b = 1.0;
        for (int iteration = 0; iteration < 30; ++iteration) {
          const double mid = 0.5 * (a + b);
          (cubic(mid) < level ? a : b) = mid;
        }
        return static_cast<double>(k) + 0.5 * (a + b);
      }
    }
    return std::nullopt;
  };
  const std::optional<double> half = crossingBelow(0.5 * extremum);
  if (!half) {
    return std::nullopt;
  }
  double onset = *half;
  const double low_fraction = std::max(0.2, 3.0 * noise_rms / extremum);
  if (low_fraction < 0.4) {
    if (const std::optional<double> low = crossingBelow(low_fraction * extremum)) {
      const double extrapolated = (*half - *low) * 0.5 / (0.5 - low_fraction);
      // Only the slowness beyond a band-limited step's own is taken back.
      onset -= std::max(0.0, extrapolated - 0.5);
    }
  }
  return onset;
}

double bandLimitedStep(double t, double cutoff_fraction) {
  // Si(x) by Simpson's rule on sin(u)/u; |x| stays below a few hundred here.
  const double x = 2.0 * std::numbers::pi * cutoff_fraction * t;
  const double ax = std::abs(x);
  const int steps = std::max(2, 2 * static_cast<int>(std::ceil(ax / 0.1)));
  const double h = ax / steps;
  auto f = [](double u) { return u == 0.0 ? 1.0 : std::sin(u) / u; };
  double sum = f(0.0) + f(ax);
  for (int k = 1; k < steps; ++k) {
    sum += (k % 2 == 1 ? 4.0 : 2.0) * f(k * h);
  }
  const double si = sum * h / 3.0;
  return 0.5 + (x < 0.0 ? -si : si) / std::numbers::pi;
}

std::vector<double> bandLimitedStepSeries(double t_first, std::size_t count,
                                          double cutoff_fraction) {
  std::vector<double> out;
  out.reserve(count);
  if (count == 0) {
    return out;
  }
  const double scale = 2.0 * std::numbers::pi * cutoff_fraction; // x per sample
  auto f = [](double u) { return u == 0.0 ? 1.0 : std::sin(u) / u; };
  double value = bandLimitedStep(t_first, cutoff_fraction);
  out.push_back(value);
  // Simpson over each one-sample step (x advances by scale < π: 8 panels are plenty).
  constexpr int kPanels = 8;
  for (std::size_t n = 1; n < count; ++n) {
    const double x0 = scale * (t_first + static_cast<double>(n - 1));
    const double h = scale / kPanels;
    double sum = f(x0) + f(x0 + scale);
    for (int k = 1; k < kPanels; ++k) {
      sum += (k % 2 == 1 ? 4.0 : 2.0) * f(x0 + k * h);
    }
    value += sum * h / 3.0 / std::numbers::pi;
    out.push_back(value);
  }
  return out;
}

std::optional<double> risingCrossing(std::span<const float> x, std::size_t from, std::size_t to,
                                     double level, double polarity) {
  to = std::min(to, x.size());
  for (std::size_t i = from + 1; i < to; ++i) {
    const double a = polarity * x[i - 1];
    const double b = polarity * x[i];
    if (a < level && b >= level) {
      return static_cast<double>(i - 1) + (level - a) / (b - a);
    }
  }
  return std::nullopt;
}

double parabolicVertexOffset(double y0, double y1, double y2) {
  const double denominator = y0 - 2.0 * y1 + y2;
  if (std::abs(denominator) < 1e-300) {
    return 0.0;
  }
  const double offset = 0.5 * (y0 - y2) / denominator;
  return std::clamp(offset, -1.0, 1.0);
}

} // namespace salvo
