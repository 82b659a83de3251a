#pragma once

#include <vector>

namespace salvo {

// First arrivals that are not line of sight. In a city the direct path from a street-level
// source to a rooftop sensor is often blocked by a building; the first sound heard then
// comes over (or around) its edge and is late by the edge's excess path. That error is
// one-sided: a diffracted arrival is never early. Model of one arrival's onset error
// against the geometric prediction:
//
//   r = e + n,   n ~ N(0, σ²) (picking jitter),
//   e = 0 with probability 1 − π (line of sight), e ~ Exp(mean μ) with probability π,
//
// so the marginal of r is a mixture of a Gaussian and an exponentially modified Gaussian.
// Early residuals cost as a Gaussian, late ones only linearly (a bounded pull), and an
// arrival far behind the others is explained as an excess delay instead of bending the fit.

// The mean excess delay of a first arrival diffracted over one building edge: the excess
// path of a ray from a source `edge_distance_m` in front of an edge that stands
// `clearance_m` above the straight ray, to a receiver `range_m` away (Fresnel/ISO 9613-2
// thin-screen geometry, small angles): δ = h²/2 · (1/a + 1/(d − a)).
double diffractionExcessDelay_s(double clearance_m, double edge_distance_m, double range_m,
                                double speed_of_sound_mps);

// The default mean excess μ of a non-line-of-sight first arrival in a city, from that
// geometry: a street-level source ~20 m in front of the first building row whose edge is
// ~5 m above the ray to a rooftop sensor a few hundred metres away (δ ≈ 0.66 m, ≈ 1.9 ms).
double typicalUrbanExcessDelay_s();

// What one residual says under the mixture.
struct NlosResidual {
  double cost = 0.0;          // −2 log p(r) + constant (chi-square units: r²/σ² when LOS sure)
  double excess_s = 0.0;      // E[e | r]: the part of the residual that is path delay
  double excess_var_s2 = 0.0; // Var[e | r]
  double nlos_probability = 0.0;
};

// residual_s: observed minus predicted arrival; sigma_s: picking jitter; mean_excess_s: μ;
// nlos_fraction: π. −d(cost/2)/dr = (r − E[e|r])/σ², so a Gauss-Newton step on the
// shifted residual r − E[e|r] descends the mixture's likelihood.
NlosResidual nlosResidual(double residual_s, double sigma_s, double mean_excess_s,
                          double nlos_fraction);

} // namespace salvo

namespace salvo {

// One arrival of a set fitted with the NLOS model, as the diffraction check sees it.
struct NlosArrivalLevel {
  double excess_s = 0.0;        // E[e | r] of the fit
  double source_level_db = 0.0; // peak level back-propagated to 1 m along the straight path
  bool level_known = true;      // false: clipped or no level (a lower bound at best)
};

// Is a set's one-sided explanation physical? An arrival the fit calls diffracted (an
// excess of at least `late_from_s`) came over or around an obstacle, and a thin screen
// costs at least ~5 dB against the free path at the shadow boundary, more deeper in it
// (Maekawa: 10 log10(3 + 20 N)). So each such arrival, taken back to the source along the
// straight path, must read quieter than the line-of-sight arrivals say the source is, by
// `min_loss_db` (less than the 5 dB: directivity and ground scatter the levels). Chance
// sets of echoes (all alike) and a late pulse borrowed from another source fail it. False
// too when no arrival is late: the one-sided fit then claims nothing the Gaussian fit
// could not judge itself. True when fewer than two line-of-sight levels are known.
bool diffractedArrivalsAreQuieter(const std::vector<NlosArrivalLevel> &arrivals, double late_from_s,
                                  double min_loss_db);

} // namespace salvo
