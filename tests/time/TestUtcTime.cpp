#include "time/UtcTime.h"

#include <QTest>

using namespace salvo;

class TestUtcTime : public QObject {
  Q_OBJECT

private slots:
  void formatsWithNanoseconds() {
    QCOMPARE(QString::fromStdString(formatIso8601Utc(0)),
             QStringLiteral("1970-01-01T00:00:00.000000000Z"));
    QCOMPARE(QString::fromStdString(formatIso8601Utc(1783240901153148119)),
             QStringLiteral("2026-07-05T08:41:41.153148119Z"));
    QCOMPARE(QString::fromStdString(formatIso8601Utc(-1)),
             QStringLiteral("1969-12-31T23:59:59.999999999Z"));
    QCOMPARE(QString::fromStdString(formatIso8601Utc(951782400LL * kNanosPerSecond)),
             QStringLiteral("2000-02-29T00:00:00.000000000Z"));
  }

  void parsesWhatItFormats() {
    for (UtcNs t : {UtcNs{0}, UtcNs{1}, UtcNs{-1}, UtcNs{1783240901153148119},
                    UtcNs{4102444799999999999}, UtcNs{-2208988800000000000}}) {
      const auto parsed = parseIso8601Utc(formatIso8601Utc(t));
      QVERIFY(parsed.has_value());
      QCOMPARE(*parsed, t);
    }
  }

  void parsesOffsetsAndShortFractions() {
    QCOMPARE(*parseIso8601Utc("2026-07-05T10:41:41.5+02:00"), UtcNs{1783240901500000000});
    QCOMPARE(*parseIso8601Utc("2026-07-05T03:41:41-0500"), UtcNs{1783240901000000000});
    QCOMPARE(*parseIso8601Utc("2026-07-05 08:41:41.153148119Z"), UtcNs{1783240901153148119});
  }

  void rejectsMalformedTimes_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("no zone") << "2026-07-05T08:41:41";
    QTest::newRow("feb 30") << "2026-02-30T00:00:00Z";
    QTest::newRow("feb 29 not leap") << "2025-02-29T00:00:00Z";
    QTest::newRow("hour 24") << "2026-07-05T24:00:00Z";
    QTest::newRow("ten fraction digits") << "2026-07-05T08:41:41.1234567891Z";
    QTest::newRow("empty fraction") << "2026-07-05T08:41:41.Z";
    QTest::newRow("trailing junk") << "2026-07-05T08:41:41Zjunk";
    QTest::newRow("letters") << "2026-0a-05T08:41:41Z";
  }
  void rejectsMalformedTimes() {
    QFETCH(QString, text);
    QVERIFY(!parseIso8601Utc(text.toStdString()).has_value());
  }

  void secondsConversionsRound() {
    QCOMPARE(secondsToNanos(1.5), std::int64_t{1500000000});
    QCOMPARE(secondsToNanos(-0.0000000004), std::int64_t{0});
    QCOMPARE(nanosToSeconds(2500000000), 2.5);
    QVERIFY(nowUtc_ns() > 1700000000LL * kNanosPerSecond);
  }
};

QTEST_GUILESS_MAIN(TestUtcTime)
#include "TestUtcTime.moc"
