#pragma once

#include "contract/Incidents.h"

#include <QAbstractTableModel>

#include <cstdint>
#include <vector>

namespace salvo {

// Where an analyst stands on an incident.
enum class ReviewStatus { New, Confirmed, Rejected };

// The incident queue: newest first, what a dispatcher scans. Detection fills it
// through setIncidents()/addIncident(); analysts change a row's status.
class IncidentTableModel : public QAbstractTableModel {
  Q_OBJECT
public:
  enum Column {
    TimeColumn,
    PlaceColumn,
    ClassColumn,
    ConfidenceColumn,
    RoundsColumn,
    StatusColumn,
    SensorsColumn,
    ColumnCount
  };
  // Roles on column 0 that views other than the table (the map, the review panel) read.
  enum Role {
    IncidentIdRole = Qt::UserRole + 1, // QString, the locator's label ("I0001")
    SortRole,
    LatitudeRole,    // double, degrees WGS84
    LongitudeRole,   // double, degrees WGS84
    ErrorRadiusRole, // double, 95 % horizontal radius in metres
    ClassRole,       // int, IncidentClass
    StatusRole,      // int, ReviewStatus
    RoundsRole,      // int
    TimeUtcNsRole,   // qlonglong, emission time of the first shot
    StoreRowIdRole   // qlonglong, the incident's row in the store; 0 when not stored
  };

  explicit IncidentTableModel(QObject *parent = nullptr);

  void setIncidents(const std::vector<Incident> &incidents);
  // Keeps newest first; storeRowId is the incident's row in the desk's store (0: none).
  void addIncident(const Incident &incident, std::int64_t storeRowId = 0);
  void clear();
  bool setStatus(int row, ReviewStatus status);

  const Incident &incident(int row) const;
  std::int64_t storeRowId(int row) const;
  int rowOf(const QString &incidentId) const; // -1 when not in the queue
  // What the place column reads out besides the coordinates: the nearest address, once
  // the reverse geocoder has it. Empty: coordinates only.
  void setPlaceName(const QString &incidentId, const QString &placeName);
  // The place as a dispatcher reads it: address if known, then coordinates and radius.
  QString placeText(int row) const;
  ReviewStatus status(int row) const;

  int rowCount(const QModelIndex &parent = {}) const override;
  int columnCount(const QModelIndex &parent = {}) const override;
  QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

  void retranslate();

  static QString className(IncidentClass incidentClass);
  static QString statusName(ReviewStatus status);

private:
  struct Row {
    Incident incident;
    ReviewStatus status = ReviewStatus::New;
    std::int64_t storeRowId = 0;
    QString placeName;
  };
  QVariant displayValue(const Row &row, int column) const;

  std::vector<Row> rows_;
};

} // namespace salvo
