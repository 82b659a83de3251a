#pragma once

#include "contract/Scenario.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>

namespace salvo {

// Opens scenario folders off the GUI thread: openScenarioFolder() probes every
// sensor's audio file, which takes seconds on a slow disk. One load runs at a time;
// a request made meanwhile replaces any queued one and starts when the running one
// ends, so the last folder the user picked is the one that wins.
class ScenarioLoader : public QObject {
  Q_OBJECT
public:
  explicit ScenarioLoader(QObject *parent = nullptr);
  ~ScenarioLoader() override;

  void load(const QString &folder);
  bool isBusy() const;

signals:
  void started(const QString &folder);
  void loaded(std::shared_ptr<const salvo::ScenarioFolder> scenario);
  // message names the file, sensor and field when the cause is an InputError.
  void failed(const QString &folder, const QString &message);
  void idle();

private:
  struct Result {
    QString folder;
    std::shared_ptr<const ScenarioFolder> scenario;
    QString error;
  };
  static Result open(const QString &folder);
  void start(const QString &folder);
  void onFinished();

  QFutureWatcher<Result> watcher_;
  QString queuedFolder_;
};

} // namespace salvo
