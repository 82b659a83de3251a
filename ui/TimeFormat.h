#pragma once

#include "time/UtcTime.h"

#include <QString>

namespace salvo {

// "2026-07-05 12:34:54.215": UTC to the millisecond, what a dispatcher reads in a
// table; tooltips carry the full nanosecond ISO 8601 form.
QString formatUtcMillis(UtcNs time_utc_ns);

// "12:34:54": UTC time of day, for spans within one day.
QString formatUtcTimeOfDay(UtcNs time_utc_ns);

} // namespace salvo
