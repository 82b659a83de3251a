// salvo-cli coverage, run as a user would: GeoJSON and PNG from a scenario's sensors.json
// and from a registry export, and clear errors for bad input.
#include "../support/CliRunner.h"

#include <QFile>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {

using salvo::testing::runCli;

const QString kEasy = QStringLiteral(SALVO_SHARED_DIR "/scenarios/easy-101/sensors.json");

QJsonObject readJson(const QString &path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    return {};
  }
  return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

class TestCliCoverage : public QObject {
  Q_OBJECT

private slots:
  void geoJsonHasOneFeatureACell() {
    QTemporaryDir dir;
    const QString out = dir.filePath("cov.geojson");
    const auto run = runCli({"coverage", kEasy, "--out", out, "--cell", "25"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
    QVERIFY(run.out.contains("Covered >=3"));
    const QJsonObject root = readJson(out);
    QCOMPARE(root.value("type").toString(), QString("FeatureCollection"));
    const int cols = root.value("cols").toInt();
    const int rows = root.value("rows").toInt();
    QVERIFY(cols > 20 && rows > 20);
    const QJsonArray features = root.value("features").toArray();
    QCOMPARE(features.size(), qsizetype(cols) * rows);
    int covered = 0;
    for (const QJsonValue &f : features) {
      const QJsonObject props = f.toObject().value("properties").toObject();
      const double p3 = props.value("p3").toDouble(-1);
      const double p4 = props.value("p4").toDouble(-1);
      QVERIFY(p3 >= 0.0 && p3 <= 1.0 && p4 >= 0.0 && p4 <= p3 + 1e-4);
      QVERIFY(props.contains("error95_m"));
      if (p3 > 0.9) {
        ++covered;
        QVERIFY(props.value("error95_m").toDouble(-1) > 0.0);
      }
      const QJsonArray ring =
          f.toObject().value("geometry").toObject().value("coordinates").toArray().at(0).toArray();
      QCOMPARE(ring.size(), qsizetype(5));
    }
    QVERIFY(covered > features.size() / 10);
  }

  void pngIsAnImage() {
    QTemporaryDir dir;
    const QString out = dir.filePath("cov.png");
    const auto run = runCli({"coverage", kEasy, "--out", out});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
    QImageReader reader(out);
    QCOMPARE(reader.format(), QByteArray("png"));
    const QSize size = reader.size();
    QVERIFY2(size.width() > 400 && size.height() > 200, qPrintable(reader.errorString()));
  }

  void registryExportWorksToo() {
    QTemporaryDir dir;
    const QString csv = dir.filePath("reg.csv");
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("id,lat_deg,lon_deg,alt_m,noise_floor_db_spl,status\n"
               "A,41.874,-87.636,190,,active\nB,41.874,-87.630,190,,active\n"
               "C,41.879,-87.633,190,60,active\nD,41.870,-87.633,190,,retired\n");
    file.close();
    const QString out = dir.filePath("reg.geojson");
    const auto run = runCli({"coverage", csv, "--out", out, "--cell", "50"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
    QVERIFY(run.out.contains("3 listening"));
  }

  void badInputIsAClearError() {
    QTemporaryDir dir;
    const QString csv = dir.filePath("dup.csv");
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("id,lat_deg,lon_deg,alt_m\nA,41.874,-87.636,190\nA,41.875,-87.630,190\n");
    file.close();
    auto run = runCli({"coverage", csv, "--out", dir.filePath("x.png")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("Sensor id 'A' is used more than once."), qPrintable(run.err));
    QVERIFY(run.err.contains("salvo-cli coverage: "));
    run = runCli({"coverage", kEasy, "--out", dir.filePath("x.txt")});
    QCOMPARE(run.exitCode, 2);
    run = runCli({"coverage", dir.filePath("missing.json"), "--out", dir.filePath("x.png")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.contains("missing.json"));
  }
};

QTEST_GUILESS_MAIN(TestCliCoverage)
#include "TestCliCoverage.moc"
