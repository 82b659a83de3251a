#include "ReviewDecisionBar.h"

#include "IncidentTableModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace salvo {

namespace {
constexpr IncidentClass kClasses[] = {IncidentClass::Gunfire, IncidentClass::Fireworks,
                                      IncidentClass::Other};
}

ReviewDecisionBar::ReviewDecisionBar(QWidget *parent) : QWidget(parent) {
  class_ = new QComboBox(this);
  class_->setObjectName(QStringLiteral("reviewClass"));
  for (IncidentClass c : kClasses) {
    class_->addItem(QString(), static_cast<int>(c));
  }
  reason_ = new QLineEdit(this);
  reason_->setObjectName(QStringLiteral("reviewReason"));
  confirm_ = new QPushButton(this);
  confirm_->setObjectName(QStringLiteral("reviewConfirm"));
  reject_ = new QPushButton(this);
  reject_->setObjectName(QStringLiteral("reviewReject"));
  auto *layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(class_);
  layout->addWidget(reason_, 1);
  layout->addWidget(confirm_);
  layout->addWidget(reject_);
  connect(confirm_, &QPushButton::clicked, this, [this] { request(ReviewDecision::Confirmed); });
  connect(reject_, &QPushButton::clicked, this, [this] { request(ReviewDecision::Dismissed); });
  connect(reason_, &QLineEdit::returnPressed, this, &ReviewDecisionBar::commitPending);
  retranslateUi();
}

void ReviewDecisionBar::retranslateUi() {
  for (int i = 0; i < class_->count(); ++i) {
    class_->setItemText(i,
                        tr("%1 (%2)").arg(IncidentTableModel::className(kClasses[i])).arg(i + 1));
  }
  reason_->setPlaceholderText(tr("Reason (required)"));
  confirm_->setText(tr("&Confirm (C)"));
  reject_->setText(tr("&Reject (R)"));
  confirm_->setToolTip(tr("Confirm as the chosen class; the reason is required"));
  reject_->setToolTip(tr("Dismiss the incident; the reason is required"));
}

void ReviewDecisionBar::setIncidentClass(IncidentClass incidentClass) {
  current_ = incidentClass;
  pending_.reset();
  reason_->clear();
  chooseClass(incidentClass);
}

void ReviewDecisionBar::chooseClass(IncidentClass incidentClass) {
  class_->setCurrentIndex(class_->findData(static_cast<int>(incidentClass)));
}

IncidentClass ReviewDecisionBar::chosenClass() const {
  return static_cast<IncidentClass>(class_->currentData().toInt());
}

void ReviewDecisionBar::setReason(const QString &reason) {
  reason_->setText(reason);
}

QString ReviewDecisionBar::reason() const {
  return reason_->text().trimmed();
}

void ReviewDecisionBar::request(ReviewDecision decision) {
  pending_ = decision;
  if (reason().isEmpty()) {
    reason_->setFocus(Qt::ShortcutFocusReason);
    emit needsReason();
    return;
  }
  commitPending();
}

void ReviewDecisionBar::commitPending() {
  if (!pending_ || reason().isEmpty()) {
    if (reason().isEmpty()) {
      emit needsReason();
    }
    return;
  }
  const ReviewDecision decision = *pending_;
  pending_.reset();
  std::optional<IncidentClass> newClass;
  if (decision == ReviewDecision::Confirmed && chosenClass() != current_) {
    newClass = chosenClass();
  }
  emit decided(decision, newClass, reason());
}

} // namespace salvo
