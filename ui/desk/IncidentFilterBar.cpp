#include "IncidentFilterBar.h"

#include "IncidentFilterProxyModel.h"
#include "IncidentTableModel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

namespace salvo {
namespace {
constexpr int kAny = -1; // item data of "All" in the combo boxes
}

IncidentFilterBar::IncidentFilterBar(IncidentFilterProxyModel *proxy, QWidget *parent)
    : QWidget(parent), proxy_(proxy) {
  setObjectName(QStringLiteral("incidentFilterBar"));
  class_ = new QComboBox(this);
  class_->setObjectName(QStringLiteral("classFilter"));
  status_ = new QComboBox(this);
  status_->setObjectName(QStringLiteral("statusFilter"));
  confidence_ = new QDoubleSpinBox(this);
  confidence_->setObjectName(QStringLiteral("confidenceFilter"));
  confidence_->setRange(0.0, 100.0);
  confidence_->setDecimals(0);
  confidence_->setSingleStep(10.0);
  confidence_->setSuffix(QStringLiteral(" %"));
  place_ = new QLineEdit(this);
  place_->setObjectName(QStringLiteral("placeFilter"));
  place_->setClearButtonEnabled(true);
  clear_ = new QToolButton(this);
  clear_->setObjectName(QStringLiteral("clearFilters"));

  classLabel_ = new QLabel(this);
  classLabel_->setBuddy(class_);
  statusLabel_ = new QLabel(this);
  statusLabel_->setBuddy(status_);
  confidenceLabel_ = new QLabel(this);
  confidenceLabel_->setBuddy(confidence_);
  placeLabel_ = new QLabel(this);
  placeLabel_->setBuddy(place_);

  auto *layout = new QHBoxLayout(this);
  layout->setContentsMargins(4, 2, 4, 2);
  layout->addWidget(classLabel_);
  layout->addWidget(class_);
  layout->addWidget(statusLabel_);
  layout->addWidget(status_);
  layout->addWidget(confidenceLabel_);
  layout->addWidget(confidence_);
  layout->addWidget(placeLabel_);
  layout->addWidget(place_, 1);
  layout->addWidget(clear_);
  setTabOrder(class_, status_);
  setTabOrder(status_, confidence_);
  setTabOrder(confidence_, place_);
  setTabOrder(place_, clear_);
  for (QWidget *field : std::initializer_list<QWidget *>{class_, status_, confidence_, place_}) {
    field->installEventFilter(this);
  }
  retranslate();

  connect(class_, &QComboBox::currentIndexChanged, this, &IncidentFilterBar::apply);
  connect(status_, &QComboBox::currentIndexChanged, this, &IncidentFilterBar::apply);
  connect(confidence_, &QDoubleSpinBox::valueChanged, this, &IncidentFilterBar::apply);
  connect(place_, &QLineEdit::textChanged, this, &IncidentFilterBar::apply);
  connect(clear_, &QToolButton::clicked, this, &IncidentFilterBar::clear);
}

void IncidentFilterBar::retranslate() {
  const QSignalBlocker classBlock(class_);
  const QSignalBlocker statusBlock(status_);
  const int classIndex = std::max(class_->currentIndex(), 0);
  const int statusIndex = std::max(status_->currentIndex(), 0);
  class_->clear();
  class_->addItem(tr("All"), kAny);
  for (IncidentClass c : {IncidentClass::Gunfire, IncidentClass::Fireworks, IncidentClass::Other}) {
    class_->addItem(IncidentTableModel::className(c), static_cast<int>(c));
  }
  status_->clear();
  status_->addItem(tr("All"), kAny);
  for (ReviewStatus s : {ReviewStatus::New, ReviewStatus::Confirmed, ReviewStatus::Rejected}) {
    status_->addItem(IncidentTableModel::statusName(s), static_cast<int>(s));
  }
  class_->setCurrentIndex(classIndex);
  status_->setCurrentIndex(statusIndex);
  classLabel_->setText(tr("C&lass:"));
  statusLabel_->setText(tr("S&tatus:"));
  confidenceLabel_->setText(tr("Confidence &≥"));
  placeLabel_->setText(tr("&Place:"));
  place_->setPlaceholderText(tr("Address or coordinates (Ctrl+F)"));
  clear_->setText(tr("Clear"));
  clear_->setToolTip(tr("Show every incident (Escape in a filter)"));
}

void IncidentFilterBar::apply() {
  const int c = class_->currentData().toInt();
  proxy_->setClassFilter(c == kAny ? std::nullopt
                                   : std::optional<IncidentClass>(static_cast<IncidentClass>(c)));
  const int s = status_->currentData().toInt();
  proxy_->setStatusFilter(s == kAny ? std::nullopt
                                    : std::optional<ReviewStatus>(static_cast<ReviewStatus>(s)));
  proxy_->setMinimumConfidence(confidence_->value() / 100.0);
  proxy_->setPlaceFilter(place_->text());
}

void IncidentFilterBar::clear() {
  class_->setCurrentIndex(0);
  status_->setCurrentIndex(0);
  confidence_->setValue(0.0);
  place_->clear();
  proxy_->clearFilters();
}

void IncidentFilterBar::focusPlace() {
  place_->setFocus(Qt::ShortcutFocusReason);
  place_->selectAll();
}

bool IncidentFilterBar::eventFilter(QObject *watched, QEvent *event) {
  if (event->type() == QEvent::KeyPress &&
      static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape && proxy_->isFiltering()) {
    clear();
    return true;
  }
  return QWidget::eventFilter(watched, event);
}

} // namespace salvo
