#include "network/RegistryIo.h"

#include "common/InputError.h"
#include "contract/Scenario.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStringList>

#include <cmath>

namespace salvo::network {
namespace {

const QStringList kCsvHeader{"id", "lat_deg", "lon_deg", "alt_m", "noise_floor_db_spl", "status"};

QByteArray readAll(const std::filesystem::path &path) {
  QFile file(QString::fromStdString(path.string()));
  if (!file.open(QIODevice::ReadOnly)) {
    throw InputError(path.string(), "", "", "cannot open: " + file.errorString().toStdString());
  }
  return file.readAll();
}

void writeAll(const std::filesystem::path &path, const QByteArray &bytes) {
  QSaveFile file(QString::fromStdString(path.string()));
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
    throw InputError(path.string(), "", "", "cannot write: " + file.errorString().toStdString());
  }
}

// One CSV line into fields; quotes may wrap a field and "" inside is one quote.
QStringList splitCsvLine(const QString &line) {
  QStringList fields;
  QString field;
  bool quoted = false;
  for (qsizetype i = 0; i < line.size(); ++i) {
    const QChar ch = line[i];
    if (quoted) {
      if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      fields << field.trimmed();
      field.clear();
    } else {
      field += ch;
    }
  }
  fields << field.trimmed();
  return fields;
}

QString csvField(const QString &text) {
  if (!text.contains(',') && !text.contains('"')) {
    return text;
  }
  return '"' + QString(text).replace("\"", "\"\"") + '"';
}

double parseNumber(const QString &text, const std::string &file, const std::string &item,
                   const char *field) {
  if (text.compare("nan", Qt::CaseInsensitive) == 0) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  bool ok = false;
  const double value = text.toDouble(&ok);
  if (!ok) {
    throw InputError(file, item, field, "'" + text.toStdString() + "' is not a number");
  }
  return value;
}

SensorStatus parseStatusField(const QString &text, const std::string &file,
                              const std::string &item) {
  SensorStatus status = SensorStatus::Active;
  if (!text.isEmpty() && !parseStatus(text.toStdString(), status)) {
    throw InputError(file, item, "status",
                     "'" + text.toStdString() + "' is not active, offline, proposed or retired");
  }
  return status;
}

std::vector<NetworkSensor> parseGeoJson(const QJsonObject &root, const std::string &file) {
  std::vector<NetworkSensor> sensors;
  const QJsonArray features = root.value("features").toArray();
  for (qsizetype i = 0; i < features.size(); ++i) {
    const std::string item = "feature " + std::to_string(i + 1);
    const QJsonObject feature = features[i].toObject();
    const QJsonObject geometry = feature.value("geometry").toObject();
    const QJsonArray coords = geometry.value("coordinates").toArray();
    if (geometry.value("type").toString() != "Point" || coords.size() < 2) {
      throw InputError(file, item, "geometry", "must be a Point with [lon, lat(, alt)]");
    }
    const QJsonObject props = feature.value("properties").toObject();
    NetworkSensor s;
    s.id = props.value("id").toString().toStdString();
    s.position.lon_deg = coords[0].toDouble(std::nan(""));
    s.position.lat_deg = coords[1].toDouble(std::nan(""));
    s.position.alt_m = coords.size() > 2 ? coords[2].toDouble(std::nan("")) : 0.0;
    if (props.contains("noise_floor_db_spl") && !props.value("noise_floor_db_spl").isNull()) {
      s.noise_floor_db_spl = props.value("noise_floor_db_spl").toDouble(std::nan(""));
    }
    s.status = parseStatusField(props.value("status").toString(), file, s.id.empty() ? item : s.id);
    sensors.push_back(s);
  }
  return sensors;
}

} // namespace

std::vector<NetworkSensor> readRegistryCsv(const std::filesystem::path &path) {
  const std::string file = path.string();
  const QStringList lines = QString::fromUtf8(readAll(path)).split('\n');
  if (lines.isEmpty() || splitCsvLine(lines.front().trimmed()).mid(0, 4) != kCsvHeader.mid(0, 4)) {
    throw InputError(file, "line 1", "header",
                     "must start with " + kCsvHeader.join(',').toStdString());
  }
  std::vector<NetworkSensor> sensors;
  for (qsizetype n = 1; n < lines.size(); ++n) {
    const QString line = lines[n].trimmed();
    if (line.isEmpty()) {
      continue;
    }
    const std::string item = "line " + std::to_string(n + 1);
    const QStringList f = splitCsvLine(line);
    if (f.size() < 4) {
      throw InputError(file, item, "", "needs at least id, lat_deg, lon_deg, alt_m");
    }
    NetworkSensor s;
    s.id = f[0].toStdString();
    s.position.lat_deg = parseNumber(f[1], file, item, "lat_deg");
    s.position.lon_deg = parseNumber(f[2], file, item, "lon_deg");
    s.position.alt_m = parseNumber(f[3], file, item, "alt_m");
    if (f.size() > 4 && !f[4].isEmpty()) {
      s.noise_floor_db_spl = parseNumber(f[4], file, item, "noise_floor_db_spl");
    }
    s.status = parseStatusField(f.size() > 5 ? f[5] : QString(), file, item);
    sensors.push_back(s);
  }
  return sensors;
}

void writeRegistryCsv(const std::filesystem::path &path, std::span<const NetworkSensor> sensors) {
  QString text = kCsvHeader.join(',') + '\n';
  for (const NetworkSensor &s : sensors) {
    const QString floor = std::isfinite(s.noise_floor_db_spl)
                              ? QString::number(s.noise_floor_db_spl, 'f', 1)
                              : QString();
    text += QStringList{csvField(QString::fromStdString(s.id)),
                        QString::number(s.position.lat_deg, 'f', 8),
                        QString::number(s.position.lon_deg, 'f', 8),
                        QString::number(s.position.alt_m, 'f', 2),
                        floor,
                        QString::fromLatin1(statusName(s.status))}
                .join(',') +
            '\n';
  }
  writeAll(path, text.toUtf8());
}

std::vector<NetworkSensor> readRegistryGeoJson(const std::filesystem::path &path) {
  QJsonParseError error{};
  const QJsonDocument doc = QJsonDocument::fromJson(readAll(path), &error);
  if (doc.isNull()) {
    throw InputError(path.string(), "", "", "not JSON: " + error.errorString().toStdString());
  }
  if (doc.object().value("type").toString() != "FeatureCollection") {
    throw InputError(path.string(), "", "type", "must be a GeoJSON FeatureCollection");
  }
  return parseGeoJson(doc.object(), path.string());
}

void writeRegistryGeoJson(const std::filesystem::path &path,
                          std::span<const NetworkSensor> sensors) {
  QJsonArray features;
  for (const NetworkSensor &s : sensors) {
    QJsonObject props{{"id", QString::fromStdString(s.id)},
                      {"status", QString::fromLatin1(statusName(s.status))}};
    props.insert("noise_floor_db_spl", std::isfinite(s.noise_floor_db_spl)
                                           ? QJsonValue(s.noise_floor_db_spl)
                                           : QJsonValue(QJsonValue::Null));
    features.append(QJsonObject{
        {"type", "Feature"},
        {"geometry", QJsonObject{{"type", "Point"},
                                 {"coordinates", QJsonArray{s.position.lon_deg, s.position.lat_deg,
                                                            s.position.alt_m}}}},
        {"properties", props}});
  }
  const QJsonObject root{{"type", "FeatureCollection"}, {"features", features}};
  writeAll(path, QJsonDocument(root).toJson(QJsonDocument::Indented));
}

std::vector<NetworkSensor> readSensorsAnyFormat(const std::filesystem::path &path) {
  const QByteArray bytes = readAll(path);
  const QJsonDocument doc = QJsonDocument::fromJson(bytes);
  if (doc.isObject() && doc.object().value("type").toString() == "FeatureCollection") {
    return parseGeoJson(doc.object(), path.string());
  }
  if (doc.isObject()) {
    std::vector<NetworkSensor> sensors;
    for (const SensorSpec &spec : readScenarioManifest(path).sensors) {
      NetworkSensor s;
      s.id = spec.id;
      s.position = spec.position;
      sensors.push_back(s);
    }
    return sensors;
  }
  return readRegistryCsv(path);
}

} // namespace salvo::network
