#include "map/MbTilesSource.h"
#include "map/XyzTileSource.h"

#include <QBuffer>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace salvo;

namespace {

QByteArray pngOf(const QColor &colour) {
  QImage image(256, 256, QImage::Format_ARGB32);
  image.fill(colour);
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  image.save(&buffer, "PNG");
  return bytes;
}

// A minimal MBTiles 1.3 file: `tiles` keyed by TMS row, as the spec stores them.
void writeMbTiles(const QString &path, const QList<std::tuple<int, int, int, QColor>> &tmsTiles) {
  {
    QSqlDatabase db =
        QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("writer"));
    db.setDatabaseName(path);
    QVERIFY(db.open());
    QSqlQuery query(db);
    QVERIFY(query.exec(QStringLiteral("CREATE TABLE metadata (name TEXT, value TEXT)")));
    QVERIFY(query.exec(QStringLiteral("CREATE TABLE tiles (zoom_level INTEGER, tile_column "
                                      "INTEGER, tile_row INTEGER, tile_data BLOB)")));
    QVERIFY(query.exec(
        QStringLiteral("INSERT INTO metadata VALUES ('attribution', 'Test tiles © nobody')")));
    for (const auto &[z, x, tmsRow, colour] : tmsTiles) {
      query.prepare(QStringLiteral("INSERT INTO tiles VALUES (?, ?, ?, ?)"));
      query.addBindValue(z);
      query.addBindValue(x);
      query.addBindValue(tmsRow);
      query.addBindValue(pngOf(colour));
      QVERIFY(query.exec());
    }
    db.close();
  }
  QSqlDatabase::removeDatabase(QStringLiteral("writer"));
}

// An HTTP/1.1 tile server stub: answers every GET with one PNG, cacheable for a day,
// and remembers each request line and User-Agent.
class TileServerStub : public QObject {
public:
  TileServerStub() {
    connect(&server_, &QTcpServer::newConnection, this, [this] {
      while (QTcpSocket *socket = server_.nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
      }
    });
    QVERIFY(server_.listen(QHostAddress::LocalHost));
  }
  QString urlTemplate() const {
    return QStringLiteral("http://127.0.0.1:%1/{z}/{x}/{y}.png").arg(server_.serverPort());
  }
  QStringList paths;
  QStringList userAgents;
  int status = 200;

private:
  void serve(QTcpSocket *socket) {
    QByteArray &pending = buffers_[socket];
    pending += socket->readAll();
    while (pending.contains("\r\n\r\n")) {
      const qsizetype end = pending.indexOf("\r\n\r\n");
      const QList<QByteArray> lines = pending.left(end).split('\n');
      pending.remove(0, end + 4);
      paths.append(QString::fromLatin1(lines.value(0).split(' ').value(1)));
      for (const QByteArray &line : lines) {
        if (line.toLower().startsWith("user-agent:")) {
          userAgents.append(QString::fromLatin1(line.mid(11).trimmed()));
        }
      }
      const QByteArray body = status == 200 ? pngOf(Qt::green) : QByteArray("not found");
      socket->write(QByteArray("HTTP/1.1 ") + QByteArray::number(status) +
                    (status == 200 ? " OK" : " Not Found") +
                    "\r\nContent-Type: image/png\r\nCache-Control: max-age=86400\r\n"
                    "Content-Length: " +
                    QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }
  }
  QTcpServer server_;
  QHash<QTcpSocket *, QByteArray> buffers_;
};

} // namespace

class TestTileSources : public QObject {
  Q_OBJECT
private slots:
  void mbtilesReadsWithTmsRowFlip() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("test.mbtiles"));
    // z=2: slippy row 0 (north) is TMS row 3; slippy row 3 is TMS row 0.
    writeMbTiles(path, {{2, 1, 3, QColor(Qt::red)}, {2, 1, 0, QColor(Qt::blue)}});
    MbTilesSource source(path);
    QVERIFY2(source.isOpen(), qPrintable(source.errorString()));
    QCOMPARE(MbTilesSource::tmsRow({2, 1, 0}), 3);
    QCOMPARE(source.readTile({2, 1, 0}).pixelColor(128, 128), QColor(Qt::red));
    QCOMPARE(source.readTile({2, 1, 3}).pixelColor(128, 128), QColor(Qt::blue));
    QVERIFY(source.readTile({2, 2, 0}).isNull());
    QCOMPARE(source.attribution(), QStringLiteral("Test tiles © nobody"));

    QSignalSpy ready(&source, &TileSource::tileReady);
    QSignalSpy failed(&source, &TileSource::tileFailed);
    source.requestTiles({{2, 1, 0}, {5, 0, 0}});
    QCOMPARE(ready.count(), 1);
    QCOMPARE(ready.at(0).at(0).value<TileKey>(), (TileKey{2, 1, 0}));
    QCOMPARE(failed.count(), 1);
  }

  void mbtilesNamesAMissingOrWrongFile() {
    MbTilesSource missing(QStringLiteral("/nonexistent/city.mbtiles"));
    QVERIFY(!missing.isOpen());
    QVERIFY(missing.errorString().contains(QStringLiteral("/nonexistent/city.mbtiles")));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("not.mbtiles"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is not sqlite");
    file.close();
    MbTilesSource wrong(path);
    QVERIFY(!wrong.isOpen());
    QVERIFY(wrong.errorString().contains(path));
    QSignalSpy failed(&wrong, &TileSource::tileFailed);
    wrong.requestTiles({{0, 0, 0}});
    QCOMPARE(failed.count(), 1);
  }

  void xyzFetchesWithUserAgentThenFromDiskCache() {
    TileServerStub server;
    QTemporaryDir cacheDir;
    XyzTileSource::Options options;
    options.urlTemplate = server.urlTemplate();
    options.cacheDirectory = cacheDir.path();
    {
      XyzTileSource source(options);
      QSignalSpy ready(&source, &TileSource::tileReady);
      // Asked three times before the answer: one request reaches the server.
      source.requestTiles({{3, 2, 1}, {3, 2, 1}});
      source.requestTiles({{3, 2, 1}});
      QVERIFY(ready.wait(10'000));
      QTest::qWait(100);
      QCOMPARE(ready.count(), 1);
      QCOMPARE(ready.at(0).at(0).value<TileKey>(), (TileKey{3, 2, 1}));
      QCOMPARE(ready.at(0).at(1).value<QImage>().pixelColor(10, 10), QColor(Qt::green));
      QCOMPARE(source.tilesFromNetwork(), 1);
    }
    QCOMPARE(server.paths, QStringList{QStringLiteral("/3/2/1.png")});
    QCOMPARE(server.userAgents.size(), 1);
    QVERIFY(server.userAgents.at(0).startsWith(QStringLiteral("Salvo/")));
    QVERIFY(server.userAgents.at(0).contains(QStringLiteral("(+")));

    // A new source (empty memory) on the same disk cache: no second download.
    XyzTileSource again(options);
    QSignalSpy ready(&again, &TileSource::tileReady);
    again.requestTiles({{3, 2, 1}});
    QVERIFY(ready.wait(10'000));
    QCOMPARE(again.tilesFromDiskCache(), 1);
    QCOMPARE(again.tilesFromNetwork(), 0);
    QCOMPARE(server.paths.size(), 1);
  }

  void xyzReportsServerErrors() {
    TileServerStub server;
    server.status = 404;
    QTemporaryDir cacheDir;
    XyzTileSource::Options options;
    options.urlTemplate = server.urlTemplate();
    options.cacheDirectory = cacheDir.path();
    XyzTileSource source(options);
    QSignalSpy failed(&source, &TileSource::tileFailed);
    source.requestTiles({{1, 0, 1}});
    QVERIFY(failed.wait(10'000));
    QCOMPARE(failed.at(0).at(0).value<TileKey>(), (TileKey{1, 0, 1}));
  }

  void xyzDestroyedMidDownloadStartsNothingMore() {
    // A server that accepts and never answers: every request stays in flight.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    QList<QTcpSocket *> connections;
    connect(&silent, &QTcpServer::newConnection, this, [&] {
      while (QTcpSocket *socket = silent.nextPendingConnection()) {
        connections.append(socket);
      }
    });
    QTemporaryDir cacheDir;
    XyzTileSource::Options options;
    options.urlTemplate =
        QStringLiteral("http://127.0.0.1:%1/{z}/{x}/{y}.png").arg(silent.serverPort());
    options.cacheDirectory = cacheDir.path();
    options.maxConcurrentRequests = 2;
    auto source = std::make_unique<XyzTileSource>(options);
    QList<TileKey> wanted;
    for (int x = 0; x < 8; ++x) {
      wanted.append({3, x, 1});
    }
    source->requestTiles(wanted);
    QTRY_COMPARE_WITH_TIMEOUT(connections.size(), 2, 10'000);
    // Aborting the two in flight must not start the six queued ones from a dying source.
    source.reset();
    QTest::qWait(300);
    QCOMPARE(connections.size(), 2);
  }

  void xyzUrlTemplateAndDefaults() {
    XyzTileSource::Options options;
    QTemporaryDir cacheDir;
    options.cacheDirectory = cacheDir.path();
    XyzTileSource source(options);
    QCOMPARE(source.urlFor({12, 2048, 1361}).toString(),
             QStringLiteral("https://tile.openstreetmap.org/12/2048/1361.png"));
    QVERIFY(source.attribution().contains(QStringLiteral("OpenStreetMap contributors")));
  }
};

QTEST_MAIN(TestTileSources)
#include "TestTileSources.moc"
