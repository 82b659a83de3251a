#pragma once

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace salvo {

class IncidentFilterProxyModel;

// The row above the incident queue: class, status, minimum confidence and a place
// search, applied to the queue's proxy as they change. Keyboard: Alt+ the underlined
// letter of each label, Tab between them, Escape in any of them clears all filters;
// the window's Find shortcut (Ctrl+F) calls focusPlace().
class IncidentFilterBar : public QWidget {
  Q_OBJECT
public:
  explicit IncidentFilterBar(IncidentFilterProxyModel *proxy, QWidget *parent = nullptr);

  void focusPlace();
  void clear();
  void retranslate();

  QComboBox *classBox() const { return class_; }
  QComboBox *statusBox() const { return status_; }
  QDoubleSpinBox *confidenceBox() const { return confidence_; }
  QLineEdit *placeEdit() const { return place_; }

protected:
  bool eventFilter(QObject *watched, QEvent *event) override;

private:
  void apply();

  IncidentFilterProxyModel *proxy_;
  QLabel *classLabel_ = nullptr;
  QLabel *statusLabel_ = nullptr;
  QLabel *confidenceLabel_ = nullptr;
  QLabel *placeLabel_ = nullptr;
  QComboBox *class_ = nullptr;
  QComboBox *status_ = nullptr;
  QDoubleSpinBox *confidence_ = nullptr;
  QLineEdit *place_ = nullptr;
  QToolButton *clear_ = nullptr;
};

} // namespace salvo
