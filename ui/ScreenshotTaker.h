#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

namespace salvo {

class MainWindow;

// `salvo --screenshot FILE --after S`: waits S seconds, then for any scenario still
// opening, selects the newest gunfire incident (so the review panel shows its
// waveforms), renders the window (menus, docks, status bar) into a PNG and reports
// whether it was written. Works on the offscreen platform, so CI and docs use it.
class ScreenshotTaker : public QObject {
  Q_OBJECT
public:
  ScreenshotTaker(MainWindow *window, QString path, double delay_s, QObject *parent = nullptr);

  void start();

signals:
  void finished(bool saved);

private:
  void captureWhenIdle();
  void selectThenCapture();
  void capture();

  QPointer<MainWindow> window_;
  QString path_;
  double delay_s_ = 1.0;
};

} // namespace salvo
