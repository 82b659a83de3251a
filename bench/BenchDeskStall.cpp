// How long the desk's GUI thread stalls while the live pipeline runs: a 5 ms QTimer on
// the GUI thread, the largest gap between its ticks beyond the 5 ms asked for. First the
// idle window (reference, same run), then the demo city in real time with its fireworks
// surge (New Year's Eve), then the surge as fast as the workers go.
//
//   build/<dir>/bench/bench_desk_stall [seconds per phase, default 15]
#include "MainWindow.h"
#include "desk/DeskSession.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace salvo;

namespace {

struct Stalls {
  double max_ms = 0.0;
  double p99_ms = 0.0;
  std::size_t ticks = 0;
};

Stalls measure(double seconds) {
  std::vector<double> gaps_ms;
  QElapsedTimer clock;
  clock.start();
  qint64 last_ns = clock.nsecsElapsed();
  QTimer tick;
  tick.setTimerType(Qt::PreciseTimer);
  tick.setInterval(5);
  QObject::connect(&tick, &QTimer::timeout, [&] {
    const qint64 now_ns = clock.nsecsElapsed();
    gaps_ms.push_back(static_cast<double>(now_ns - last_ns) / 1e6);
    last_ns = now_ns;
  });
  QEventLoop loop;
  QTimer::singleShot(static_cast<int>(seconds * 1000.0), &loop, &QEventLoop::quit);
  tick.start();
  loop.exec();
  Stalls stalls;
  stalls.ticks = gaps_ms.size();
  if (!gaps_ms.empty()) {
    std::sort(gaps_ms.begin(), gaps_ms.end());
    stalls.max_ms = gaps_ms.back();
    stalls.p99_ms = gaps_ms[std::min(gaps_ms.size() - 1, gaps_ms.size() * 99 / 100)];
  }
  return stalls;
}

void print(const char *phase, const Stalls &s, std::int64_t incidents) {
  std::printf("%-28s ticks %6zu   gap p99 %7.2f ms   max %7.2f ms   incidents %lld\n", phase,
              s.ticks, s.p99_ms, s.max_ms, static_cast<long long>(incidents));
}

void waitFor(DeskSession &session, double seconds) {
  QEventLoop loop;
  QObject::connect(&session, &DeskSession::networkReady, &loop, &QEventLoop::quit);
  QTimer::singleShot(static_cast<int>(seconds * 1000.0), &loop, &QEventLoop::quit);
  loop.exec();
}

} // namespace

int main(int argc, char *argv[]) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
  }
  QApplication app(argc, argv);
  const double phase_s = argc > 1 ? std::max(2.0, std::atof(argv[1])) : 15.0;

  MainWindow window;
  window.setSettingsReadOnly(true);
  window.setAlertSoundEnabled(false);
  window.resize(1280, 800);
  window.show();

  print("idle window (reference)", measure(phase_s), 0);

  DeskSession *session = window.session();
  window.startDemo();
  waitFor(*session, 30.0);
  session->setSurge(true);
  const Stalls realTime = measure(phase_s);
  print("demo surge, real time", realTime, session->incidentCount());

  DeskSessionOptions fast;
  fast.speed = 0.0; // as fast as the workers go: the heaviest incident stream
  session->start([] { return std::make_unique<DemoCitySource>(11, false); }, fast);
  waitFor(*session, 30.0);
  session->setSurge(true);
  const std::int64_t before = session->incidentCount();
  const Stalls flat = measure(phase_s);
  print("demo surge, flat out", flat, session->incidentCount() - before);
  session->stop();
  std::printf("target: max GUI stall < 50 ms during the surge -> %s\n",
              std::max(realTime.max_ms, flat.max_ms) < 50.0 ? "met" : "NOT met");
  return 0;
}
