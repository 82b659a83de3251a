#pragma once

#include "DeskSource.h"

#include "classify/ClassifierModel.h"
#include "contract/Incidents.h"
#include "contract/Scenario.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace salvo {

class LivePipeline;
class DeskIncidentRecorder;

struct DeskSessionOptions {
  double speed = 1.0;   // times real time; 0 = as fast as the workers go
  QString databasePath; // empty: incidents are not stored
  bool classify = true; // load the shipped classifier model (else class other, 0)
  int detectorThreads = 2;
  std::vector<SensorRecording> recordings; // for evidence clips (a replay), else empty
  // No recordings: keep this much of the live audio for evidence clips (0: no clips).
  double liveAudioHistory_s = 0.0;
  bool demoUsers = false; // add the demo accounts to the store (see DemoStore.h)
};

// Runs the desk's live pipeline off the GUI thread: a feeder thread builds the source
// (a simulated city takes a moment), pulls its blocks, paces them to `speed` × real time
// and pushes them into the LivePipeline, whose association thread stores each incident
// and posts it to this object's thread. Every signal is delivered on the thread this
// object lives in (the GUI's), by queued invocation: the GUI never waits on a lock the
// workers hold.
class DeskSession : public QObject {
  Q_OBJECT
public:
  using SourceFactory = std::function<std::unique_ptr<DeskSource>()>;

  explicit DeskSession(QObject *parent = nullptr);
  ~DeskSession() override; // stops the threads; no signal afterwards

  // Stops any running session, then starts this one; returns at once.
  void start(SourceFactory makeSource, DeskSessionOptions options);
  void stop();
  bool isRunning() const { return running_; }
  void setSurge(bool on);
  QString sourceName() const { return sourceName_; }
  std::int64_t incidentCount() const { return incidentCount_; }

signals:
  void networkReady(const salvo::ScenarioManifest &manifest); // the source is built
  void incidentArrived(const salvo::Incident &incident, qint64 storeRowId);
  // A sensor went offline (state 1) or its clock was found off (state 2; offset in s):
  // LiveSensorState as int, sensor as its manifest index.
  void sensorStateChanged(int sensorIndex, int state, double clockOffset_s);
  void streamTimeChanged(qint64 utcNs); // a few times a second
  void finished();                      // the source ended; every incident is out
  void failed(const QString &message);  // the source or the store could not start
  void warning(const QString &message); // e.g. an incident the store refused

private:
  void feed(const SourceFactory &makeSource, const DeskSessionOptions &options,
            std::uint64_t generation);
  void runPipeline(DeskSource &source, const DeskSessionOptions &options, std::uint64_t generation);
  // Runs `call` on this object's thread unless the session was stopped or restarted.
  void post(std::uint64_t generation, std::function<void()> call);

  std::thread feeder_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> running_{false};
  std::mutex sourceMutex_; // guards source_ against setSurge() while it is replaced
  DeskSource *source_ = nullptr;
  QString sourceName_;
  std::int64_t incidentCount_ = 0;           // GUI thread
  std::atomic<std::uint64_t> generation_{0}; // bumped by stop(): drops stale posts
};

} // namespace salvo
