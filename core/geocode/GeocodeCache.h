#pragma once

#include <QHash>
#include <QString>

#include <optional>

namespace salvo {

// Answers of the reverse-geocoding service, kept on disk so a restart (or a network
// outage) does not ask again, and so the desk respects Nominatim's usage policy.
// Keys are positions rounded to 1e-4 degree (about 11 m): closer incidents share an
// answer. An empty label records "the service knows no address here".
class GeocodeCache {
public:
  explicit GeocodeCache(QString file = {});

  std::optional<QString> find(double lat_deg, double lon_deg) const;
  void insert(double lat_deg, double lon_deg, const QString &label);
  int size() const { return static_cast<int>(labels_.size()); }

  static QString key(double lat_deg, double lon_deg);

private:
  void load();
  void save() const;

  QString file_;
  QHash<QString, QString> labels_;
};

} // namespace salvo
