#include "TimeFormat.h"

#include <QDateTime>

namespace salvo {
namespace {
QDateTime toDateTime(UtcNs time_utc_ns) {
  // Floor division, so times before 1970 do not round towards the epoch.
  qint64 millis = time_utc_ns / 1'000'000;
  if (time_utc_ns % 1'000'000 < 0) {
    --millis;
  }
  return QDateTime::fromMSecsSinceEpoch(millis, Qt::UTC);
}
} // namespace

QString formatUtcMillis(UtcNs time_utc_ns) {
  return toDateTime(time_utc_ns).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString formatUtcTimeOfDay(UtcNs time_utc_ns) {
  return toDateTime(time_utc_ns).toString(QStringLiteral("HH:mm:ss"));
}

} // namespace salvo
