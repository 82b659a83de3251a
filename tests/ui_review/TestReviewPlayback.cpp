#include "audio/PortAudioSession.h"
#include "desk/AlertSound.h"
#include "review/ClipPlayer.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <memory>
#include <numbers>
#include <thread>

using namespace salvo;

// Playback through PortAudio on the null ALSA device (tests/alsa/asound.conf).
class TestReviewPlayback : public QObject {
  Q_OBJECT

  static std::shared_ptr<const std::vector<float>> tone(double seconds, double rate) {
    auto samples = std::make_shared<std::vector<float>>(static_cast<std::size_t>(seconds * rate));
    for (std::size_t n = 0; n < samples->size(); ++n) {
      (*samples)[n] = 0.3f * static_cast<float>(std::sin(2.0 * std::numbers::pi * 440.0 *
                                                         static_cast<double>(n) / rate));
    }
    return samples;
  }

private slots:
  // The chime and two players share one PortAudio session, started on the GUI thread; a
  // worker is handed the running session and never starts one of its own.
  void oneSessionForTheProcess() {
    std::shared_ptr<PortAudioSession> fromWorker;
    std::thread([&] { fromWorker = PortAudioSession::acquire(); }).join();
    QVERIFY(!fromWorker); // none running yet, and a worker does not start one
    const int before = PortAudioSession::initialisationCount();
    {
      AlertSound sound;
      ClipPlayer first;
      ClipPlayer second;
      first.setClip(tone(0.5, 16000.0), 16000.0);
      second.setClip(tone(0.5, 16000.0), 16000.0);
      QVERIFY2(first.play(0.0), qPrintable(first.errorString()));
      QVERIFY2(second.play(0.0), qPrintable(second.errorString()));
      sound.play();
      sound.waitForFinished();
      QCOMPARE(sound.playedCount(), 1);
      QVERIFY(!sound.hasFailed());
      std::thread([&] { fromWorker = PortAudioSession::acquire(); }).join();
      QVERIFY(fromWorker && fromWorker->isReady());
      QCOMPARE(fromWorker, PortAudioSession::acquire());
      first.stop();
      second.stop();
    }
    QCOMPARE(PortAudioSession::initialisationCount(), before + 1);
    // The worker's handle keeps the session; letting it go on a worker ends it on the
    // GUI thread (posted), after which a new one may start.
    std::thread([held = std::move(fromWorker)]() mutable { held.reset(); }).join();
    QCoreApplication::processEvents();
    QVERIFY(PortAudioSession::acquire()); // a fresh session on the GUI thread
    QCOMPARE(PortAudioSession::initialisationCount(), before + 2);
  }

  // The null device is not paced like a sound card (it takes samples as fast as they
  // come), so nothing here depends on how fast playback runs, only on where it is.
  void playAdvancesAndStopStops() {
    ClipPlayer player;
    player.setClip(tone(30.0, 16000.0), 16000.0);
    QSignalSpy positions(&player, &ClipPlayer::positionChanged);
    QVERIFY2(player.play(0.0), qPrintable(player.errorString()));
    QVERIFY(player.isPlaying());
    QTRY_VERIFY_WITH_TIMEOUT(player.positionSeconds() > 0.05, 5000);
    QVERIFY(positions.count() >= 1); // polled from the GUI thread
    player.stop();
    QVERIFY(!player.isPlaying());
    const double stoppedAt = player.positionSeconds();
    QVERIFY(stoppedAt > 0.05 && stoppedAt <= 30.0);
    QTest::qWait(150);
    QCOMPARE(player.positionSeconds(), stoppedAt);
    // Playing again from a given place carries on from there.
    QVERIFY2(player.play(1.0), qPrintable(player.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(player.positionSeconds() > 1.05, 5000);
    player.stop();
  }

  void shortClipEndsByItselfAndLoopWraps() {
    ClipPlayer player;
    player.setClip(tone(0.3, 16000.0), 16000.0);
    QSignalSpy playing(&player, &ClipPlayer::playingChanged);
    QVERIFY(player.play());
    QTRY_VERIFY_WITH_TIMEOUT(!player.isPlaying(), 5000);
    QCOMPARE(playing.count(), 2); // started, ended
    QVERIFY(std::abs(player.positionSeconds() - 0.3) < 0.01);

    player.setLooping(true);
    QVERIFY(player.play());
    QTest::qWait(700); // well past the clip's end
    QVERIFY(player.isPlaying());
    QVERIFY(player.positionSeconds() < 0.3);
    player.stop();
  }

  void slowDownResamplesOnTheFillSide() {
    for (double speed : {1.0, 0.5, 0.25}) {
      ClipPlayer player;
      player.setClip(tone(0.5, 16000.0), 16000.0);
      player.setSpeed(speed);
      QCOMPARE(player.speed(), speed);
      QVERIFY2(player.play(), qPrintable(player.errorString()));
      QTRY_VERIFY_WITH_TIMEOUT(!player.isPlaying(), 10000);
      // Half a second of clip took 0.5 s × rate / speed output frames.
      // Give or take the last clip sample (interpolation stops one short of the end).
      const double expected = 0.5 * player.outputRate_hz() / speed;
      const double oneClipSample = player.outputRate_hz() / 16000.0 / speed;
      QVERIFY2(std::abs(static_cast<double>(player.framesPlayed()) - expected) <=
                   2.0 * oneClipSample + 1.0,
               qPrintable(QString::number(player.framesPlayed())));
      QVERIFY(std::abs(player.positionSeconds() - 0.5) < 0.001);
    }
  }

  void nothingToPlayIsAMessage() {
    ClipPlayer player;
    QVERIFY(!player.play());
    QVERIFY(!player.errorString().isEmpty());
    QVERIFY(!player.isPlaying());
  }
};

QTEST_MAIN(TestReviewPlayback)
#include "TestReviewPlayback.moc"
