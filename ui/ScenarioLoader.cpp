#include "ScenarioLoader.h"

#include "common/InputError.h"

#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <utility>

namespace salvo {

ScenarioLoader::ScenarioLoader(QObject *parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<Result>::finished, this, &ScenarioLoader::onFinished);
}

ScenarioLoader::~ScenarioLoader() {
  // The worker only touches its own copy of the path; wait so it never outlives us.
  watcher_.waitForFinished();
}

void ScenarioLoader::load(const QString &folder) {
  if (isBusy()) {
    queuedFolder_ = folder;
    return;
  }
  start(folder);
}

bool ScenarioLoader::isBusy() const {
  return watcher_.isRunning();
}

ScenarioLoader::Result ScenarioLoader::open(const QString &folder) {
  Result result;
  result.folder = folder;
  try {
    result.scenario =
        std::make_shared<const ScenarioFolder>(openScenarioFolder(folder.toStdString()));
  } catch (const InputError &error) {
    result.error = QString::fromStdString(error.what());
  } catch (const std::exception &error) {
    // filesystem errors, bad_alloc on a absurd manifest: report, never crash.
    result.error = QString::fromLocal8Bit(error.what());
  }
  return result;
}

void ScenarioLoader::start(const QString &folder) {
  emit started(folder);
  watcher_.setFuture(QtConcurrent::run(&ScenarioLoader::open, folder));
}

void ScenarioLoader::onFinished() {
  const Result result = watcher_.result();
  if (result.scenario) {
    emit loaded(result.scenario);
  } else {
    emit failed(result.folder, result.error);
  }
  if (!queuedFolder_.isEmpty()) {
    start(std::exchange(queuedFolder_, QString()));
    return;
  }
  emit idle();
}

} // namespace salvo
