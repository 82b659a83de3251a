#pragma once

#include "Spectrogram.h"

#include <qcustomplot.h>

namespace salvo {

// The selected sensor's spectrogram as a QCPColorMap in dB (the top 80 dB shown),
// on the same aligned time axis as the waveform view.
class SpectrogramView : public QCustomPlot {
  Q_OBJECT
public:
  explicit SpectrogramView(QWidget *parent = nullptr);

  void setSpectrogram(const Spectrogram &spectrogram, double alignedStart_s);
  void clear();
  bool hasData() const { return hasData_; }
  void setCursorTime(double alignedSeconds); // NaN hides it
  QCPColorMap *colorMap() const { return map_; }

private:
  QCPColorMap *map_ = nullptr;
  QCPItemStraightLine *cursor_ = nullptr;
  bool hasData_ = false;
};

} // namespace salvo
