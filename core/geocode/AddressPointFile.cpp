#include "geocode/AddressPointFile.h"

#include "common/CsvTable.h"
#include "common/InputError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace salvo {
namespace {

std::string readWholeFile(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(path.string(), "", "", "cannot be opened for reading");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void checkPosition(double lat_deg, double lon_deg, const std::string &file,
                   const std::string &item) {
  if (!std::isfinite(lat_deg) || lat_deg < -90.0 || lat_deg > 90.0) {
    throw InputError(file, item, "lat", "latitude must be a number from -90 to 90");
  }
  if (!std::isfinite(lon_deg) || lon_deg < -180.0 || lon_deg > 180.0) {
    throw InputError(file, item, "lon", "longitude must be a number from -180 to 180");
  }
}

double parseNumber(const std::string &text, const std::string &file, const std::string &item,
                   const char *field) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    throw InputError(file, item, field, "'" + text + "' is not a number");
  }
  return value;
}

// "12" + "Main St" + "Springfield" -> "12 Main St, Springfield".
std::string joinAddress(const std::string &number, const std::string &street,
                        const std::string &city) {
  std::string label = number.empty() ? street : number + " " + street;
  if (!city.empty()) {
    label += ", " + city;
  }
  return label;
}

std::string csvLabel(const CsvTable &table, std::size_t row, const std::string &item) {
  const auto &fields = table.rows[row];
  if (const auto label = table.column({"address", "label", "name"})) {
    if (!fields[*label].empty()) {
      return fields[*label];
    }
  }
  const auto street = table.column({"street", "road", "addr:street"});
  if (!street || fields[*street].empty()) {
    throw InputError(table.file, item, "address", "no address: fill 'address' or 'street'");
  }
  const auto number = table.column({"number", "housenumber", "house_number", "addr:housenumber"});
  const auto city = table.column({"city", "addr:city"});
  return joinAddress(number ? fields[*number] : "", fields[*street], city ? fields[*city] : "");
}

std::string geoJsonLabel(const QJsonObject &properties, const std::string &file,
                         const std::string &item) {
  for (const char *key : {"address", "label", "name"}) {
    const QString value = properties.value(QLatin1String(key)).toString().trimmed();
    if (!value.isEmpty()) {
      return value.toStdString();
    }
  }
  const QString street = properties.value(QLatin1String("addr:street")).toString().trimmed();
  if (street.isEmpty()) {
    throw InputError(file, item, "properties",
                     "no address: give 'address', 'label', 'name' or 'addr:street'");
  }
  return joinAddress(properties.value(QLatin1String("addr:housenumber")).toString().toStdString(),
                     street.toStdString(),
                     properties.value(QLatin1String("addr:city")).toString().toStdString());
}

} // namespace

std::vector<AddressPoint> parseAddressPointsCsv(const std::string &text, const std::string &file) {
  const CsvTable table = parseCsv(text, file);
  const auto lat = table.column({"lat", "latitude", "y"});
  const auto lon = table.column({"lon", "lng", "long", "longitude", "x"});
  if (!lat || !lon) {
    throw InputError(file, "header", "", "needs a 'lat' and a 'lon' column");
  }
  std::vector<AddressPoint> points;
  points.reserve(table.rows.size());
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    const std::string item = "line " + std::to_string(table.rowLines[row]);
    AddressPoint point;
    point.lat_deg = parseNumber(table.rows[row][*lat], file, item, "lat");
    point.lon_deg = parseNumber(table.rows[row][*lon], file, item, "lon");
    checkPosition(point.lat_deg, point.lon_deg, file, item);
    point.label = csvLabel(table, row, item);
    points.push_back(std::move(point));
  }
  return points;
}

std::vector<AddressPoint> parseAddressPointsGeoJson(const std::string &text,
                                                    const std::string &file) {
  QJsonParseError parseError;
  const QJsonDocument document =
      QJsonDocument::fromJson(QByteArray::fromStdString(text), &parseError);
  if (parseError.error != QJsonParseError::NoError) {
    throw InputError(file, "byte " + std::to_string(parseError.offset), "",
                     "malformed JSON: " + parseError.errorString().toStdString());
  }
  const QJsonObject root = document.object();
  if (root.value(QLatin1String("type")).toString() != QLatin1String("FeatureCollection")) {
    throw InputError(file, "", "type", "must be a GeoJSON FeatureCollection");
  }
  const QJsonArray features = root.value(QLatin1String("features")).toArray();
  std::vector<AddressPoint> points;
  points.reserve(static_cast<std::size_t>(features.size()));
  for (qsizetype i = 0; i < features.size(); ++i) {
    const std::string item = "feature " + std::to_string(i);
    const QJsonObject feature = features[i].toObject();
    const QJsonObject geometry = feature.value(QLatin1String("geometry")).toObject();
    if (geometry.value(QLatin1String("type")).toString() != QLatin1String("Point")) {
      throw InputError(file, item, "geometry", "must be a Point");
    }
    const QJsonArray coordinates = geometry.value(QLatin1String("coordinates")).toArray();
    if (coordinates.size() < 2 || !coordinates[0].isDouble() || !coordinates[1].isDouble()) {
      throw InputError(file, item, "coordinates", "must be [lon, lat] numbers");
    }
    AddressPoint point;
    point.lon_deg = coordinates[0].toDouble();
    point.lat_deg = coordinates[1].toDouble();
    checkPosition(point.lat_deg, point.lon_deg, file, item);
    point.label = geoJsonLabel(feature.value(QLatin1String("properties")).toObject(), file, item);
    points.push_back(std::move(point));
  }
  return points;
}

std::vector<AddressPoint> readAddressPoints(const std::filesystem::path &path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".csv") {
    return parseAddressPointsCsv(readWholeFile(path), path.string());
  }
  if (extension == ".geojson" || extension == ".json") {
    return parseAddressPointsGeoJson(readWholeFile(path), path.string());
  }
  throw InputError(path.string(), "", "",
                   "unknown address-points format: use a .csv or .geojson file");
}

} // namespace salvo
