#include "ReviewPanel.h"

#include "IncidentTableModel.h"
#include "TimeFormat.h"
#include "review/ClipPlayer.h"
#include "review/ReviewDecisionBar.h"
#include "review/SpectrogramView.h"
#include "review/WaveformView.h"
#include "store/Database.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStringList>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace salvo {

namespace {

std::shared_ptr<LoadedEvidence> loadEvidence(const EvidenceBlobs &blobs) {
  auto loaded = std::make_shared<LoadedEvidence>();
  loaded->evidence = decodeEvidence(blobs);
  for (const ReviewSensorClip &sensor : loaded->evidence.sensors) {
    loaded->samples.push_back(std::make_shared<const std::vector<float>>(sensor.samples));
    loaded->pyramids.push_back(std::make_shared<const WaveformPyramid>(sensor.samples));
  }
  return loaded;
}

std::vector<WaveformLane> lanesOf(const LoadedEvidence &loaded) {
  std::vector<WaveformLane> lanes;
  for (std::size_t i = 0; i < loaded.evidence.sensors.size(); ++i) {
    const ReviewSensorClip &sensor = loaded.evidence.sensors[i];
    WaveformLane lane;
    lane.sensor = QString::fromStdString(sensor.sensor);
    lane.pyramid = loaded.pyramids[i];
    lane.sample_rate_hz = sensor.sample_rate_hz;
    lane.aligned_start_s = sensor.alignedStart_s();
    for (UtcNs t : sensor.picked_onsets_utc_ns) {
      lane.picked_onsets_s.push_back(sensor.alignedSeconds(t));
    }
    for (UtcNs t : sensor.predicted_arrivals_utc_ns) {
      lane.predicted_arrivals_s.push_back(sensor.alignedSeconds(t));
    }
    lanes.push_back(std::move(lane));
  }
  return lanes;
}

} // namespace

ReviewPanel::ReviewPanel(QWidget *parent) : QWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  pages_ = new QStackedWidget(this);
  emptyLabel_ = new QLabel(pages_);
  emptyLabel_->setAlignment(Qt::AlignCenter);
  emptyLabel_->setWordWrap(true);
  emptyLabel_->setMargin(24);
  emptyLabel_->setForegroundRole(QPalette::PlaceholderText);
  pages_->addWidget(emptyLabel_);
  buildEvidencePage();
  pages_->addWidget(incidentPage_);
  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(pages_);

  player_ = new ClipPlayer(this);
  connect(player_, &ClipPlayer::positionChanged, this, &ReviewPanel::onPlayerPosition);
  connect(player_, &ClipPlayer::playingChanged, this, [this](bool) { retranslateUi(); });
  loadWatcher_ = new QFutureWatcher<std::shared_ptr<LoadedEvidence>>(this);
  connect(loadWatcher_, &QFutureWatcherBase::finished, this, &ReviewPanel::onEvidenceLoaded);
  spectrogramWatcher_ = new QFutureWatcher<std::shared_ptr<const Spectrogram>>(this);
  connect(spectrogramWatcher_, &QFutureWatcherBase::finished, this,
          &ReviewPanel::onSpectrogramReady);
  buildShortcuts();
  retranslateUi();
}

ReviewPanel::~ReviewPanel() {
  // Results of pending work are not wanted; wait so no task outlives the panel's data.
  loadWatcher_->waitForFinished();
  spectrogramWatcher_->waitForFinished();
}

void ReviewPanel::buildEvidencePage() {
  incidentPage_ = new QWidget(pages_);
  summaryLabel_ = new QLabel(incidentPage_);
  summaryLabel_->setWordWrap(true);
  summaryLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  messageLabel_ = new QLabel(incidentPage_);
  messageLabel_->setObjectName(QStringLiteral("reviewMessage"));
  messageLabel_->setWordWrap(true);
  messageLabel_->setStyleSheet(QStringLiteral("color: #b03020;"));
  messageLabel_->hide();

  evidenceArea_ = new QWidget(incidentPage_);
  waveforms_ = new WaveformView(evidenceArea_);
  waveforms_->setMinimumHeight(160);
  spectrogramView_ = new SpectrogramView(evidenceArea_);
  spectrogramView_->setMinimumHeight(100);
  auto *splitter = new QSplitter(Qt::Vertical, evidenceArea_);
  splitter->addWidget(waveforms_);
  splitter->addWidget(spectrogramView_);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);

  playButton_ = new QPushButton(evidenceArea_);
  playButton_->setObjectName(QStringLiteral("reviewPlay"));
  loopBox_ = new QCheckBox(evidenceArea_);
  speedBox_ = new QComboBox(evidenceArea_);
  for (double speed : {1.0, 0.5, 0.25}) {
    speedBox_->addItem(QString(), speed);
  }
  positionLabel_ = new QLabel(evidenceArea_);
  auto *transport = new QHBoxLayout;
  transport->addWidget(playButton_);
  transport->addWidget(loopBox_);
  transport->addWidget(speedBox_);
  transport->addWidget(positionLabel_, 1);
  auto *evidenceLayout = new QVBoxLayout(evidenceArea_);
  evidenceLayout->setContentsMargins(0, 0, 0, 0);
  evidenceLayout->addWidget(splitter, 1);
  evidenceLayout->addLayout(transport);

  decisionBar_ = new ReviewDecisionBar(incidentPage_);
  auto *layout = new QVBoxLayout(incidentPage_);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->addWidget(summaryLabel_);
  layout->addWidget(messageLabel_);
  layout->addWidget(evidenceArea_, 1);
  layout->addWidget(decisionBar_);

  connect(playButton_, &QPushButton::clicked, this, &ReviewPanel::togglePlayback);
  connect(loopBox_, &QCheckBox::toggled, this, [this](bool on) { player_->setLooping(on); });
  connect(speedBox_, &QComboBox::currentIndexChanged, this,
          [this] { player_->setSpeed(speedBox_->currentData().toDouble()); });
  connect(decisionBar_, &ReviewDecisionBar::decided, this, &ReviewPanel::onDecided);
  connect(decisionBar_, &ReviewDecisionBar::needsReason, this,
          [this] { showMessage(tr("Type the reason for the decision and press Enter.")); });
}

void ReviewPanel::buildShortcuts() {
  const auto bind = [this](QKeySequence keys, auto action) {
    auto *shortcut = new QShortcut(keys, this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, action);
  };
  bind(QKeySequence(Qt::Key_C), [this] { decisionBar_->request(ReviewDecision::Confirmed); });
  bind(QKeySequence(Qt::Key_R), [this] { decisionBar_->request(ReviewDecision::Dismissed); });
  bind(QKeySequence(Qt::Key_1), [this] { decisionBar_->chooseClass(IncidentClass::Gunfire); });
  bind(QKeySequence(Qt::Key_2), [this] { decisionBar_->chooseClass(IncidentClass::Fireworks); });
  bind(QKeySequence(Qt::Key_3), [this] { decisionBar_->chooseClass(IncidentClass::Other); });
  bind(QKeySequence(Qt::Key_Space), [this] { togglePlayback(); });
  bind(QKeySequence(Qt::Key_L), [this] { toggleLoop(); });
  bind(QKeySequence(Qt::Key_Up), [this] { selectSensor(selected_ - 1); });
  bind(QKeySequence(Qt::Key_Down), [this] { selectSensor(selected_ + 1); });
}

void ReviewPanel::setIncident(const std::optional<Incident> &incident) {
  clear();
  incident_ = incident;
  showOnlySummary(true);
  updateSummary();
}

void ReviewPanel::showIncident(Database &database, qint64 storeRowId) {
  clear();
  database_ = &database;
  rowId_ = storeRowId;
  EvidenceBlobs blobs;
  try {
    blobs = readEvidenceBlobs(database, storeRowId);
  } catch (const std::exception &error) {
    incident_.reset();
    updateSummary();
    pages_->setCurrentWidget(incidentPage_);
    showOnlySummary(true);
    showMessage(tr("This incident cannot be shown: %1").arg(QString::fromUtf8(error.what())));
    return;
  }
  incident_ = blobs.incident.incident;
  status_ = blobs.incident.status;
  showOnlySummary(false);
  updateSummary();
  decisionBar_->setIncidentClass(incident_->incidentClass);
  showMessage(blobs.clips.empty() ? tr("No audio evidence is stored for this incident.")
                                  : tr("Loading the evidence of %n sensor(s)…", nullptr,
                                       static_cast<int>(blobs.clips.size())));
  const int generation = ++loadGeneration_;
  loadWatcher_->setProperty("generation", generation);
  loadWatcher_->setFuture(QtConcurrent::run(loadEvidence, std::move(blobs)));
}

void ReviewPanel::clear() {
  ++loadGeneration_;
  player_->setClip(nullptr, 0.0);
  loaded_.reset();
  spectrograms_.clear();
  selected_ = 0;
  incident_.reset();
  status_.reset();
  database_ = nullptr;
  waveforms_->setLanes({});
  waveforms_->setCursorTime(std::nan(""));
  spectrogramView_->clear();
  showMessage(QString());
  updateSummary();
}

void ReviewPanel::setReviewer(const QString &userName) {
  reviewer_ = userName;
}

bool ReviewPanel::isShowingEmptyState() const {
  return pages_->currentWidget() == emptyLabel_;
}

QString ReviewPanel::emptyText() const {
  return emptyLabel_->text();
}

QString ReviewPanel::messageText() const {
  return messageLabel_->isHidden() ? QString() : messageLabel_->text();
}

bool ReviewPanel::isSpectrogramReady() const {
  return currentSpectrogram() != nullptr && spectrogramView_->hasData();
}

const Spectrogram *ReviewPanel::currentSpectrogram() const {
  const auto found = spectrograms_.find(selected_);
  return found == spectrograms_.end() ? nullptr : found->second.get();
}

void ReviewPanel::showMessage(const QString &text) {
  messageLabel_->setText(text);
  messageLabel_->setVisible(!text.isEmpty());
}

void ReviewPanel::showOnlySummary(bool summaryOnly) {
  evidenceArea_->setVisible(!summaryOnly);
  decisionBar_->setVisible(!summaryOnly);
}

void ReviewPanel::onEvidenceLoaded() {
  if (loadWatcher_->property("generation").toInt() != loadGeneration_ ||
      loadWatcher_->isCanceled()) {
    return; // an older incident's evidence
  }
  loaded_ = std::make_unique<LoadedEvidence>(std::move(*loadWatcher_->result()));
  QStringList problems;
  for (const std::string &problem : loaded_->evidence.problems) {
    problems << QString::fromStdString(problem);
  }
  showMessage(problems.join(QLatin1Char('\n')));
  if (loaded_->evidence.sensors.empty() && problems.isEmpty()) {
    showMessage(tr("No audio evidence is stored for this incident."));
  }
  waveforms_->setLanes(lanesOf(*loaded_));
  selected_ = -1;
  selectSensor(0);
}

void ReviewPanel::selectSensor(int index) {
  if (!loaded_ || loaded_->evidence.sensors.empty()) {
    return;
  }
  index = std::clamp(index, 0, static_cast<int>(loaded_->evidence.sensors.size()) - 1);
  if (index == selected_) {
    return;
  }
  selected_ = index;
  waveforms_->setSelectedLane(index);
  const ReviewSensorClip &sensor = loaded_->evidence.sensors[static_cast<std::size_t>(index)];
  player_->setClip(loaded_->samples[static_cast<std::size_t>(index)], sensor.sample_rate_hz);
  onPlayerPosition(0.0);
  requestSpectrogram(index);
  retranslateUi();
}

void ReviewPanel::requestSpectrogram(int sensor) {
  const auto cached = spectrograms_.find(sensor);
  const ReviewSensorClip &clip = loaded_->evidence.sensors[static_cast<std::size_t>(sensor)];
  if (cached != spectrograms_.end()) {
    spectrogramView_->setSpectrogram(*cached->second, clip.alignedStart_s());
    return;
  }
  spectrogramView_->clear();
  if (spectrogramWatcher_->isRunning()) {
    return; // onSpectrogramReady() asks again for the selected sensor
  }
  auto samples = loaded_->samples[static_cast<std::size_t>(sensor)];
  const double rate = clip.sample_rate_hz;
  spectrogramWatcher_->setProperty("sensor", sensor);
  spectrogramWatcher_->setProperty("generation", loadGeneration_);
  spectrogramWatcher_->setFuture(QtConcurrent::run([samples, rate] {
    return std::shared_ptr<const Spectrogram>(
        std::make_shared<Spectrogram>(computeSpectrogram(*samples, rate)));
  }));
}

void ReviewPanel::onSpectrogramReady() {
  if (!loaded_) {
    return;
  }
  if (spectrogramWatcher_->property("generation").toInt() == loadGeneration_) {
    spectrograms_[spectrogramWatcher_->property("sensor").toInt()] = spectrogramWatcher_->result();
  }
  // Shows it when it is the selected sensor's, or starts the one asked for meanwhile.
  requestSpectrogram(selected_);
}

void ReviewPanel::onPlayerPosition(double clipSeconds) {
  if (!loaded_ || selected_ < 0) {
    return;
  }
  const ReviewSensorClip &sensor = loaded_->evidence.sensors[static_cast<std::size_t>(selected_)];
  const double aligned = sensor.alignedStart_s() + clipSeconds;
  const bool show = player_->isPlaying() || clipSeconds > 0.0;
  waveforms_->setCursorTime(show ? aligned : std::nan(""));
  spectrogramView_->setCursorTime(show ? aligned : std::nan(""));
  const QLocale locale;
  positionLabel_->setText(tr("%1: %2 s of %3 s")
                              .arg(QString::fromStdString(sensor.sensor),
                                   locale.toString(clipSeconds, 'f', 2),
                                   locale.toString(player_->durationSeconds(), 'f', 2)));
}

void ReviewPanel::togglePlayback() {
  if (player_->isPlaying()) {
    player_->stop();
    return;
  }
  if (!player_->hasClip()) {
    return;
  }
  if (!player_->play(player_->positionSeconds())) {
    showMessage(player_->errorString());
  }
}

void ReviewPanel::toggleLoop() {
  loopBox_->toggle();
}

void ReviewPanel::onDecided(ReviewDecision decision, std::optional<IncidentClass> newClass,
                            const QString &reason) {
  if (database_ == nullptr || !incident_) {
    showMessage(tr("Only an incident from the store can be reviewed."));
    return;
  }
  if (reviewer_.isEmpty()) {
    showMessage(tr("Sign in as an analyst to review incidents."));
    return;
  }
  try {
    ReviewStore(*database_)
        .recordReview(rowId_, reviewer_.toStdString(), decision, newClass, reason.toStdString());
  } catch (const std::exception &error) {
    showMessage(tr("The review was not saved: %1").arg(QString::fromUtf8(error.what())));
    return;
  }
  status_ =
      decision == ReviewDecision::Confirmed ? IncidentStatus::Confirmed : IncidentStatus::Dismissed;
  if (newClass) {
    incident_->incidentClass = *newClass;
  }
  decisionBar_->setIncidentClass(incident_->incidentClass);
  updateSummary();
  showMessage(QString());
  emit reviewed(rowId_);
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
  playButton_->setText(player_ != nullptr && player_->isPlaying() ? tr("Pause (Space)")
                                                                  : tr("Play (Space)"));
  loopBox_->setText(tr("Loop (L)"));
  const QStringList speeds = {tr("1× speed"), tr("0.5× speed"), tr("0.25× speed")};
  for (int i = 0; i < speedBox_->count(); ++i) {
    speedBox_->setItemText(i, speeds.value(i));
  }
  decisionBar_->retranslateUi();
  updateSummary();
}

void ReviewPanel::updateSummary() {
  if (!incident_) {
    summaryLabel_->clear();
    if (messageLabel_->isHidden()) {
      pages_->setCurrentWidget(emptyLabel_);
    }
    return;
  }
  const QLocale locale;
  const Incident &incident = *incident_;
  QStringList sensors;
  for (const std::string &id : incident.sensors) {
    sensors << QString::fromStdString(id).toHtmlEscaped();
  }
  QString title = tr("Incident %1").arg(QString::fromStdString(incident.id).toHtmlEscaped());
  if (status_) {
    title += QStringLiteral(" — ") + QString::fromUtf8(incidentStatusName(*status_).data());
  }
  QString html = QStringLiteral("<b>%1</b><br>").arg(title);
  html += tr("%1 UTC · %2, %3 ± %4 m · %5 %6 % · %7 rounds · sensors %8")
              .arg(formatUtcMillis(incident.time_utc_ns),
                   locale.toString(incident.position.lat_deg, 'f', 6),
                   locale.toString(incident.position.lon_deg, 'f', 6),
                   locale.toString(incident.horizontal_error_m, 'f', 0),
                   IncidentTableModel::className(incident.incidentClass),
                   locale.toString(incident.confidence * 100.0, 'f', 0),
                   locale.toString(incident.rounds), sensors.join(QStringLiteral(", ")));
  summaryLabel_->setText(html);
  pages_->setCurrentWidget(incidentPage_);
}

} // namespace salvo
