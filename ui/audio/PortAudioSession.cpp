#include "PortAudioSession.h"

#include <QCoreApplication>
#include <QDebug>
#include <QMetaObject>
#include <QThread>

#include <portaudio.h>

#include <atomic>

namespace salvo {
namespace {

std::mutex &registryMutex() {
  static std::mutex mutex;
  return mutex;
}

std::weak_ptr<PortAudioSession> &current() {
  static std::weak_ptr<PortAudioSession> session;
  return session;
}

std::atomic<int> &initialisations() {
  static std::atomic<int> count{0};
  return count;
}

bool onGuiThread() {
  const QCoreApplication *app = QCoreApplication::instance();
  return app == nullptr || QThread::currentThread() == app->thread();
}

// Ends the session on the GUI thread whoever lets go of it last.
void release(PortAudioSession *session) {
  QCoreApplication *app = QCoreApplication::instance();
  if (onGuiThread() || app == nullptr) {
    delete session;
    return;
  }
  QMetaObject::invokeMethod(
      app, [session] { delete session; }, Qt::QueuedConnection);
}

} // namespace

PortAudioSession::PortAudioSession() {
  error_ = Pa_Initialize();
  ++initialisations();
  if (error_ != paNoError) {
    qWarning().noquote() << "PortAudio would not start:" << Pa_GetErrorText(error_);
  }
}

PortAudioSession::~PortAudioSession() {
  if (error_ == paNoError) {
    Pa_Terminate();
  }
}

std::shared_ptr<PortAudioSession> PortAudioSession::acquire() {
  const std::lock_guard lock(registryMutex());
  if (std::shared_ptr<PortAudioSession> running = current().lock()) {
    return running;
  }
  if (!onGuiThread()) {
    return nullptr;
  }
  std::shared_ptr<PortAudioSession> session(new PortAudioSession, release);
  current() = session;
  return session;
}

int PortAudioSession::initialisationCount() {
  return initialisations();
}

QString PortAudioSession::errorString() const {
  return isReady() ? QString() : QString::fromUtf8(Pa_GetErrorText(error_));
}

} // namespace salvo
