#include "common/CsvTable.h"
#include "common/InputError.h"
#include "geo/Wgs84.h"
#include "geocode/AddressPointFile.h"
#include "geocode/AddressPointIndex.h"

#include <QTest>

#include <random>

using namespace salvo;

class TestAddressPoints : public QObject {
  Q_OBJECT
private slots:
  void csvWithQuotesAndHouseNumbers();
  void csvErrorsNameTheLineAndField();
  void geoJsonPointsWithOsmTags();
  void geoJsonErrorsNameTheFeature();
  void nearestMatchesBruteForce();
  void nearestRespectsTheDistanceLimit();
};

void TestAddressPoints::csvWithQuotesAndHouseNumbers() {
  const std::string text = "\xEF\xBB\xBFlatitude,longitude,number,street,city\r\n"
                           "37.7749,-122.4194,1420,\"Mission St\",\"San Francisco, CA\"\r\n"
                           "\n"
                           "37.7750,-122.4195,,\"Market \"\"Old\"\" St\",\r\n";
  const auto points = parseAddressPointsCsv(text, "points.csv");
  QCOMPARE(points.size(), std::size_t(2));
  QCOMPARE(points[0].label, std::string("1420 Mission St, San Francisco, CA"));
  QCOMPARE(points[0].lat_deg, 37.7749);
  QCOMPARE(points[1].label, std::string("Market \"Old\" St"));
  QCOMPARE(points[1].lon_deg, -122.4195);
}

void TestAddressPoints::csvErrorsNameTheLineAndField() {
  try {
    parseAddressPointsCsv("lat,lon,address\n1,2,A\n91,2,B\n", "points.csv");
    QFAIL("a latitude of 91 was accepted");
  } catch (const InputError &error) {
    QCOMPARE(error.item(), std::string("line 3"));
    QCOMPARE(error.field(), std::string("lat"));
    QVERIFY(std::string(error.what()).find("points.csv") != std::string::npos);
  }
  QVERIFY_THROWS_EXCEPTION(InputError, parseAddressPointsCsv("lat,lon,address\nx,2,A\n", "p"));
  QVERIFY_THROWS_EXCEPTION(InputError, parseAddressPointsCsv("lat,lon,address\n1,2\n", "p"));
  QVERIFY_THROWS_EXCEPTION(InputError, parseAddressPointsCsv("lat,address\n1,A\n", "p"));
  QVERIFY_THROWS_EXCEPTION(InputError, parseAddressPointsCsv("lat,lon,address\nnan,2,A\n", "p"));
  QVERIFY_THROWS_EXCEPTION(InputError, parseAddressPointsCsv("lat,lon,address\n1,2,\"A\n", "p"));
}

void TestAddressPoints::geoJsonPointsWithOsmTags() {
  const std::string text = R"({"type":"FeatureCollection","features":[
    {"type":"Feature","geometry":{"type":"Point","coordinates":[-3.7038,40.4168]},
     "properties":{"addr:housenumber":"7","addr:street":"Calle Mayor","addr:city":"Madrid"}},
    {"type":"Feature","geometry":{"type":"Point","coordinates":[-3.7,40.42]},
     "properties":{"address":"Plaza de España"}}]})";
  const auto points = parseAddressPointsGeoJson(text, "points.geojson");
  QCOMPARE(points.size(), std::size_t(2));
  QCOMPARE(points[0].label, std::string("7 Calle Mayor, Madrid"));
  QCOMPARE(points[0].lat_deg, 40.4168);
  QCOMPARE(points[0].lon_deg, -3.7038);
  QCOMPARE(points[1].label, std::string("Plaza de España"));
}

void TestAddressPoints::geoJsonErrorsNameTheFeature() {
  try {
    parseAddressPointsGeoJson(R"({"type":"FeatureCollection","features":[
      {"geometry":{"type":"Point","coordinates":[1,2]},"properties":{"name":"A"}},
      {"geometry":{"type":"Polygon","coordinates":[]},"properties":{"name":"B"}}]})",
                              "p.geojson");
    QFAIL("a polygon was accepted as an address point");
  } catch (const InputError &error) {
    QCOMPARE(error.item(), std::string("feature 1"));
    QCOMPARE(error.field(), std::string("geometry"));
  }
  QVERIFY_THROWS_EXCEPTION(InputError, parseAddressPointsGeoJson("{\"type\":", "p"));
  QVERIFY_THROWS_EXCEPTION(InputError, parseAddressPointsGeoJson(R"({"type":"Feature"})", "p"));
}

void TestAddressPoints::nearestMatchesBruteForce() {
  std::mt19937 random(7);
  std::uniform_real_distribution<double> lat(37.70, 37.80);
  std::uniform_real_distribution<double> lon(-122.50, -122.40);
  std::vector<AddressPoint> points;
  for (int i = 0; i < 5000; ++i) {
    points.push_back({lat(random), lon(random), "P" + std::to_string(i)});
  }
  const AddressPointIndex index(points, 80.0);
  for (int query = 0; query < 300; ++query) {
    const GeodeticPosition at{lat(random), lon(random), 0.0};
    double best_m = 1e300;
    std::string bestLabel;
    for (const AddressPoint &point : points) {
      const double d_m = ellipsoidDistance_m(at, {point.lat_deg, point.lon_deg, 0.0});
      if (d_m < best_m) {
        best_m = d_m;
        bestLabel = point.label;
      }
    }
    const auto found = index.nearest(at.lat_deg, at.lon_deg, 5000.0);
    QVERIFY(found.has_value());
    QCOMPARE(found->label, bestLabel);
    QVERIFY(std::abs(found->distance_m - best_m) < 1e-6);
    QCOMPARE(found->source, PlaceSource::AddressPoints);
  }
}

void TestAddressPoints::nearestRespectsTheDistanceLimit() {
  // 0.001 degree of latitude is about 111 m.
  const AddressPointIndex index({{40.000, -3.0, "A"}, {40.010, -3.0, "B"}});
  QVERIFY(!index.nearest(40.001, -3.0, 100.0).has_value());
  const auto found = index.nearest(40.001, -3.0, 120.0);
  QVERIFY(found.has_value());
  QCOMPARE(found->label, std::string("A"));
  QVERIFY(std::abs(found->distance_m - 111.0) < 1.0);
  QVERIFY(!index.nearest(std::nan(""), -3.0, 1e6).has_value());
  QVERIFY(!AddressPointIndex({}).nearest(40.0, -3.0, 1e6).has_value());
}

QTEST_GUILESS_MAIN(TestAddressPoints)
#include "TestAddressPoints.moc"
