#include "geo/LocalEnuFrame.h"
#include "geo/Wgs84.h"

#include <QTest>

#include <cmath>

using namespace salvo;

class TestGeodesy : public QObject {
  Q_OBJECT

private slots:
  void ecefOfKnownPoints() {
    // On the equator at the prime meridian, ECEF x is the semi-major axis.
    const EcefPosition origin = geodeticToEcef({0.0, 0.0, 0.0});
    QVERIFY(std::abs(origin.x() - 6378137.0) < 1e-6);
    QVERIFY(std::abs(origin.y()) < 1e-6 && std::abs(origin.z()) < 1e-6);
    // At the pole, z is the semi-minor axis.
    const EcefPosition pole = geodeticToEcef({90.0, 0.0, 0.0});
    QVERIFY(std::abs(pole.z() - 6356752.314245) < 1e-3);
    // A published reference: Greenwich-ish point from the NGA/EPSG worked example
    // (EPSG Guidance Note 7-2, 2.2.1): 53°48'33.82"N 2°07'46.38"E h=73 m.
    const EcefPosition epsg =
        geodeticToEcef({53.0 + 48.0 / 60 + 33.82 / 3600, 2.0 + 7.0 / 60 + 46.38 / 3600, 73.0});
    QVERIFY(std::abs(epsg.x() - 3771793.968) < 2e-3);
    QVERIFY(std::abs(epsg.y() - 140253.342) < 2e-3);
    QVERIFY(std::abs(epsg.z() - 5124304.349) < 2e-3);
  }

  void geodeticEcefRoundTrip_data() {
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("alt");
    QTest::newRow("chicago") << 41.87321 << -87.63511 << 196.2;
    QTest::newRow("south") << -33.8688 << 151.2093 << 58.0;
    QTest::newRow("below ellipsoid") << 31.5 << 35.4 << -430.0;
    QTest::newRow("near pole") << 89.9999 << 12.0 << 2800.0;
    QTest::newRow("dateline") << 0.001 << 179.9999 << 10.0;
    QTest::newRow("aircraft") << 51.5 << -0.12 << 11000.0;
  }
  void geodeticEcefRoundTrip() {
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(double, alt);
    const GeodeticPosition back = ecefToGeodetic(geodeticToEcef({lat, lon, alt}));
    // 1e-9 degree is about 0.1 mm on the ground.
    QVERIFY2(std::abs(back.lat_deg - lat) < 1e-9,
             qPrintable(QString::number(back.lat_deg, 'g', 15)));
    QVERIFY(std::abs(back.lon_deg - lon) < 1e-9);
    QVERIFY2(std::abs(back.alt_m - alt) < 1e-4, qPrintable(QString::number(back.alt_m, 'g', 15)));
  }

  void enuRoundTripBetterThanOneMillimetreOver20km() {
    const LocalEnuFrame frame({34.0522, -118.2437, 180.0});
    double worst_m = 0.0;
    for (double east = -20000.0; east <= 20000.0; east += 2500.0) {
      for (double north = -20000.0; north <= 20000.0; north += 2500.0) {
        for (double up : {-150.0, 0.0, 300.0}) {
          const Eigen::Vector3d enu(east, north, up);
          const GeodeticPosition geo = frame.toGeodetic(enu);
          worst_m = std::max(worst_m, (frame.toEnu(geo) - enu).norm());
        }
      }
    }
    QVERIFY2(worst_m < 1e-3, qPrintable(QStringLiteral("worst %1 m").arg(worst_m)));
  }

  void enuAxesPointTheRightWay() {
    const GeodeticPosition origin{41.88, -87.63, 180.0};
    const LocalEnuFrame frame(origin);
    const Eigen::Vector3d north = frame.toEnu({origin.lat_deg + 0.01, origin.lon_deg, 180.0});
    QVERIFY(north.y() > 1100.0 && north.y() < 1115.0); // 0.01° of latitude ≈ 1.11 km
    QVERIFY(std::abs(north.x()) < 1e-6);
    const Eigen::Vector3d east = frame.toEnu({origin.lat_deg, origin.lon_deg + 0.01, 180.0});
    QVERIFY(east.x() > 820.0 && east.x() < 835.0); // shrinks with cos(latitude)
    QVERIFY(east.z() < 0.0);                       // the earth curves away below the tangent plane
    const Eigen::Vector3d up = frame.toEnu({origin.lat_deg, origin.lon_deg, 280.0});
    QVERIFY(std::abs(up.z() - 100.0) < 1e-6);
  }

  void distancesMatchVincentyReferences() {
    // Flinders Peak to Buninyong, Vincenty (1975) test line: 54972.271 m.
    const GeodeticPosition flinders{-(37.0 + 57.0 / 60 + 3.72030 / 3600),
                                    144.0 + 25.0 / 60 + 29.52440 / 3600, 0.0};
    const GeodeticPosition buninyong{-(37.0 + 39.0 / 60 + 10.15610 / 3600),
                                     143.0 + 55.0 / 60 + 35.38390 / 3600, 0.0};
    QVERIFY(std::abs(ellipsoidDistance_m(flinders, buninyong) - 54972.271) < 1e-3);
    QCOMPARE(ellipsoidDistance_m(flinders, flinders), 0.0);
    // Over a few hundred metres the chord and the surface distance agree to < 1 mm.
    const GeodeticPosition a{41.87321, -87.63511, 0.0};
    const GeodeticPosition b{41.87650, -87.63100, 0.0};
    QVERIFY(std::abs(slantDistance_m(a, b) - ellipsoidDistance_m(a, b)) < 1e-3);
    // Height counts in the slant distance.
    const GeodeticPosition above{a.lat_deg, a.lon_deg, 150.0};
    QVERIFY(std::abs(slantDistance_m(a, above) - 150.0) < 1e-6);
  }

  void sphericalShortcutWouldBeWrong() {
    // A spherical earth (R = 6371 km) is off by metres at city scale: guard against it.
    const GeodeticPosition a{60.0, 10.0, 0.0};
    const GeodeticPosition b{60.05, 10.0, 0.0};
    const double haversine_m = 6371000.0 * 0.05 * M_PI / 180.0;
    QVERIFY(std::abs(ellipsoidDistance_m(a, b) - haversine_m) > 5.0);
  }

  void validation() {
    QVERIFY(isValidGeodetic({45.0, 90.0, 10.0}));
    QVERIFY(!isValidGeodetic({123.5, 0.0, 0.0}));
    QVERIFY(!isValidGeodetic({0.0, 181.0, 0.0}));
    QVERIFY(!isValidGeodetic({std::nan(""), 0.0, 0.0}));
    QVERIFY(!isValidGeodetic({0.0, 0.0, INFINITY}));
  }
};

QTEST_GUILESS_MAIN(TestGeodesy)
#include "TestGeodesy.moc"
