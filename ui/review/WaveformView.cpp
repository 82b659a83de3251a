#include "WaveformView.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace salvo {

namespace {

constexpr double kLaneHalfHeight = 0.42;
constexpr double kMinVisibleSamples = 8.0;

QColor laneColour(bool selected) {
  return selected ? QColor(0x1f, 0x5f, 0xbf) : QColor(0x55, 0x5d, 0x66);
}

} // namespace

WaveformView::WaveformView(QWidget *parent) : QCustomPlot(parent) {
  setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  axisRect()->setRangeDrag(Qt::Horizontal);
  axisRect()->setRangeZoom(Qt::Horizontal);
  xAxis->setLabel(tr("Time from predicted arrival (s)"));
  yAxis->grid()->setVisible(false);
  setNoAntialiasingOnDrag(true);
  zeroLine_ = new QCPItemStraightLine(this);
  zeroLine_->setPen(QPen(QColor(0x20, 0x90, 0x40), 1, Qt::DashLine));
  zeroLine_->point1->setCoords(0.0, 0.0);
  zeroLine_->point2->setCoords(0.0, 1.0);
  cursor_ = new QCPItemStraightLine(this);
  cursor_->setPen(QPen(QColor(0xd0, 0x30, 0x30), 1.5));
  cursor_->setVisible(false);
  connect(xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
          &WaveformView::clampRange);
}

void WaveformView::setLanes(std::vector<WaveformLane> lanes) {
  for (QCPCurve *curve : curves_) {
    removePlottable(curve);
  }
  for (QCPGraph *graph : pickGraphs_) {
    removeGraph(graph);
  }
  for (QCPGraph *graph : predictedGraphs_) {
    removeGraph(graph);
  }
  curves_.clear();
  pickGraphs_.clear();
  predictedGraphs_.clear();
  gains_.clear();
  lanes_ = std::move(lanes);
  selected_ = std::clamp(selected_, 0, std::max(0, laneCount() - 1));

  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  for (int lane = 0; lane < laneCount(); ++lane) {
    const WaveformLane &info = lanes_[static_cast<std::size_t>(lane)];
    const SampleRange whole =
        info.pyramid->range(0, static_cast<std::int64_t>(info.pyramid->size()));
    const float peak = std::max({std::abs(whole.min), std::abs(whole.max), 1e-6f});
    gains_.push_back(static_cast<float>(kLaneHalfHeight) / peak);
    ticker->addTick(laneOffset(lane), info.sensor);

    curves_.push_back(new QCPCurve(xAxis, yAxis));
    auto *picks = addGraph();
    picks->setLineStyle(QCPGraph::lsNone);
    picks->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangleInverted,
                                           QColor(0xd0, 0x30, 0x30), QColor(0xd0, 0x30, 0x30), 8));
    for (double t : info.picked_onsets_s) {
      picks->addData(t, laneOffset(lane) + kLaneHalfHeight + 0.05);
    }
    pickGraphs_.push_back(picks);
    auto *predicted = addGraph();
    predicted->setLineStyle(QCPGraph::lsNone);
    predicted->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssTriangle, QColor(0x20, 0x90, 0x40), 7));
    for (double t : info.predicted_arrivals_s) {
      predicted->addData(t, laneOffset(lane) - kLaneHalfHeight - 0.05);
    }
    predictedGraphs_.push_back(predicted);
  }
  yAxis->setTicker(ticker);
  yAxis->setRange(laneOffset(laneCount() - 1) - 0.6, 0.6);
  setSelectedLane(selected_);
  const QCPRange full = fullRange();
  showRange(full.lower, full.upper);
}

void WaveformView::setSelectedLane(int lane) {
  if (lanes_.empty()) {
    return;
  }
  selected_ = std::clamp(lane, 0, laneCount() - 1);
  for (int i = 0; i < laneCount(); ++i) {
    curves_[static_cast<std::size_t>(i)]->setPen(QPen(laneColour(i == selected_), 1.0));
  }
  replot();
}

void WaveformView::setCursorTime(double alignedSeconds) {
  cursor_->setVisible(std::isfinite(alignedSeconds));
  if (std::isfinite(alignedSeconds)) {
    cursor_->point1->setCoords(alignedSeconds, 0.0);
    cursor_->point2->setCoords(alignedSeconds, 1.0);
  }
  replot(QCustomPlot::rpQueuedReplot);
}

QCPRange WaveformView::fullRange() const {
  if (lanes_.empty()) {
    return {-1.0, 1.0};
  }
  double lower = std::numeric_limits<double>::infinity();
  double upper = -lower;
  for (const WaveformLane &lane : lanes_) {
    lower = std::min(lower, lane.aligned_start_s);
    upper = std::max(upper, lane.aligned_start_s +
                                static_cast<double>(lane.pyramid->size()) / lane.sample_rate_hz);
  }
  return {lower, upper};
}

void WaveformView::showRange(double lower_s, double upper_s) {
  xAxis->setRange(lower_s, upper_s); // clampRange() rebuilds
  rebuildCurves();
  replot();
}

void WaveformView::clampRange(const QCPRange &range) {
  if (clamping_ || lanes_.empty()) {
    return;
  }
  // Never wider than all clips, never narrower than a few samples of the fastest.
  const QCPRange full = fullRange();
  double rate = 0.0;
  for (const WaveformLane &lane : lanes_) {
    rate = std::max(rate, lane.sample_rate_hz);
  }
  const double minSize = kMinVisibleSamples / rate;
  const double size = std::clamp(range.size(), std::min(minSize, full.size()), full.size());
  const double lower = std::clamp(range.lower, full.lower, full.upper - size);
  clamping_ = true;
  xAxis->setRange(lower, lower + size);
  clamping_ = false;
  rebuildCurves();
}

void WaveformView::rebuildCurves() {
  const QCPRange visible = xAxis->range();
  const double width_px = std::max(1, axisRect()->width());
  for (int lane = 0; lane < laneCount(); ++lane) {
    const WaveformLane &info = lanes_[static_cast<std::size_t>(lane)];
    const WaveformPyramid &pyramid = *info.pyramid;
    const double y0 = laneOffset(lane);
    const double gain = gains_[static_cast<std::size_t>(lane)];
    const double n = static_cast<double>(pyramid.size());
    const double first =
        std::clamp((visible.lower - info.aligned_start_s) * info.sample_rate_hz, 0.0, n);
    const double last =
        std::clamp((visible.upper - info.aligned_start_s) * info.sample_rate_hz, 0.0, n);
    const double samplesPerPixel = visible.size() * info.sample_rate_hz / width_px;
    QVector<double> t;
    QVector<double> x;
    QVector<double> y;
    if (samplesPerPixel > 1.5) {
      const auto columns = static_cast<std::size_t>(std::ceil((last - first) / samplesPerPixel));
      const std::vector<SampleRange> ranges = pyramid.columns(first, last, columns);
      for (std::size_t c = 0; c < ranges.size(); ++c) {
        const double centre = first + (last - first) * (static_cast<double>(c) + 0.5) /
                                          static_cast<double>(ranges.size());
        const double when = info.aligned_start_s + centre / info.sample_rate_hz;
        for (float v : {ranges[c].min, ranges[c].max}) {
          t.push_back(static_cast<double>(t.size()));
          x.push_back(when);
          y.push_back(y0 + gain * v);
        }
      }
      curves_[static_cast<std::size_t>(lane)]->setScatterStyle(QCPScatterStyle::ssNone);
    } else {
      const auto begin = static_cast<std::size_t>(std::max(0.0, std::floor(first) - 1.0));
      const auto end = static_cast<std::size_t>(std::min(n, std::ceil(last) + 1.0));
      for (std::size_t i = begin; i < end; ++i) {
        t.push_back(static_cast<double>(t.size()));
        x.push_back(info.aligned_start_s + static_cast<double>(i) / info.sample_rate_hz);
        y.push_back(y0 + gain * pyramid.samples()[i]);
      }
      curves_[static_cast<std::size_t>(lane)]->setScatterStyle(
          samplesPerPixel < 0.25 ? QCPScatterStyle(QCPScatterStyle::ssDisc, 4)
                                 : QCPScatterStyle(QCPScatterStyle::ssNone));
    }
    curves_[static_cast<std::size_t>(lane)]->setData(t, x, y, true);
  }
}

std::vector<double> WaveformView::plottedPickedOnsets(int lane) const {
  std::vector<double> xs;
  const QCPGraph *graph = pickGraphs_.at(static_cast<std::size_t>(lane));
  for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
    xs.push_back(it->key);
  }
  return xs;
}

int WaveformView::plottedPointCount(int lane) const {
  return curves_.at(static_cast<std::size_t>(lane))->dataCount();
}

} // namespace salvo
