#include "MbTilesSource.h"

#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace salvo {

MbTilesSource::MbTilesSource(const QString &path, QObject *parent)
    : TileSource(parent), connectionName_(QStringLiteral("salvo-mbtiles-") +
                                          QUuid::createUuid().toString(QUuid::WithoutBraces)) {
  if (!QFileInfo(path).isFile()) {
    errorString_ = tr("MBTiles file %1 does not exist").arg(path);
    return;
  }
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName_);
  db.setDatabaseName(path);
  db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
  if (!db.open()) {
    errorString_ = tr("cannot open MBTiles file %1: %2").arg(path, db.lastError().text());
    return;
  }
  QSqlQuery probe(db);
  if (!probe.exec(QStringLiteral("SELECT 1 FROM tiles LIMIT 1"))) {
    errorString_ = tr("%1 is not an MBTiles file (no tiles table)").arg(path);
    return;
  }
  readMetadata();
}

MbTilesSource::~MbTilesSource() {
  if (QSqlDatabase::contains(connectionName_)) {
    QSqlDatabase::database(connectionName_, false).close();
    QSqlDatabase::removeDatabase(connectionName_);
  }
}

void MbTilesSource::readMetadata() {
  QSqlQuery query(QSqlDatabase::database(connectionName_, false));
  if (!query.exec(QStringLiteral("SELECT name, value FROM metadata"))) {
    return; // metadata is optional for reading tiles
  }
  while (query.next()) {
    const QString name = query.value(0).toString();
    const QString value = query.value(1).toString();
    bool ok = false;
    if (name == QLatin1String("attribution")) {
      attribution_ = value;
    } else if (name == QLatin1String("minzoom") && (value.toInt(&ok), ok)) {
      minZoom_ = value.toInt();
    } else if (name == QLatin1String("maxzoom") && (value.toInt(&ok), ok)) {
      maxZoom_ = value.toInt();
    }
  }
}

QImage MbTilesSource::readTile(const TileKey &key) const {
  if (!isOpen() || !key.isValid()) {
    return {};
  }
  QSqlQuery query(QSqlDatabase::database(connectionName_, false));
  query.prepare(QStringLiteral("SELECT tile_data FROM tiles WHERE zoom_level = ? AND "
                               "tile_column = ? AND tile_row = ?"));
  query.addBindValue(key.z);
  query.addBindValue(key.x);
  query.addBindValue(tmsRow(key));
  if (!query.exec() || !query.next()) {
    return {};
  }
  QImage image;
  image.loadFromData(query.value(0).toByteArray());
  return image.isNull() ? image : image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

void MbTilesSource::requestTiles(const QList<TileKey> &wanted) {
  for (const TileKey &key : wanted) {
    QImage image = readTile(key);
    if (image.isNull()) {
      emit tileFailed(
          key, isOpen()
                   ? tr("no tile %1/%2/%3 in the MBTiles file").arg(key.z).arg(key.x).arg(key.y)
                   : errorString_);
    } else {
      emit tileReady(key, image);
    }
  }
}

} // namespace salvo
