#include "../support/LocalHttpServer.h"

#include "geocode/NominatimGeocoder.h"
#include "geocode/PlaceResolver.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace salvo;
using salvo::test::HttpReply;
using salvo::test::HttpRequest;
using salvo::test::LocalHttpServer;

namespace {

const QByteArray kMissionReply = R"({"display_name":"1420, Mission Street, San Francisco",
  "address":{"house_number":"1420","road":"Mission Street","neighbourhood":"SoMa",
  "city":"San Francisco","country":"United States"}})";

NominatimSettings settingsFor(const LocalHttpServer &server, const QString &cacheFile) {
  NominatimSettings settings;
  settings.baseUrl = server.url(QStringLiteral("/nominatim/"));
  settings.userAgent = "Salvo-test/1.0 (ops@example.org)";
  settings.minInterval_ms = 10;
  settings.timeout_ms = 3000;
  settings.cacheFile = cacheFile;
  return settings;
}

} // namespace

class TestReverseGeocoder : public QObject {
  Q_OBJECT
private slots:
  void labelsFromNominatimReplies();
  void asksOnceThenAnswersFromTheCache();
  void httpErrorsAreReportedNotCached();
  void resolverPrefersAddressPointsThenGeocoder();
};

void TestReverseGeocoder::labelsFromNominatimReplies() {
  QCOMPARE(NominatimGeocoder::labelFromReply(kMissionReply),
           QStringLiteral("1420 Mission Street, SoMa, San Francisco"));
  QCOMPARE(NominatimGeocoder::labelFromReply(R"({"error":"Unable to geocode"})"), QString());
  QCOMPARE(NominatimGeocoder::labelFromReply(R"({"display_name":"Golden Gate Park"})"),
           QStringLiteral("Golden Gate Park"));
  QVERIFY_THROWS_EXCEPTION(std::runtime_error, NominatimGeocoder::labelFromReply("<html>"));
}

void TestReverseGeocoder::asksOnceThenAnswersFromTheCache() {
  LocalHttpServer server([](const HttpRequest &) {
    return HttpReply{200, "application/json", kMissionReply, {}};
  });
  QVERIFY(server.isListening());
  QTemporaryDir dir;
  const QString cacheFile = dir.filePath(QStringLiteral("geocode-cache.json"));
  {
    NominatimGeocoder geocoder(settingsFor(server, cacheFile));
    QSignalSpy resolved(&geocoder, &NominatimGeocoder::resolved);
    geocoder.request(37.77493, -122.41942);
    geocoder.request(37.77494, -122.41941); // same 11 m cell: deduplicated
    QVERIFY(resolved.wait(5000));
    QCOMPARE(resolved.count(), 1);
    QCOMPARE(resolved[0][2].toString(), QStringLiteral("1420 Mission Street, SoMa, San Francisco"));
    QCOMPARE(server.requests().size(), 1);
    const HttpRequest &request = server.requests().first();
    QCOMPARE(request.headers.value("user-agent"), QByteArray("Salvo-test/1.0 (ops@example.org)"));
    const QUrlQuery query(QUrl(QString::fromUtf8(request.target)));
    QVERIFY(request.target.startsWith("/nominatim/reverse?"));
    QCOMPARE(query.queryItemValue(QStringLiteral("format")), QStringLiteral("jsonv2"));
    QCOMPARE(query.queryItemValue(QStringLiteral("lat")).toDouble(), 37.77493);
  }
  // A new geocoder (a restarted desk) answers from the disk cache without asking.
  NominatimGeocoder again(settingsFor(server, cacheFile));
  QCOMPARE(again.cached(37.77493, -122.41942).value_or(QString()),
           QStringLiteral("1420 Mission Street, SoMa, San Francisco"));
  again.request(37.77493, -122.41942);
  QTest::qWait(100);
  QCOMPARE(server.requests().size(), 1);
}

void TestReverseGeocoder::httpErrorsAreReportedNotCached() {
  LocalHttpServer server([](const HttpRequest &) {
    return HttpReply{503, "text/plain", "busy", {}};
  });
  NominatimGeocoder geocoder(settingsFor(server, {}));
  QSignalSpy failed(&geocoder, &NominatimGeocoder::failed);
  geocoder.request(1.0, 2.0);
  QVERIFY(failed.wait(5000));
  QVERIFY(failed[0][2].toString().contains(QStringLiteral("Reverse geocoding failed")));
  QVERIFY(!geocoder.cached(1.0, 2.0).has_value());
}

void TestReverseGeocoder::resolverPrefersAddressPointsThenGeocoder() {
  LocalHttpServer server([](const HttpRequest &) {
    return HttpReply{200, "application/json", kMissionReply, {}};
  });
  PlaceResolver resolver;
  resolver.setAddressPoints({{40.0, -3.0, "7 Calle Mayor"}});
  resolver.setReverseGeocoder(std::make_unique<NominatimGeocoder>(settingsFor(server, {})));
  QSignalSpy changed(&resolver, &PlaceResolver::placeChanged);

  const Place near = resolver.place(40.0003, -3.0); // about 33 m from the point
  QCOMPARE(near.source, PlaceSource::AddressPoints);
  QCOMPARE(near.label, std::string("7 Calle Mayor"));
  QVERIFY(near.distance_m > 30.0 && near.distance_m < 36.0);
  QVERIFY(resolver.describe(40.0003, -3.0)
              .startsWith(QStringLiteral("7 Calle Mayor (40.00030, -3.00000")));

  const Place far = resolver.place(37.77493, -122.41942);
  QCOMPARE(far.source, PlaceSource::Coordinates);
  QCOMPARE(far.label, std::string("37.77493, -122.41942"));
  QVERIFY(changed.wait(5000));
  const Place later = resolver.place(37.77493, -122.41942);
  QCOMPARE(later.source, PlaceSource::ReverseGeocoder);
  QCOMPARE(later.label, std::string("1420 Mission Street, SoMa, San Francisco"));
}

QTEST_GUILESS_MAIN(TestReverseGeocoder)
#include "TestReverseGeocoder.moc"
