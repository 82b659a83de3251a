#include "ReviewPanel.h"

#include "IncidentTableModel.h"
#include "TimeFormat.h"

#include <QEvent>
#include <QLabel>
#include <QLocale>
#include <QStackedWidget>
#include <QStringList>
#include <QVBoxLayout>

namespace salvo {

ReviewPanel::ReviewPanel(QWidget *parent) : QWidget(parent) {
  pages_ = new QStackedWidget(this);
  emptyLabel_ = new QLabel(pages_);
  emptyLabel_->setAlignment(Qt::AlignCenter);
  emptyLabel_->setWordWrap(true);
  emptyLabel_->setMargin(24);
  emptyLabel_->setForegroundRole(QPalette::PlaceholderText);
  summaryLabel_ = new QLabel(pages_);
  summaryLabel_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  summaryLabel_->setWordWrap(true);
  summaryLabel_->setMargin(12);
  summaryLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  pages_->addWidget(emptyLabel_);
  pages_->addWidget(summaryLabel_);
  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(pages_);
  retranslateUi();
}

void ReviewPanel::setIncident(const std::optional<Incident> &incident) {
  incident_ = incident;
  updateSummary();
}

bool ReviewPanel::isShowingEmptyState() const {
  return pages_->currentWidget() == emptyLabel_;
}

QString ReviewPanel::emptyText() const {
  return emptyLabel_->text();
}

void ReviewPanel::changeEvent(QEvent *event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslateUi();
  }
  QWidget::changeEvent(event);
}

void ReviewPanel::retranslateUi() {
  emptyLabel_->setText(tr("No incident selected.\n\nSelect an incident in the queue to review "
                          "it: per-sensor waveforms, spectrogram and playback."));
  updateSummary();
}

void ReviewPanel::updateSummary() {
  if (!incident_) {
    pages_->setCurrentWidget(emptyLabel_);
    return;
  }
  const QLocale locale;
  const Incident &incident = *incident_;
  QStringList sensors;
  for (const std::string &id : incident.sensors) {
    sensors << QString::fromStdString(id).toHtmlEscaped();
  }
  const QString row = QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>");
  QString html =
      QStringLiteral("<h3>%1</h3><table cellspacing='4'>")
          .arg(tr("Incident %1").arg(QString::fromStdString(incident.id).toHtmlEscaped()));
  html += row.arg(tr("Time (UTC)"), formatUtcMillis(incident.time_utc_ns));
  html += row.arg(tr("Place"), tr("%1, %2 ± %3 m")
                                   .arg(locale.toString(incident.position.lat_deg, 'f', 6),
                                        locale.toString(incident.position.lon_deg, 'f', 6),
                                        locale.toString(incident.horizontal_error_m, 'f', 0)));
  html += row.arg(tr("Class"), IncidentTableModel::className(incident.incidentClass));
  html += row.arg(tr("Confidence"),
                  tr("%1 %").arg(locale.toString(incident.confidence * 100.0, 'f', 0)));
  html += row.arg(tr("Rounds"), locale.toString(incident.rounds));
  html += row.arg(tr("Sensors"), sensors.join(QStringLiteral(", ")));
  html += QStringLiteral("</table>");
  summaryLabel_->setText(html);
  pages_->setCurrentWidget(summaryLabel_);
}

} // namespace salvo
