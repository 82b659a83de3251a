#include "ScreenshotTaker.h"

#include "IncidentTableModel.h"
#include "MainWindow.h"

#include <QImage>
#include <QPixmap>
#include <QTimer>

#include <cmath>
#include <cstdio>
#include <utility>

namespace salvo {
namespace {
constexpr int kEvidenceWait_ms = 1500;
}

ScreenshotTaker::ScreenshotTaker(MainWindow *window, QString path, double delay_s, QObject *parent)
    : QObject(parent), window_(window), path_(std::move(path)), delay_s_(delay_s) {}

void ScreenshotTaker::start() {
  const int delay_ms = static_cast<int>(std::lround(delay_s_ * 1000.0));
  QTimer::singleShot(delay_ms, this, &ScreenshotTaker::captureWhenIdle);
}

void ScreenshotTaker::captureWhenIdle() {
  if (!window_) {
    emit finished(false);
    return;
  }
  if (window_->isLoadingScenario()) {
    connect(window_, &MainWindow::loadingFinished, this, &ScreenshotTaker::selectThenCapture,
            Qt::SingleShotConnection);
    return;
  }
  selectThenCapture();
}

void ScreenshotTaker::capture() {
  if (!window_) {
    emit finished(false);
    return;
  }
  const QImage image = window_->grab().toImage();
  const bool saved = !image.isNull() && image.save(path_, "PNG");
  if (!saved) {
    std::fprintf(stderr, "%s\n",
                 qUtf8Printable(tr("Cannot write the screenshot to %1").arg(path_)));
  }
  emit finished(saved);
}

void ScreenshotTaker::selectThenCapture() {
  // A picture of a working desk: the newest gunfire incident open in the review panel,
  // given a moment for its evidence to be decoded on a worker and drawn.
  MainWindow *window = window_.data();
  if (window == nullptr) {
    emit finished(false);
    return;
  }
  const IncidentTableModel &model = *window->incidentModel();
  for (int row = 0; row < model.rowCount(); ++row) {
    const Incident &incident = model.incident(row);
    if (incident.incidentClass == IncidentClass::Gunfire &&
        window->selectIncident(QString::fromStdString(incident.id))) {
      QTimer::singleShot(kEvidenceWait_ms, this, &ScreenshotTaker::capture);
      return;
    }
  }
  capture();
}

} // namespace salvo
