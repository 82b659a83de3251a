#include "ScreenshotTaker.h"

#include "MainWindow.h"

#include <QImage>
#include <QPixmap>
#include <QTimer>

#include <cmath>
#include <cstdio>
#include <utility>

namespace salvo {

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
    connect(window_, &MainWindow::loadingFinished, this, &ScreenshotTaker::capture,
            Qt::SingleShotConnection);
    return;
  }
  capture();
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

} // namespace salvo
