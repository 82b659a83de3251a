#pragma once

#include "contract/Incidents.h"

#include <QWidget>

#include <optional>

class QLabel;
class QStackedWidget;

namespace salvo {

// Where an analyst reviews one incident. Until an incident is selected in the queue
// it says so; with one, it shows what the incident is (time, place, class, sensors).
// Waveforms, spectrogram and playback join the summary page in later work.
class ReviewPanel : public QWidget {
  Q_OBJECT
public:
  explicit ReviewPanel(QWidget *parent = nullptr);

  void setIncident(const std::optional<Incident> &incident);
  bool isShowingEmptyState() const;
  QString emptyText() const;

protected:
  void changeEvent(QEvent *event) override;

private:
  void retranslateUi();
  void updateSummary();

  std::optional<Incident> incident_;
  QStackedWidget *pages_ = nullptr;
  QLabel *emptyLabel_ = nullptr;
  QLabel *summaryLabel_ = nullptr;
};

} // namespace salvo
