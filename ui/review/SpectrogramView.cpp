#include "SpectrogramView.h"

#include <cmath>

namespace salvo {

namespace {
constexpr double kDynamicRange_db = 80.0;
}

SpectrogramView::SpectrogramView(QWidget *parent) : QCustomPlot(parent) {
  map_ = new QCPColorMap(xAxis, yAxis);
  map_->setGradient(QCPColorGradient::gpThermal);
  map_->setInterpolate(false);
  xAxis->setLabel(tr("Time from predicted arrival (s)"));
  yAxis->setLabel(tr("kHz"));
  cursor_ = new QCPItemStraightLine(this);
  cursor_->setPen(QPen(QColor(0x40, 0xc0, 0xff), 1.5));
  cursor_->setVisible(false);
  setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  axisRect()->setRangeDrag(Qt::Horizontal);
  axisRect()->setRangeZoom(Qt::Horizontal);
}

void SpectrogramView::setSpectrogram(const Spectrogram &spectrogram, double alignedStart_s) {
  QCPColorMapData *cells = map_->data();
  const auto frames = static_cast<int>(spectrogram.frames);
  const auto bins = static_cast<int>(spectrogram.bins);
  cells->setSize(frames, bins);
  cells->setRange(QCPRange(alignedStart_s + spectrogram.frameCentre_s(0),
                           alignedStart_s + spectrogram.frameCentre_s(spectrogram.frames - 1)),
                  QCPRange(0.0, spectrogram.binFrequency_hz(spectrogram.bins - 1) / 1000.0));
  for (int f = 0; f < frames; ++f) {
    for (int b = 0; b < bins; ++b) {
      cells->setCell(f, b,
                     spectrogram.at(static_cast<std::size_t>(f), static_cast<std::size_t>(b)));
    }
  }
  map_->setDataRange(QCPRange(spectrogram.max_db - kDynamicRange_db, spectrogram.max_db));
  rescaleAxes();
  hasData_ = true;
  replot();
}

void SpectrogramView::clear() {
  map_->data()->clear();
  hasData_ = false;
  replot();
}

void SpectrogramView::setCursorTime(double alignedSeconds) {
  cursor_->setVisible(std::isfinite(alignedSeconds));
  if (std::isfinite(alignedSeconds)) {
    cursor_->point1->setCoords(alignedSeconds, 0.0);
    cursor_->point2->setCoords(alignedSeconds, 1.0);
  }
  replot(QCustomPlot::rpQueuedReplot);
}

} // namespace salvo
