#include "AlertBanner.h"

#include "IncidentTableModel.h"
#include "TimeFormat.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QToolButton>

namespace salvo {

AlertBanner::AlertBanner(QWidget *parent) : QFrame(parent) {
  setObjectName(QStringLiteral("alertBanner"));
  setAutoFillBackground(true);
  setStyleSheet(QStringLiteral("#alertBanner { background: #b71c1c; }"
                               "#alertBanner QLabel { color: white; font-weight: bold; }"));
  setCursor(Qt::PointingHandCursor);
  label_ = new QLabel(this);
  label_->setTextFormat(Qt::PlainText);
  showButton_ = new QToolButton(this);
  showButton_->setObjectName(QStringLiteral("alertShowButton"));
  closeButton_ = new QToolButton(this);
  closeButton_->setObjectName(QStringLiteral("alertCloseButton"));
  closeButton_->setAutoRaise(true);
  auto *layout = new QHBoxLayout(this);
  layout->setContentsMargins(10, 6, 6, 6);
  layout->addWidget(label_, 1);
  layout->addWidget(showButton_);
  layout->addWidget(closeButton_);
  connect(showButton_, &QToolButton::clicked, this, [this] { emit activated(incidentId_); });
  connect(closeButton_, &QToolButton::clicked, this, &QWidget::hide);
  retranslateUi();
  hide();
}

void AlertBanner::showIncident(const Incident &incident, const QString &place) {
  incident_ = incident;
  incidentId_ = QString::fromStdString(incident.id);
  place_ = place;
  retranslateUi();
  show();
}

QString AlertBanner::text() const {
  return label_->text();
}

void AlertBanner::retranslateUi() {
  showButton_->setText(tr("Show"));
  closeButton_->setText(QStringLiteral("✕"));
  closeButton_->setToolTip(tr("Dismiss the alert"));
  if (!incident_) {
    label_->clear();
    return;
  }
  label_->setText(tr("%1 — %n round(s) at %2, %3 UTC", nullptr, incident_->rounds)
                      .arg(IncidentTableModel::className(incident_->incidentClass), place_,
                           formatUtcMillis(incident_->time_utc_ns).mid(11, 8)));
}

void AlertBanner::mousePressEvent(QMouseEvent *event) {
  if (event->button() == Qt::LeftButton) {
    emit activated(incidentId_);
  }
  QFrame::mousePressEvent(event);
}

void AlertBanner::changeEvent(QEvent *event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslateUi();
  }
  QFrame::changeEvent(event);
}

} // namespace salvo
