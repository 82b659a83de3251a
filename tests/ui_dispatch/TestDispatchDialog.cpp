#include "../dispatch/DispatchTestSupport.h"
#include "../support/LocalHttpServer.h"

#include "common/InputError.h"
#include "dispatch/DispatchDialog.h"
#include "dispatch/IncidentReportWriter.h"
#include "store/AuditLog.h"

#include <QApplication>
#include <QFile>
#include <QPainter>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace salvo;

namespace {

// A stand-in for the desk's map snapshot: streets and the incident's error circle.
QImage fakeMap() {
  QImage image(640, 360, QImage::Format_RGB32);
  image.fill(QColor(0xee, 0xea, 0xe2));
  QPainter painter(&image);
  painter.setPen(QPen(Qt::white, 14));
  for (int x = 40; x < 640; x += 120) {
    painter.drawLine(x, 0, x, 360);
  }
  for (int y = 30; y < 360; y += 100) {
    painter.drawLine(0, y, 640, y);
  }
  painter.setPen(QPen(QColor(0xc6, 0x28, 0x28), 3));
  painter.setBrush(QColor(0xc6, 0x28, 0x28, 60));
  painter.drawEllipse(QPoint(320, 180), 40, 40);
  return image;
}

} // namespace

class TestDispatchDialog : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  std::unique_ptr<Database> database_;

private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true); // never the user's settings
    database_ = std::make_unique<Database>(
        openStore(dir_.filePath(QStringLiteral("desk.sqlite")).toStdString()));
    dispatchtest::fillStore(*database_);
  }

  void cleanup() { QSettings().remove(QStringLiteral("dispatch")); }

  void showsCapExportsPdfAndSends() {
    test::LocalHttpServer server([](const test::HttpRequest &) {
      return test::HttpReply{200, "application/json", "{\"cad\":\"A-1\"}", {}};
    });
    DispatchSettings settings;
    settings.webhook_url = server.url(QStringLiteral("/cad/alerts"));
    settings.save();

    DispatchDialog dialog(*database_, 1, QStringLiteral("dan"));
    dialog.setMapImage(fakeMap());
    dialog.setAddress(QStringLiteral("1200 S Michigan Ave, Chicago"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.capXml().contains(QStringLiteral("<event>Gunfire</event>")));
    QVERIFY(dialog.capXml().contains(QStringLiteral("1200 S Michigan Ave")));
    QVERIFY(dialog.capJson().contains(QStringLiteral("\"certainty\": \"Observed\"")));
    QVERIFY2(dialog.canSend(), qPrintable(dialog.statusText()));

    const QString pdf = dir_.filePath(QStringLiteral("report.pdf"));
    QVERIFY2(dialog.exportPdf(pdf), qPrintable(dialog.statusText()));
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.read(4), QByteArray("%PDF"));
    QVERIFY(file.size() > 5000); // text and the map image

    QSignalSpy finished(&dialog, &DispatchDialog::sendFinished);
    QSignalSpy dispatched(&dialog, &DispatchDialog::dispatched);
    dialog.send();
    QVERIFY(finished.wait(10000));
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QCOMPARE(dispatched.size(), 1);
    QCOMPARE(server.requests().size(), 1);
    QCOMPARE(server.requests().front().headers.value("content-type"),
             QByteArray("application/cap+xml"));
    QCOMPARE(DispatchStore(*database_).dispatchesOf(1).size(), std::size_t(1));
    QVERIFY(verifyAudit(*database_).ok);
    QVERIFY(dialog.statusText().contains(QStringLiteral("HTTP 200")));

    const QByteArray shot = qgetenv("SALVO_DISPATCH_SCREENSHOT");
    const QString shotPath = shot.isEmpty() ? dir_.filePath(QStringLiteral("dispatch.png"))
                                            : QString::fromLocal8Bit(shot);
    QVERIFY(dialog.grab().save(shotPath));
  }

  void serverErrorIsShownAndNothingRecorded() {
    test::LocalHttpServer server([](const test::HttpRequest &) {
      return test::HttpReply{500, "text/plain", "database down", {}};
    });
    DispatchSettings settings;
    settings.webhook_url = server.url(QStringLiteral("/cad"));
    settings.encoding = CapEncoding::Json;
    settings.save();
    const std::size_t before = DispatchStore(*database_).dispatchesOf(1).size();
    DispatchDialog dialog(*database_, 1, QStringLiteral("dan"));
    QSignalSpy finished(&dialog, &DispatchDialog::sendFinished);
    dialog.send();
    QVERIFY(finished.wait(10000));
    QVERIFY(!finished.at(0).at(0).toBool());
    QVERIFY2(dialog.statusText().contains(QStringLiteral("HTTP 500")),
             qPrintable(dialog.statusText()));
    QCOMPARE(server.requests().front().headers.value("content-type"),
             QByteArray("application/json"));
    QCOMPARE(DispatchStore(*database_).dispatchesOf(1).size(), before);
  }

  void unconfirmedIncidentOrAnalystCannotSend() {
    DispatchSettings settings;
    settings.webhook_url = QUrl(QStringLiteral("http://127.0.0.1:9/"));
    settings.save();
    DispatchDialog newIncident(*database_, 2, QStringLiteral("dan"));
    QVERIFY(!newIncident.canSend());
    QVERIFY(newIncident.statusText().contains(QStringLiteral("not been reviewed")));
    QVERIFY(newIncident.capXml().contains(QStringLiteral("<value>new</value>"))); // still previewed
    DispatchDialog analyst(*database_, 1, QStringLiteral("ana"));
    QVERIFY(!analyst.canSend());
    QVERIFY(analyst.statusText().contains(QStringLiteral("not a dispatcher")));
    QVERIFY_THROWS_EXCEPTION(InputError, DispatchDialog(*database_, 999, QStringLiteral("dan")));
  }

  void reportHasAPageForEverything() {
    IncidentReport report = loadIncidentReport(*database_, 1);
    QVERIFY(!report.reviews.empty());
    QVERIFY(report.audit.size() >= 3); // insert, review's update, review
    for (std::size_t i = 1; i < report.audit.size(); ++i) {
      QVERIFY(report.audit[i - 1].seq < report.audit[i].seq);
    }
    report.map = fakeMap();
    report.waveforms = fakeMap();
    const QString pdf = dir_.filePath(QStringLiteral("full.pdf"));
    QVERIFY(IncidentReportWriter(report).writePdf(pdf));
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().startsWith("%PDF"));
    QString error;
    QVERIFY(!IncidentReportWriter(report).writePdf(
        dir_.filePath(QStringLiteral("no/such/folder/r.pdf")), &error));
    QVERIFY2(error.contains(QStringLiteral("r.pdf")), qPrintable(error));
  }
};

QTEST_MAIN(TestDispatchDialog)
#include "TestDispatchDialog.moc"
