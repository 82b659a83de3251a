#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace salvo {

// Akaike information criterion picker (Maeda 1985, as used for seismic and acoustic
// first arrivals): models x[0..k] and x[k+1..N-1] as two stationary segments and
// returns the k+1 that minimises
//   AIC(k) = k log var(x[0..k]) + (N - k - 1) log var(x[k+1..N-1]),
// i.e. the first sample of the louder segment. The window should hold noise, then the
// arrival up to its first peak, and not much more: later energy pulls the split late.
// Returns nothing when the window is shorter than 8 samples.
std::optional<std::size_t> aicOnset(std::span<const float> window);

// Sub-sample onset on the leading edge of an arrival, in samples of `x`. `coarse` is a
// picker's integer onset (e.g. aicOnset), `peak` the index of the largest sample of the
// arrival's first cycle. Finds the first motion (first sample past half the largest
// |x| in [coarse-4, peak], climbed to its local extremum), takes the half-height
// crossing of that edge, and when the edge is slower than a band-limited step (which
// rises from baseline to half height in about half a sample) extrapolates the edge
// down to the baseline, using a lower point at max(20 %, 3 noise_rms). Nothing when no
// edge is found.
std::optional<double> leadingEdgeOnset(std::span<const float> x, std::size_t coarse,
                                       std::size_t peak, double noise_rms);

// Value at time t (samples) of a unit step at t = 0 band-limited to cutoff_fraction of
// the sample rate (0.5 = Nyquist): 1/2 + Si(2π cutoff_fraction t)/π. What an ideal
// converter records from a shock front.
double bandLimitedStep(double t, double cutoff_fraction);
// The same at t_first, t_first + 1, ... (count values), integrating from one sample to
// the next: about 30 times cheaper than calling bandLimitedStep for each.
std::vector<double> bandLimitedStepSeries(double t_first, std::size_t count,
                                          double cutoff_fraction);

// Where a signal first climbs through `level` going forward from `from` (inclusive) up
// to `to` (exclusive), as a fractional index by linear interpolation between the two
// samples around the crossing. Searches values of polarity * x. Nothing when no
// crossing is found.
std::optional<double> risingCrossing(std::span<const float> x, std::size_t from, std::size_t to,
                                     double level, double polarity);

// Vertex of the parabola through (−1, y0), (0, y1), (1, y2): offset in (−1, 1) of a
// peak or trough from the middle sample; 0 when the points are collinear.
double parabolicVertexOffset(double y0, double y1, double y2);

} // namespace salvo
