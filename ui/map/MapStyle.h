#pragma once

#include <QColor>

class QPainter;
class QPointF;
class QString;

namespace salvo::mapstyle {

// The map's palette in one place, so layers, the legend and the docs agree.
inline const QColor kLand(0xf2, 0xef, 0xe9);      // OpenStreetMap's land tone
inline const QColor kGraticule(0xdc, 0xd6, 0xcb); // quiet grid lines
inline const QColor kInk(0x26, 0x32, 0x38);
inline const QColor kGunfire(0xd3, 0x2f, 0x2f);
inline const QColor kFireworks(0xff, 0xa0, 0x00);
inline const QColor kOther(0x75, 0x75, 0x75);
inline const QColor kSelected(0x15, 0x65, 0xc0);
inline const QColor kSensorOnline(0x2e, 0x7d, 0x32);
inline const QColor kSensorOffline(0x9e, 0x9e, 0x9e);
inline const QColor kSensorClockFault(0x8e, 0x24, 0xaa);

// Text with a light halo, readable over tiles, grid lines and markers.
void drawHaloText(QPainter &painter, const QPointF &baseline, const QString &text);

} // namespace salvo::mapstyle
