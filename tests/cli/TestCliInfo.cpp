// Runs the real salvo-cli binary, as a user or a script would.

#include "../support/CliRunner.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

using salvo::testing::runCli;
using Run = salvo::testing::CliRun;

QString sharedScenario(const char *name) {
  return QStringLiteral(SALVO_SHARED_DIR "/scenarios/") + QLatin1String(name);
}

// A copy of a shared scenario in `dir`: its manifest copied (to be edited), its audio
// linked (read-only, large).
QString copyScenario(const QTemporaryDir &dir, const char *name) {
  const QString source = sharedScenario(name);
  const QString target = dir.filePath(QLatin1String(name));
  QDir().mkpath(target + "/audio");
  QFile::copy(source + "/sensors.json", target + "/sensors.json");
  QFile::setPermissions(target + "/sensors.json", QFile::ReadOwner | QFile::WriteOwner);
  const QDir audio(source + "/audio");
  for (const QString &file : audio.entryList(QDir::Files)) {
    QFile::link(audio.filePath(file), target + "/audio/" + file);
  }
  return target;
}

bool editManifest(const QString &folder, const QByteArray &find, const QByteArray &replace) {
  QFile file(folder + "/sensors.json");
  if (!file.open(QIODevice::ReadOnly)) {
    return false;
  }
  QByteArray text = file.readAll();
  file.close();
  const int at = int(text.indexOf(find));
  if (at < 0) {
    return false;
  }
  text.replace(at, find.size(), replace); // first occurrence only
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
    return false;
  }
  return file.write(text) == text.size();
}

} // namespace

class TestCliInfo : public QObject {
  Q_OBJECT

private slots:
  void helpListsCommands() {
    const Run run = runCli({QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(QStringLiteral("Commands:")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QRegularExpression(QStringLiteral("\\n  info +Check a scenario"))),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(QRegularExpression(QStringLiteral("\\n  version +"))),
             qPrintable(run.out));
  }

  void infoHelp() {
    const Run run = runCli({QStringLiteral("info"), QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(QStringLiteral("SCENARIO")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("sensors.json")), qPrintable(run.out));
  }

  void unknownCommandIsUsageError() {
    const Run run = runCli({QStringLiteral("no-such-command")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QStringLiteral("unknown command 'no-such-command'")),
             qPrintable(run.err));
  }

  void infoWithoutScenarioIsUsageError() {
    QCOMPARE(runCli({QStringLiteral("info")}).exitCode, 2);
    QCOMPARE(runCli({QStringLiteral("info"), QStringLiteral("a"), QStringLiteral("b")}).exitCode,
             2);
    QCOMPARE(runCli({QStringLiteral("info"), QStringLiteral("--bogus")}).exitCode, 2);
  }

  void infoListsEverySensorOfUrban() {
    const Run run = runCli({QStringLiteral("info"), sharedScenario("urban-202")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    QVERIFY(run.out.contains(QStringLiteral("Scenario  urban-202")));
    QVERIFY(run.out.contains(QStringLiteral("Sensors   16")));
    QVERIFY(run.out.contains(QStringLiteral("Weather   9.3 °C")));
    const QStringList lines = run.out.split('\n');
    int sensorLines = 0;
    for (const QString &line : lines) {
      sensorLines += line.contains(QRegularExpression(QStringLiteral("^  S0(0[1-9]|1[0-6]) ")));
    }
    QCOMPARE(sensorLines, 16);
    // S001, with its start to the nanosecond (1783218894215499492 ns) and its length.
    const QRegularExpression s001(
        QStringLiteral("\\n  S001 +34\\.04620361 +-118\\.25067163 +198\\.50 +16000 +200 +"
                       "2026-07-05T02:34:54\\.215499492Z +75\\.000000\\n"));
    QVERIFY2(run.out.contains(s001), qPrintable(run.out));
    QVERIFY(run.out.contains(QStringLiteral("Span      2026-07-05T02:34:54.")));
    QVERIFY(run.out.contains(QStringLiteral("Warnings  none")));
  }

  void infoAcceptsTheManifestPath() {
    const Run run = runCli({QStringLiteral("info"), sharedScenario("easy-101") + "/sensors.json"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains(QStringLiteral("Sensors   12")));
  }

  void badLatitudeIsNamed() {
    QTemporaryDir dir;
    const QString folder = copyScenario(dir, "urban-202");
    QCOMPARE(runCli({QStringLiteral("info"), folder}).exitCode, 0); // the copy is good
    QVERIFY(editManifest(folder, "34.04760678", "123.5"));          // S002's latitude
    const Run run = runCli({QStringLiteral("info"), folder});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("sensor S002: field 'lat': is 123.5")),
             qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("sensors.json")), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
  }

  void missingAudioIsNamed() {
    QTemporaryDir dir;
    const QString folder = copyScenario(dir, "urban-202");
    QVERIFY(QFile::remove(folder + "/audio/S007.wav"));
    const Run run = runCli({QStringLiteral("info"), folder});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("sensor S007: field 'audio'")), qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("does not exist")), qPrintable(run.err));
  }

  void sampleRateMismatchIsNamed() {
    QTemporaryDir dir;
    const QString folder = copyScenario(dir, "easy-101");
    QVERIFY(editManifest(folder, "\"sample_rate\": 16000", "\"sample_rate\": 48000"));
    const Run run = runCli({QStringLiteral("info"), folder});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("sensor S001: field 'sample_rate'")),
             qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("48000")) && run.err.contains(QStringLiteral("16000")),
             qPrintable(run.err));
  }

  void missingScenarioFails() {
    QTemporaryDir dir;
    const Run run = runCli({QStringLiteral("info"), dir.filePath(QStringLiteral("nothing"))});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("does not exist")), qPrintable(run.err));
  }
};

QTEST_GUILESS_MAIN(TestCliInfo)
#include "TestCliInfo.moc"
