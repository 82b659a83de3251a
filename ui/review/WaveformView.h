#pragma once

#include "WaveformPyramid.h"

#include <qcustomplot.h>

#include <QString>

#include <memory>
#include <vector>

namespace salvo {

// One sensor's clip as the waveform view draws it: time is in seconds from that
// sensor's predicted first arrival, so every lane lines up on the shot.
struct WaveformLane {
  QString sensor;
  std::shared_ptr<const WaveformPyramid> pyramid;
  double sample_rate_hz = 0.0;
  double aligned_start_s = 0.0;             // of the clip's first sample
  std::vector<double> picked_onsets_s;      // detector picks (markers above the lane)
  std::vector<double> predicted_arrivals_s; // every shot (ticks below the lane)
};

// Every contributing sensor's waveform stacked, one lane each, aligned on its
// predicted arrival (QCustomPlot). Horizontal wheel zoom and drag go from the whole
// clip down to single samples; each redraw asks the lanes' min/max pyramids for one
// (min, max) per pixel column, so it costs per pixel whatever the zoom. Past one
// sample per pixel the samples themselves are drawn, with dots.
class WaveformView : public QCustomPlot {
  Q_OBJECT
public:
  explicit WaveformView(QWidget *parent = nullptr);

  void setLanes(std::vector<WaveformLane> lanes);
  int laneCount() const { return static_cast<int>(lanes_.size()); }
  void setSelectedLane(int lane);
  int selectedLane() const { return selected_; }
  // The play cursor, in aligned seconds; NaN hides it.
  void setCursorTime(double alignedSeconds);

  // The whole extent of all clips, and zooming to any part of it.
  QCPRange fullRange() const;
  void showRange(double lower_s, double upper_s);

  // What is on screen, for tests: the x of each picked marker as plotted, the points
  // of a lane's curve (per pixel column, so bounded by the plot width × 2).
  std::vector<double> plottedPickedOnsets(int lane) const;
  int plottedPointCount(int lane) const;

private:
  void rebuildCurves();
  void clampRange(const QCPRange &range);
  double laneOffset(int lane) const { return -static_cast<double>(lane); }

  std::vector<WaveformLane> lanes_;
  std::vector<QCPCurve *> curves_;
  std::vector<QCPGraph *> pickGraphs_;
  std::vector<QCPGraph *> predictedGraphs_;
  std::vector<float> gains_;
  QCPItemStraightLine *cursor_ = nullptr;
  QCPItemStraightLine *zeroLine_ = nullptr;
  int selected_ = 0;
  bool clamping_ = false;
};

} // namespace salvo
