#include "dispatch/IncidentReportWriter.h"

#include "store/Canonical.h"
#include "time/UtcTime.h"

#include <QFileInfo>
#include <QFontMetrics>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <algorithm>
#include <utility>

namespace salvo {
namespace {

QString qs(const std::string &text) {
  return QString::fromStdString(text);
}

QString timeText(UtcNs time_utc_ns) {
  // Milliseconds are what a reader compares; the full ns stays in the store.
  return qs(formatIso8601Utc(time_utc_ns)).left(23) + QStringLiteral(" UTC");
}

// A cursor down the pages: starts a new page when the next block does not fit.
class PageCursor {
public:
  PageCursor(QPagedPaintDevice &device, QPainter &painter)
      : device_(device), painter_(painter), width_(painter.viewport().width()),
        height_(painter.viewport().height()) {}

  int width() const { return width_; }
  int pages() const { return pages_; }

  void ensure(int needed) {
    if (y_ + needed > height_ && y_ > 0) {
      device_.newPage();
      ++pages_;
      y_ = 0;
    }
  }
  void heading(const QString &text) {
    setFont(13, true);
    const int line = painter_.fontMetrics().height();
    ensure(3 * line);
    y_ += line / 2;
    painter_.drawText(QRect(0, y_, width_, line), Qt::AlignLeft | Qt::AlignVCenter, text);
    y_ += line;
    painter_.drawLine(0, y_, width_, y_);
    y_ += line / 3;
  }
  void paragraph(const QString &text, int pointSize = 9, bool bold = false) {
    setFont(pointSize, bold);
    const QRect bounds =
        painter_.fontMetrics().boundingRect(QRect(0, 0, width_, 100000), Qt::TextWordWrap, text);
    ensure(bounds.height());
    painter_.drawText(QRect(0, y_, width_, bounds.height()), Qt::TextWordWrap, text);
    y_ += bounds.height() + painter_.fontMetrics().height() / 4;
  }
  // One row of columns at the given fractions of the width; long cells are elided.
  void row(const QStringList &cells, const std::vector<double> &fractions, bool bold = false) {
    setFont(8, bold);
    const QFontMetrics metrics = painter_.fontMetrics();
    ensure(metrics.height());
    int x = 0;
    for (int i = 0; i < cells.size() && i < static_cast<int>(fractions.size()); ++i) {
      const int w = static_cast<int>(fractions[static_cast<std::size_t>(i)] * width_);
      painter_.drawText(
          QRect(x, y_, w - metrics.averageCharWidth(), metrics.height()),
          Qt::AlignLeft | Qt::AlignVCenter,
          metrics.elidedText(cells[i], Qt::ElideRight, w - metrics.averageCharWidth()));
      x += w;
    }
    y_ += metrics.height();
  }
  void image(const QImage &image, double maxHeightFraction) {
    if (image.isNull()) {
      return;
    }
    const QSize fitted = image.size().scaled(
        QSize(width_, static_cast<int>(maxHeightFraction * height_)), Qt::KeepAspectRatio);
    ensure(fitted.height());
    painter_.drawImage(QRect(QPoint((width_ - fitted.width()) / 2, y_), fitted), image);
    y_ += fitted.height() + painter_.fontMetrics().height() / 2;
  }

private:
  void setFont(int pointSize, bool bold) {
    QFont font = painter_.font();
    font.setPointSize(pointSize);
    font.setBold(bold);
    painter_.setFont(font);
  }

  QPagedPaintDevice &device_;
  QPainter &painter_;
  int width_;
  int height_;
  int y_ = 0;
  int pages_ = 1;
};

struct TimelineEntry {
  UtcNs time_utc_ns;
  QString what;
};

} // namespace

IncidentReportWriter::IncidentReportWriter(IncidentReport report) : report_(std::move(report)) {}

bool IncidentReportWriter::writePdf(const QString &path, QString *error) const {
  QPdfWriter writer(path);
  writer.setPageSize(QPageSize(QPageSize::A4));
  writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
  writer.setResolution(150);
  writer.setTitle(tr("Incident report %1").arg(qs(report_.incident.incident.id)));
  writer.setCreator(QStringLiteral("Salvo"));
  if (render(writer) == 0) {
    if (error) {
      *error = tr("Cannot write the PDF file %1.").arg(QFileInfo(path).absoluteFilePath());
    }
    return false;
  }
  return true;
}

int IncidentReportWriter::render(QPagedPaintDevice &device) const {
  QPainter painter;
  if (!painter.begin(&device)) {
    return 0;
  }
  PageCursor page(device, painter);
  const StoredIncident &stored = report_.incident;
  const Incident &incident = stored.incident;

  page.paragraph(tr("Salvo incident report"), 18, true);
  page.paragraph(tr("Incident %1 (store row #%2, source %3) — printed %4")
                     .arg(qs(incident.id))
                     .arg(stored.row_id)
                     .arg(qs(stored.source), timeText(nowUtc_ns())));

  page.heading(tr("Summary"));
  const std::vector<double> twoColumns{0.28, 0.72};
  auto fact = [&](const QString &name, const QString &value) {
    page.row({name, value}, twoColumns);
  };
  fact(tr("Status"), qs(std::string(incidentStatusName(stored.status))));
  fact(tr("Class"), tr("%1 (confidence %2 %)")
                        .arg(qs(std::string(incidentClassName(incident.incidentClass))))
                        .arg(100.0 * incident.confidence, 0, 'f', 0));
  fact(tr("Rounds"), QString::number(incident.rounds));
  fact(tr("First shot"), timeText(incident.time_utc_ns));
  fact(tr("Position"), tr("%1, %2 (WGS84), ±%3 m (95 %)")
                           .arg(incident.position.lat_deg, 0, 'f', 6)
                           .arg(incident.position.lon_deg, 0, 'f', 6)
                           .arg(incident.horizontal_error_m, 0, 'f', 0));
  if (!report_.address.isEmpty()) {
    fact(tr("Nearest address"), report_.address);
  }
  QStringList sensors;
  for (const std::string &sensor : incident.sensors) {
    sensors << qs(sensor);
  }
  fact(tr("Sensors"), sensors.join(QStringLiteral(", ")));

  if (!report_.map.isNull()) {
    page.heading(tr("Map"));
    page.image(report_.map, 0.35);
  }
  if (!report_.waveforms.isNull()) {
    page.heading(tr("Waveforms"));
    page.image(report_.waveforms, 0.35);
  }

  page.heading(tr("Timeline"));
  std::vector<TimelineEntry> timeline;
  for (std::size_t i = 0; i < incident.shots.size(); ++i) {
    timeline.push_back({incident.shots[i].time_utc_ns, tr("Shot %1").arg(i + 1)});
  }
  timeline.push_back({stored.created_utc_ns, tr("Stored in Salvo")});
  for (const StoredReview &review : report_.reviews) {
    timeline.push_back(
        {review.time_utc_ns,
         tr("Review by %1: %2")
             .arg(qs(review.user), qs(std::string(reviewDecisionName(review.decision))))});
  }
  for (const StoredDispatch &dispatch : report_.dispatches) {
    timeline.push_back({dispatch.time_utc_ns,
                        tr("Dispatched %1 by %2").arg(qs(dispatch.unit), qs(dispatch.user))});
  }
  std::stable_sort(
      timeline.begin(), timeline.end(),
      [](const TimelineEntry &a, const TimelineEntry &b) { return a.time_utc_ns < b.time_utc_ns; });
  for (const TimelineEntry &entry : timeline) {
    page.row({timeText(entry.time_utc_ns), entry.what}, twoColumns);
  }

  page.heading(tr("Reviews"));
  if (report_.reviews.empty()) {
    page.paragraph(tr("Not reviewed."));
  }
  for (const StoredReview &review : report_.reviews) {
    const QString reclassified =
        review.incidentClass
            ? tr(", as %1").arg(qs(std::string(incidentClassName(*review.incidentClass))))
            : QString();
    page.paragraph(tr("%1 — %2 %3%4: “%5”")
                       .arg(timeText(review.time_utc_ns), qs(review.user),
                            qs(std::string(reviewDecisionName(review.decision))), reclassified,
                            qs(review.reason)));
  }

  page.heading(tr("Dispatches"));
  if (report_.dispatches.empty()) {
    page.paragraph(tr("Not dispatched."));
  }
  for (const StoredDispatch &dispatch : report_.dispatches) {
    page.paragraph(tr("%1 — %2 sent %3. %4")
                       .arg(timeText(dispatch.time_utc_ns), qs(dispatch.user), qs(dispatch.unit),
                            qs(dispatch.note)));
  }

  page.heading(tr("Evidence"));
  if (report_.evidence.empty()) {
    page.paragraph(tr("No audio evidence stored."));
  }
  const std::vector<double> evidenceColumns{0.12, 0.3, 0.16, 0.42};
  for (const EvidenceClipInfo &clip : report_.evidence) {
    page.row({qs(clip.sensor), timeText(clip.start_utc_ns),
              tr("%1 s").arg(static_cast<double>(clip.frames) / clip.sample_rate_hz, 0, 'f', 2),
              QStringLiteral("SHA-256 ") + qs(toHex(clip.sha256))},
             evidenceColumns);
  }

  page.heading(tr("Audit trail"));
  page.paragraph(tr("Each record chains to the one before by SHA-256; "
                    "check the whole file with: salvo-cli audit verify --db FILE"));
  const std::vector<double> auditColumns{0.07, 0.28, 0.15, 0.22, 0.28};
  page.row({tr("Seq"), tr("Time"), tr("Actor"), tr("Change"), tr("Hash")}, auditColumns, true);
  for (const AuditRecord &record : report_.audit) {
    page.row({QString::number(record.seq), timeText(record.time_utc_ns), qs(record.actor),
              QStringLiteral("%1 %2 #%3")
                  .arg(qs(record.action), qs(record.entity))
                  .arg(record.entity_id.value_or(0)),
              qs(toHex(record.hash)).left(24) + QStringLiteral("…")},
             auditColumns);
  }
  const int pages = page.pages();
  painter.end();
  return pages;
}

} // namespace salvo
