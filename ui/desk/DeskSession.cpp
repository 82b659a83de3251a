#include "DeskSession.h"

#include "DemoStore.h"
#include "DeskIncidentRecorder.h"
#include "LiveAudioHistory.h"

#include "live/LivePipeline.h"
#include "locate/LocatePipeline.h"

#include <QMetaObject>
#include <QPointer>

#include <chrono>
#include <exception>

namespace salvo {
namespace {
using Clock = std::chrono::steady_clock;
constexpr auto kTimeUpdateEvery = std::chrono::milliseconds(250);
constexpr auto kLongestSleep = std::chrono::milliseconds(50); // so stop() is prompt
} // namespace

DeskSession::DeskSession(QObject *parent) : QObject(parent) {}

DeskSession::~DeskSession() {
  stop();
}

void DeskSession::post(std::uint64_t generation, std::function<void()> call) {
  QMetaObject::invokeMethod(
      this,
      [this, generation, call = std::move(call)] {
        if (generation == generation_) {
          call();
        }
      },
      Qt::QueuedConnection);
}

void DeskSession::start(SourceFactory makeSource, DeskSessionOptions options) {
  stop();
  stop_ = false;
  running_ = true;
  incidentCount_ = 0;
  const std::uint64_t generation = generation_;
  feeder_ = std::thread([this, makeSource = std::move(makeSource), options = std::move(options),
                         generation] { feed(makeSource, options, generation); });
}

void DeskSession::stop() {
  stop_ = true;
  ++generation_;
  if (feeder_.joinable()) {
    feeder_.join();
  }
  running_ = false;
}

void DeskSession::setSurge(bool on) {
  const std::lock_guard lock(sourceMutex_);
  if (source_ != nullptr) {
    source_->setSurge(on);
  }
}

void DeskSession::feed(const SourceFactory &makeSource, const DeskSessionOptions &options,
                       std::uint64_t generation) {
  std::unique_ptr<DeskSource> source;
  try {
    source = makeSource();
  } catch (const std::exception &error) {
    const QString message = QString::fromLocal8Bit(error.what());
    post(generation, [this, message] {
      running_ = false;
      emit failed(message);
    });
    return;
  }
  {
    const std::lock_guard lock(sourceMutex_);
    source_ = source.get();
  }
  runPipeline(*source, options, generation);
  {
    const std::lock_guard lock(sourceMutex_);
    source_ = nullptr;
  }
}

void DeskSession::runPipeline(DeskSource &source, const DeskSessionOptions &options,
                              std::uint64_t generation) {
  const ScenarioManifest manifest = source.manifest();
  const QString name = QString::fromStdString(source.name());
  post(generation, [this, manifest, name] {
    sourceName_ = name;
    emit networkReady(manifest);
  });

  std::shared_ptr<LiveAudioHistory> liveAudio;
  if (options.recordings.empty() && options.liveAudioHistory_s > 0.0) {
    liveAudio = std::make_shared<LiveAudioHistory>(manifest, options.liveAudioHistory_s);
  }
  std::unique_ptr<DeskIncidentRecorder> recorder;
  if (!options.databasePath.isEmpty()) {
    try {
      if (options.demoUsers) {
        addDemoUsers(options.databasePath.toStdString());
      }
      recorder = std::make_unique<DeskIncidentRecorder>(options.databasePath.toStdString(),
                                                        manifest, "live:" + source.name(),
                                                        options.recordings, liveAudio);
    } catch (const std::exception &error) {
      const QString message = QString::fromLocal8Bit(error.what());
      post(generation, [this, message] {
        emit warning(tr("Incidents are not being stored: %1").arg(message));
      });
    }
  }
  LivePipelineConfig config;
  config.locate = optionsForManifest(manifest);
  config.detector_threads = options.detectorThreads;
  if (options.classify) {
    try {
      config.classifier =
          std::make_shared<ClassifierModel>(loadClassifierModel(defaultClassifierModelPath()));
    } catch (const std::exception &error) {
      const QString message = QString::fromLocal8Bit(error.what());
      post(generation, [this, message] {
        emit warning(tr("No classifier, incidents are shown as Other: %1").arg(message));
      });
    }
  }

  // Association thread: store, then hand over to the GUI.
  auto onIncident = [&](const LiveIncident &live) {
    std::int64_t rowId = 0;
    if (recorder) {
      try {
        rowId = recorder->record(live.incident);
      } catch (const std::exception &error) {
        const QString message = QString::fromLocal8Bit(error.what());
        post(generation, [this, message] { emit warning(message); });
      }
    }
    post(generation, [this, incident = live.incident, rowId] {
      ++incidentCount_;
      emit incidentArrived(incident, rowId);
    });
  };
  auto onSensor = [&](const LiveSensorEvent &event) {
    post(generation, [this, event] {
      emit sensorStateChanged(static_cast<int>(event.sensor), static_cast<int>(event.state),
                              event.clock_offset_s);
    });
  };
  LivePipeline pipeline(manifest, config, onIncident, onSensor);

  const UtcNs start_utc_ns = manifest.sensors.front().start_utc_ns;
  const auto wallStart = Clock::now();
  auto nextTimeUpdate = wallStart;
  std::vector<std::vector<float>> blocks;
  bool ended = false;
  while (!stop_) {
    if (!source.nextBlock(blocks)) {
      ended = true;
      break;
    }
    if (liveAudio) {
      liveAudio->append(blocks); // before the pipeline can find an incident in them
    }
    pipeline.pushBlocks(blocks);
    const double streamed_s = source.time_s();
    if (Clock::now() >= nextTimeUpdate) {
      nextTimeUpdate = Clock::now() + kTimeUpdateEvery;
      const auto utc = static_cast<qint64>(start_utc_ns + secondsToNanos(streamed_s));
      post(generation, [this, utc] { emit streamTimeChanged(utc); });
    }
    if (options.speed > 0.0 && !source.isRealTime()) {
      const auto due = wallStart + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(streamed_s / options.speed));
      while (!stop_ && Clock::now() < due) {
        std::this_thread::sleep_for(std::min<Clock::duration>(due - Clock::now(), kLongestSleep));
      }
    }
  }
  if (ended && !stop_) {
    pipeline.finish(); // the last incidents, then finished()
    post(generation, [this] {
      running_ = false;
      emit finished();
    });
  }
}

} // namespace salvo
