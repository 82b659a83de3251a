#pragma once

#include "contract/Incidents.h"
#include "store/ReviewStore.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLineEdit;
class QPushButton;

namespace salvo {

// Confirm / reject / reclassify with a mandatory reason. A decision asked for without
// a reason (button or key) waits: the reason field takes the focus and Enter there
// commits it, so the whole decision can be made from the keyboard (C, type, Enter).
class ReviewDecisionBar : public QWidget {
  Q_OBJECT
public:
  explicit ReviewDecisionBar(QWidget *parent = nullptr);

  void setIncidentClass(IncidentClass incidentClass); // the class the incident has now
  void chooseClass(IncidentClass incidentClass);      // reclassify (keys 1/2/3)
  IncidentClass chosenClass() const;
  // Commits at once when a reason is typed; otherwise asks for one.
  void request(ReviewDecision decision);
  void setReason(const QString &reason);
  QString reason() const;
  QLineEdit *reasonEdit() const { return reason_; }
  void retranslateUi();

signals:
  // newClass is set when the analyst confirmed as another class than the incident's.
  void decided(ReviewDecision decision, std::optional<IncidentClass> newClass,
               const QString &reason);
  void needsReason();

private:
  void commitPending();

  QComboBox *class_ = nullptr;
  QLineEdit *reason_ = nullptr;
  QPushButton *confirm_ = nullptr;
  QPushButton *reject_ = nullptr;
  IncidentClass current_ = IncidentClass::Other;
  std::optional<ReviewDecision> pending_;
};

} // namespace salvo
