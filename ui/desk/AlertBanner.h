#pragma once

#include "contract/Incidents.h"

#include <QFrame>
#include <QString>

#include <optional>

class QLabel;
class QToolButton;

namespace salvo {

// The red strip across the top of the desk for a new gunfire incident: what, where,
// how many rounds, when. Clicking it (or its "Show" button) asks the window to select
// the incident; the close button hides it. A newer alert replaces the one shown.
class AlertBanner : public QFrame {
  Q_OBJECT
public:
  explicit AlertBanner(QWidget *parent = nullptr);

  void showIncident(const Incident &incident, const QString &place);
  QString incidentId() const { return incidentId_; }
  QString text() const;

signals:
  void activated(const QString &incidentId);

protected:
  void mousePressEvent(QMouseEvent *event) override;
  void changeEvent(QEvent *event) override;

private:
  void retranslateUi();

  QLabel *label_ = nullptr;
  QToolButton *showButton_ = nullptr;
  QToolButton *closeButton_ = nullptr;
  QString incidentId_;
  std::optional<Incident> incident_;
  QString place_;
};

} // namespace salvo
