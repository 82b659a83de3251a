#pragma once

#include "detect/Pulse.h"

#include <cstdint>
#include <vector>

namespace salvo {

// Index of the pulse of `pulses` (onset order) nearest to `expected_ns` within
// ±tolerance_ns and not yet used, or -1. Training and the live classifier gather an
// event's pulses the same way, so what the model learns from is what it is shown.
long nearestUnusedPulse(const std::vector<Pulse> &pulses, const std::vector<bool> &used,
                        UtcNs expected_ns, std::int64_t tolerance_ns);

} // namespace salvo
