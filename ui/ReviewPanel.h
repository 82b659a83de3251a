#pragma once

#include "contract/Incidents.h"
#include "review/ReviewEvidence.h"
#include "review/Spectrogram.h"
#include "review/WaveformPyramid.h"
#include "store/ReviewStore.h"

#include <QFutureWatcher>
#include <QWidget>

#include <map>
#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace salvo {

class ClipPlayer;
class Database;
class ReviewDecisionBar;
class SpectrogramView;
class WaveformView;

// The evidence of one incident, decoded off the GUI thread.
struct LoadedEvidence {
  ReviewEvidence evidence;
  std::vector<std::shared_ptr<const std::vector<float>>> samples; // per sensor
  std::vector<std::shared_ptr<const WaveformPyramid>> pyramids;   // per sensor
};

// Where an analyst reviews one incident: the summary, every contributing sensor's
// waveform aligned on its predicted arrival with pulse markers (WaveformView), the
// selected sensor's spectrogram (SpectrogramView), playback with a moving cursor,
// loop and slow-down (ClipPlayer), and the decision (ReviewDecisionBar) written to
// the store with its audit record.
//
// How the parts move. showIncident() reads the incident and its FLAC evidence from
// the desk's store on the GUI thread (a few BLOB reads), then decoding, pulse picking
// and pyramids run in QtConcurrent; so does each spectrogram. Results come back
// through QFutureWatcher; a newer request drops older results. The player is polled
// every 25 ms for its position. Keys (anywhere in the panel): C confirm, R reject,
// 1/2/3 class, Space play/pause, L loop, Up/Down sensor, Enter in the reason commits.
class ReviewPanel : public QWidget {
  Q_OBJECT
public:
  explicit ReviewPanel(QWidget *parent = nullptr);
  ~ReviewPanel() override;

  // A located incident without stored evidence: the summary only.
  void setIncident(const std::optional<Incident> &incident);
  // A stored incident with its evidence. `database` is the desk's open store, used on
  // the GUI thread only; it must stay open while the panel shows the incident.
  void showIncident(Database &database, qint64 storeRowId);
  void clear();
  // Who signs the decisions: an active analyst or admin of the store.
  void setReviewer(const QString &userName);

  bool isShowingEmptyState() const;
  QString emptyText() const;
  bool isEvidenceLoaded() const { return loaded_ != nullptr; }
  const LoadedEvidence *evidence() const { return loaded_.get(); }
  bool isSpectrogramReady() const;
  const Spectrogram *currentSpectrogram() const;
  int selectedSensor() const { return selected_; }
  void selectSensor(int index);
  QString messageText() const;

  WaveformView *waveformView() const { return waveforms_; }
  SpectrogramView *spectrogramView() const { return spectrogramView_; }
  ClipPlayer *player() const { return player_; }
  ReviewDecisionBar *decisionBar() const { return decisionBar_; }

  void togglePlayback();
  void toggleLoop();

signals:
  void reviewed(qint64 storeRowId);

protected:
  void changeEvent(QEvent *event) override;

private:
  void buildEvidencePage();
  void buildShortcuts();
  void retranslateUi();
  void updateSummary();
  void showMessage(const QString &text);
  void onEvidenceLoaded();
  void requestSpectrogram(int sensor);
  void onSpectrogramReady();
  void onPlayerPosition(double clipSeconds);
  void onDecided(ReviewDecision decision, std::optional<IncidentClass> newClass,
                 const QString &reason);
  void showOnlySummary(bool summaryOnly);

  std::optional<Incident> incident_;
  std::optional<IncidentStatus> status_;
  Database *database_ = nullptr;
  qint64 rowId_ = 0;
  QString reviewer_;
  std::unique_ptr<LoadedEvidence> loaded_;
  int selected_ = 0;
  int loadGeneration_ = 0;
  std::map<int, std::shared_ptr<const Spectrogram>> spectrograms_;

  QFutureWatcher<std::shared_ptr<LoadedEvidence>> *loadWatcher_ = nullptr;
  QFutureWatcher<std::shared_ptr<const Spectrogram>> *spectrogramWatcher_ = nullptr;

  QStackedWidget *pages_ = nullptr;
  QLabel *emptyLabel_ = nullptr;
  QWidget *incidentPage_ = nullptr;
  QLabel *summaryLabel_ = nullptr;
  QLabel *messageLabel_ = nullptr;
  QWidget *evidenceArea_ = nullptr;
  WaveformView *waveforms_ = nullptr;
  SpectrogramView *spectrogramView_ = nullptr;
  QPushButton *playButton_ = nullptr;
  QCheckBox *loopBox_ = nullptr;
  QComboBox *speedBox_ = nullptr;
  QLabel *positionLabel_ = nullptr;
  ReviewDecisionBar *decisionBar_ = nullptr;
  ClipPlayer *player_ = nullptr;
};

} // namespace salvo
