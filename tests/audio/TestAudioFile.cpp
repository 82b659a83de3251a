#include "audio/AudioFile.h"
#include "common/InputError.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <numbers>
#include <random>

using namespace salvo;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(salvo::AudioContainer)
Q_DECLARE_METATYPE(salvo::AudioEncoding)

namespace {

// A gunshot-like test signal: a decaying tone on top of outdoor-ish noise, with the
// exact full-scale values -1 and +1 included so the quantiser's ends are exercised.
std::vector<float> noisySignal(std::size_t count, unsigned seed) {
  std::mt19937 random(seed);
  std::normal_distribution<float> noise(0.0f, 0.05f);
  std::vector<float> samples(count);
  for (std::size_t i = 0; i < count; ++i) {
    const double t = static_cast<double>(i) / 16000.0;
    const double tone = 0.6 * std::sin(2.0 * std::numbers::pi * 440.0 * t) * std::exp(-3.0 * t);
    samples[i] = std::clamp(static_cast<float>(tone) + noise(random), -0.95f, 0.95f);
  }
  if (count >= 4) {
    samples[1] = 1.0f;
    samples[2] = -1.0f;
    samples[3] = 0.0f;
  }
  return samples;
}

void put16(std::string &bytes, std::uint16_t value) {
  bytes.push_back(static_cast<char>(value & 0xFF));
  bytes.push_back(static_cast<char>(value >> 8));
}

void put32(std::string &bytes, std::uint32_t value) {
  put16(bytes, static_cast<std::uint16_t>(value & 0xFFFF));
  put16(bytes, static_cast<std::uint16_t>(value >> 16));
}

// A canonical 16-bit PCM WAV written byte by byte, so tests can build files the writer
// never would: several channels, a data size that lies, an unfinished header.
std::string pcm16Wav(int channels, int rate_hz, const std::vector<std::int16_t> &interleaved,
                     std::optional<std::uint32_t> declared_data_bytes = std::nullopt) {
  const auto data_bytes = static_cast<std::uint32_t>(interleaved.size() * 2);
  std::string bytes = "RIFF";
  put32(bytes, 36 + data_bytes);
  bytes += "WAVEfmt ";
  put32(bytes, 16);
  put16(bytes, 1); // PCM
  put16(bytes, static_cast<std::uint16_t>(channels));
  put32(bytes, static_cast<std::uint32_t>(rate_hz));
  put32(bytes, static_cast<std::uint32_t>(rate_hz * channels * 2));
  put16(bytes, static_cast<std::uint16_t>(channels * 2));
  put16(bytes, 16);
  bytes += "data";
  put32(bytes, declared_data_bytes.value_or(data_bytes));
  for (std::int16_t sample : interleaved) {
    put16(bytes, static_cast<std::uint16_t>(sample));
  }
  return bytes;
}

void writeBytes(const fs::path &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string readBytes(const fs::path &path) {
  std::string bytes(static_cast<std::size_t>(fs::file_size(path)), '\0');
  std::ifstream in(path, std::ios::binary);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return bytes;
}

// The message of the InputError `action` throws, or a failure naming what happened.
template <typename Action>
QString inputErrorOf(Action action) {
  try {
    action();
  } catch (const InputError &error) {
    return QString::fromStdString(error.what());
  } catch (const std::exception &error) {
    return QStringLiteral("WRONG EXCEPTION: ") + QString::fromUtf8(error.what());
  }
  return QStringLiteral("NO EXCEPTION");
}

bool sameSamples(const std::vector<float> &a, const std::vector<float> &b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

} // namespace

class TestAudioFile : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;

  fs::path temp(const char *name) const { return fs::path(dir_.path().toStdString()) / name; }

private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void roundTripQuantisesAsExpected_data() {
    QTest::addColumn<AudioContainer>("container");
    QTest::addColumn<AudioEncoding>("encoding");
    QTest::addColumn<QString>("encodingName");
    QTest::addColumn<double>("step"); // one quantisation step; 0 = exact
    QTest::newRow("WAV 16") << AudioContainer::Wav << AudioEncoding::Pcm16 << "PCM 16-bit"
                            << std::ldexp(1.0, -15);
    QTest::newRow("WAV 24") << AudioContainer::Wav << AudioEncoding::Pcm24 << "PCM 24-bit"
                            << std::ldexp(1.0, -23);
    // Reading 32-bit PCM as float rounds to float's 24-bit mantissa.
    QTest::newRow("WAV 32") << AudioContainer::Wav << AudioEncoding::Pcm32 << "PCM 32-bit"
                            << std::ldexp(1.0, -24);
    QTest::newRow("WAV float") << AudioContainer::Wav << AudioEncoding::Float32 << "float 32-bit"
                               << 0.0;
    QTest::newRow("FLAC 16") << AudioContainer::Flac << AudioEncoding::Pcm16 << "PCM 16-bit"
                             << std::ldexp(1.0, -15);
    QTest::newRow("FLAC 24") << AudioContainer::Flac << AudioEncoding::Pcm24 << "PCM 24-bit"
                             << std::ldexp(1.0, -23);
  }
  void roundTripQuantisesAsExpected() {
    QFETCH(AudioContainer, container);
    QFETCH(AudioEncoding, encoding);
    QFETCH(QString, encodingName);
    QFETCH(double, step);
    const std::vector<float> original = noisySignal(20011, 7);
    const fs::path path = temp(container == AudioContainer::Flac ? "rt.flac" : "rt.wav");
    writeAudioFile(path, original, 16000.0, container, encoding);

    AudioFileInfo info;
    const std::vector<float> back = readAudioFile(path, &info);
    QCOMPARE(info.container, std::string(container == AudioContainer::Flac ? "FLAC" : "WAV"));
    QCOMPARE(QString::fromStdString(info.encoding), encodingName);
    QCOMPARE(info.channels, 1);
    QCOMPARE(info.sample_rate_hz, 16000.0);
    QCOMPARE(info.frames, std::int64_t(original.size()));
    QVERIFY(!info.truncated);
    QVERIFY(info.warnings.empty());
    QCOMPARE(info.float_samples, encoding == AudioEncoding::Float32);
    QCOMPARE(back.size(), original.size());

    double worst_inside = 0.0; // |x| < 1: rounding to nearest, half a step at most
    double worst_overall = 0.0;
    for (std::size_t i = 0; i < original.size(); ++i) {
      const double error = std::abs(double(back[i]) - double(original[i]));
      worst_overall = std::max(worst_overall, error);
      if (std::abs(original[i]) < 1.0f) {
        worst_inside = std::max(worst_inside, error);
      }
    }
    if (step == 0.0) {
      QVERIFY(sameSamples(original, back));
      return;
    }
    // +1.0 has no code of its own (the top code is 1 - step), so it costs one step.
    QVERIFY2(worst_overall <= step, qPrintable(QString::number(worst_overall / step)));
    QVERIFY2(worst_inside <= 0.5 * step + 1e-9,
             qPrintable(QString::number(worst_inside / step) + " steps"));
    QCOMPARE(back[2], -1.0f); // -1 is exactly representable in every PCM width
    QCOMPARE(back[3], 0.0f);
  }

  void sampleRatesReportedRight_data() {
    QTest::addColumn<double>("rate");
    QTest::addColumn<AudioContainer>("container");
    for (double rate : {8000.0, 12000.0, 16000.0, 44100.0, 48000.0}) {
      QTest::addRow("WAV %d", int(rate)) << rate << AudioContainer::Wav;
      QTest::addRow("FLAC %d", int(rate)) << rate << AudioContainer::Flac;
    }
  }
  void sampleRatesReportedRight() {
    QFETCH(double, rate);
    QFETCH(AudioContainer, container);
    const fs::path path = temp(container == AudioContainer::Flac ? "rate.flac" : "rate.wav");
    const std::vector<float> samples = noisySignal(std::size_t(rate / 10), 3);
    writeAudioFile(path, samples, rate, container, AudioEncoding::Pcm16);
    const AudioFileInfo info = probeAudioFile(path);
    QCOMPARE(info.sample_rate_hz, rate);
    QCOMPARE(info.frames, std::int64_t(samples.size()));
  }

  void streamingInOddBlocksMatchesWholeFile_data() {
    QTest::addColumn<int>("channels");
    QTest::newRow("mono") << 1;
    QTest::newRow("stereo") << 2; // goes through the interleaved chunk buffer
  }
  void streamingInOddBlocksMatchesWholeFile() {
    QFETCH(int, channels);
    const fs::path path = temp("stream.wav");
    std::mt19937 random(11);
    std::uniform_int_distribution<int> value(-32768, 32767);
    std::vector<std::int16_t> interleaved(std::size_t(100003) * std::size_t(channels));
    std::generate(interleaved.begin(), interleaved.end(),
                  [&] { return static_cast<std::int16_t>(value(random)); });
    writeBytes(path, pcm16Wav(channels, 16000, interleaved));

    const std::vector<float> whole = readAudioFile(path);
    QCOMPARE(whole.size(), std::size_t(100003));
    AudioFileReader reader(path);
    std::vector<float> streamed;
    const std::size_t sizes[] = {1, 7, 333, 4095, 4096, 4097, 10007, 65537};
    std::vector<float> block(65537);
    for (std::size_t turn = 0;; ++turn) {
      const std::size_t size = sizes[turn % std::size(sizes)];
      const std::size_t got = reader.read(std::span(block).first(size));
      streamed.insert(streamed.end(), block.begin(), block.begin() + std::ptrdiff_t(got));
      QCOMPARE(reader.position(), std::int64_t(streamed.size()));
      if (got < size) {
        break;
      }
    }
    QVERIFY(sameSamples(whole, streamed));
    QCOMPARE(reader.read(block), std::size_t(0)); // stays at the end
    // Channel 0 exactly: 16-bit codes scale by 1/32768.
    for (std::size_t frame = 0; frame < whole.size(); frame += 997) {
      QCOMPARE(whole[frame], float(interleaved[frame * std::size_t(channels)]) / 32768.0f);
    }
  }

  void multiChannelYieldsChannelZero() {
    const fs::path path = temp("three.wav");
    std::vector<std::int16_t> interleaved;
    for (int frame = 0; frame < 9000; ++frame) {
      interleaved.push_back(static_cast<std::int16_t>(frame - 4500)); // channel 0: a ramp
      interleaved.push_back(static_cast<std::int16_t>(4500 - frame)); // channel 1: its mirror
      interleaved.push_back(12345);                                   // channel 2: constant
    }
    writeBytes(path, pcm16Wav(3, 48000, interleaved));
    AudioFileInfo info;
    const std::vector<float> samples = readAudioFile(path, &info);
    QCOMPARE(info.channels, 3);
    QCOMPARE(info.sample_rate_hz, 48000.0);
    QCOMPARE(samples.size(), std::size_t(9000));
    for (int frame = 0; frame < 9000; ++frame) {
      QCOMPARE(samples[std::size_t(frame)], float(frame - 4500) / 32768.0f);
    }
  }

  void seekLandsOnTheRightFrame_data() {
    QTest::addColumn<AudioContainer>("container");
    QTest::newRow("WAV") << AudioContainer::Wav;
    QTest::newRow("FLAC") << AudioContainer::Flac;
  }
  void seekLandsOnTheRightFrame() {
    QFETCH(AudioContainer, container);
    const fs::path path = temp(container == AudioContainer::Flac ? "seek.flac" : "seek.wav");
    writeAudioFile(path, noisySignal(50000, 5), 16000.0, container, AudioEncoding::Pcm24);
    const std::vector<float> whole = readAudioFile(path);
    AudioFileReader reader(path);
    std::vector<float> block(300);
    for (std::int64_t frame : {std::int64_t(31234), std::int64_t(0), std::int64_t(49900),
                               std::int64_t(4096), std::int64_t(17)}) {
      reader.seek(frame);
      QCOMPARE(reader.position(), frame);
      const std::size_t got = reader.read(block);
      QCOMPARE(got, std::min<std::size_t>(300, whole.size() - std::size_t(frame)));
      QVERIFY(
          std::equal(block.begin(), block.begin() + std::ptrdiff_t(got), whole.begin() + frame));
      QCOMPARE(reader.position(), frame + std::int64_t(got));
    }
    reader.seek(50000); // the end is a valid place to be
    QCOMPARE(reader.read(block), std::size_t(0));
    QVERIFY(inputErrorOf([&] { reader.seek(50001); }).contains("outside the file"));
    QVERIFY(inputErrorOf([&] { reader.seek(-1); }).contains("outside the file"));
  }

  void writerClipsInsteadOfWrapping_data() {
    QTest::addColumn<AudioContainer>("container");
    QTest::addColumn<AudioEncoding>("encoding");
    QTest::addColumn<double>("top"); // the largest code, as read back
    QTest::newRow("WAV 16") << AudioContainer::Wav << AudioEncoding::Pcm16
                            << 1.0 - std::ldexp(1.0, -15);
    QTest::newRow("WAV 24") << AudioContainer::Wav << AudioEncoding::Pcm24
                            << 1.0 - std::ldexp(1.0, -23);
    QTest::newRow("WAV 32") << AudioContainer::Wav << AudioEncoding::Pcm32 << 1.0;
    QTest::newRow("FLAC 16") << AudioContainer::Flac << AudioEncoding::Pcm16
                             << 1.0 - std::ldexp(1.0, -15);
    QTest::newRow("FLAC 24") << AudioContainer::Flac << AudioEncoding::Pcm24
                             << 1.0 - std::ldexp(1.0, -23);
  }
  void writerClipsInsteadOfWrapping() {
    QFETCH(AudioContainer, container);
    QFETCH(AudioEncoding, encoding);
    QFETCH(double, top);
    const float inf = std::numeric_limits<float>::infinity();
    const std::vector<float> loud = {
        1.5f, -1.5f,  1e9f, -1e9f, inf, -inf, std::numeric_limits<float>::quiet_NaN(),
        0.5f, 1.0001f};
    const fs::path path = temp(container == AudioContainer::Flac ? "clip.flac" : "clip.wav");
    writeAudioFile(path, loud, 16000.0, container, encoding);
    const std::vector<float> back = readAudioFile(path);
    const std::vector<float> expected = {float(top), -1.0f, float(top), -1.0f,     float(top),
                                         -1.0f,      0.0f,  0.5f,       float(top)};
    QCOMPARE(back.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      QVERIFY2(back[i] == expected[i],
               qPrintable(QStringLiteral("sample %1: %2").arg(i).arg(double(back[i]), 0, 'g', 10)));
    }
  }

  void floatFilesKeepOutOfRangeAndNonFiniteSamples() {
    const float inf = std::numeric_limits<float>::infinity();
    const std::vector<float> raw = {1.5f, -2.0f, std::numeric_limits<float>::quiet_NaN(),
                                    inf,  -inf,  0.25f};
    const fs::path path = temp("raw.wav");
    writeAudioFile(path, raw, 16000.0, AudioContainer::Wav, AudioEncoding::Float32);
    AudioFileInfo info;
    const std::vector<float> back = readAudioFile(path, &info);
    QVERIFY(info.float_samples);
    QCOMPARE(back.size(), raw.size());
    QCOMPARE(back[0], 1.5f);
    QCOMPARE(back[1], -2.0f);
    QVERIFY(std::isnan(back[2]));
    QCOMPARE(back[3], inf);
    QCOMPARE(back[4], -inf);
    QCOMPARE(back[5], 0.25f);
    QCOMPARE(info.warnings.size(), std::size_t(1));
    QVERIFY(QString::fromStdString(info.warnings[0]).startsWith("3 samples are NaN or infinite"));
    AudioFileReader reader(path);
    std::vector<float> block(4);
    QCOMPARE(reader.read(block), std::size_t(4));
    QCOMPARE(reader.nonFiniteSamples(), std::int64_t(2));
    QCOMPARE(reader.read(block), std::size_t(2));
    QCOMPARE(reader.nonFiniteSamples(), std::int64_t(3));
  }

  void truncatedWavIsReadAndReported() {
    const std::vector<float> original = noisySignal(16000, 9);
    const fs::path whole_path = temp("whole.wav");
    writeAudioFile(whole_path, original, 16000.0, AudioContainer::Wav, AudioEncoding::Pcm16);
    const std::string bytes = readBytes(whole_path);
    const std::size_t data_offset = bytes.find("data") + 8;
    QVERIFY(data_offset > 8 && data_offset < 200);
    // Cut mid-sample, as a copy interrupted at an arbitrary byte would.
    const fs::path cut_path = temp("cut.wav");
    writeBytes(cut_path, bytes.substr(0, data_offset + 2 * 10000 + 1));

    const AudioFileInfo info = probeAudioFile(cut_path);
    QVERIFY(info.truncated);
    QCOMPARE(info.frames, std::int64_t(10000));
    QCOMPARE(info.warnings.size(), std::size_t(1));
    const QString warning = QString::fromStdString(info.warnings[0]);
    QVERIFY2(warning.contains("truncated") && warning.contains("16000") &&
                 warning.contains("10000") && warning.contains("0.375 s missing"),
             qPrintable(warning));

    AudioFileInfo read_info;
    const std::vector<float> back = readAudioFile(cut_path, &read_info);
    QVERIFY(read_info.truncated);
    QCOMPARE(back.size(), std::size_t(10000));
    const std::vector<float> full = readAudioFile(whole_path);
    QVERIFY(std::equal(back.begin(), back.end(), full.begin()));
    QVERIFY(!probeAudioFile(whole_path).truncated);
  }

  void unfinishedWavHeaderIsReadAndReported() {
    // A recorder killed before it went back to write the data size leaves 0 there.
    std::vector<std::int16_t> samples(8000);
    for (std::size_t i = 0; i < samples.size(); ++i) {
      samples[i] = static_cast<std::int16_t>(i);
    }
    const fs::path path = temp("unfinished.wav");
    writeBytes(path, pcm16Wav(1, 8000, samples, 0u));
    AudioFileInfo info;
    const std::vector<float> back = readAudioFile(path, &info);
    QVERIFY(!info.warnings.empty());
    QVERIFY(QString::fromStdString(info.warnings[0]).contains("never filled in"));
    QCOMPARE(back.size(), samples.size());
    QCOMPARE(back[7999], 7999.0f / 32768.0f);
  }

  void wavBeingWrittenIsReadableBeforeClose() {
    // What a crash or power cut leaves on disk: the header as written at open, the audio
    // up to the last write, no final header update.
    const std::vector<float> original = noisySignal(12000, 17);
    const fs::path path = temp("recording.wav");
    AudioFileWriter writer(path, 16000.0, AudioContainer::Wav, AudioEncoding::Pcm16);
    writer.write(original);
    const fs::path snapshot = temp("snapshot.wav");
    writeBytes(snapshot, readBytes(path));
    writer.close();

    AudioFileInfo info;
    const std::vector<float> back = readAudioFile(snapshot, &info);
    QCOMPARE(back.size(), original.size());
    QVERIFY(sameSamples(back, readAudioFile(path)));
    QCOMPARE(info.warnings.size(), std::size_t(1));
    QVERIFY(QString::fromStdString(info.warnings[0]).contains("12000 frames present"));
  }

  void truncatedFlacFailsWithAClearError() {
    const fs::path whole_path = temp("whole.flac");
    writeAudioFile(whole_path, noisySignal(64000, 13), 16000.0, AudioContainer::Flac,
                   AudioEncoding::Pcm16);
    const std::string bytes = readBytes(whole_path);
    const fs::path cut_path = temp("cut.flac");
    writeBytes(cut_path, bytes.substr(0, bytes.size() / 2));
    // The STREAMINFO header still promises 64000 frames; the stream ends early.
    const QString message = inputErrorOf([&] { readAudioFile(cut_path); });
    qInfo("%s", qPrintable(message));
    QVERIFY2(message.contains("cut.flac") &&
                 (message.contains("truncated") || message.contains("read error")),
             qPrintable(message));
  }

  void badFilesGiveClearErrors() {
    const fs::path garbage = temp("garbage.wav");
    std::string noise(5000, '\0');
    std::mt19937 random(1);
    for (char &byte : noise) {
      byte = static_cast<char>(random() & 0xFF);
    }
    writeBytes(garbage, noise);
    QString message = inputErrorOf([&] { probeAudioFile(garbage); });
    QVERIFY2(message.contains("garbage.wav") && message.contains("not audio"), qPrintable(message));

    const fs::path empty = temp("empty.wav");
    writeBytes(empty, "");
    message = inputErrorOf([&] { AudioFileReader reader(empty); });
    QVERIFY2(message.contains("empty.wav") && message.contains("empty"), qPrintable(message));

    message = inputErrorOf([&] { readAudioFile(temp("nowhere.wav")); });
    QVERIFY2(message.contains("nowhere.wav") && message.contains("does not exist"),
             qPrintable(message));

    message = inputErrorOf([&] { probeAudioFile(fs::path(dir_.path().toStdString())); });
    QVERIFY2(message.contains("directory"), qPrintable(message));

    // A WAV whose header stops short of the audio format is not audio either.
    const fs::path stub = temp("stub.wav");
    writeBytes(stub, pcm16Wav(1, 16000, {1, 2, 3}).substr(0, 20));
    message = inputErrorOf([&] { probeAudioFile(stub); });
    QVERIFY2(message.contains("stub.wav") && message.contains("not audio"), qPrintable(message));
  }

  void writerRejectsWhatItCannotWrite() {
    const fs::path flac = temp("float.flac");
    QString message = inputErrorOf(
        [&] { AudioFileWriter(flac, 16000.0, AudioContainer::Flac, AudioEncoding::Float32); });
    QVERIFY2(message.contains("float.flac") && message.contains("FLAC") &&
                 message.contains("float 32-bit"),
             qPrintable(message));
    QVERIFY(!fs::exists(flac));
    message = inputErrorOf(
        [&] { AudioFileWriter(flac, 16000.0, AudioContainer::Flac, AudioEncoding::Pcm32); });
    QVERIFY2(message.contains("PCM 32-bit"), qPrintable(message));

    for (double rate : {0.0, -16000.0, 16000.5, std::numeric_limits<double>::quiet_NaN()}) {
      message = inputErrorOf([&] {
        AudioFileWriter(temp("rate.wav"), rate, AudioContainer::Wav, AudioEncoding::Pcm16);
      });
      QVERIFY2(message.contains("sample_rate_hz"), qPrintable(message));
    }

    message = inputErrorOf([&] {
      AudioFileWriter(temp("no/such/folder.wav"), 16000.0, AudioContainer::Wav,
                      AudioEncoding::Pcm16);
    });
    QVERIFY2(message.contains("folder.wav") && message.contains("cannot be created"),
             qPrintable(message));

    AudioFileWriter writer(temp("closed.wav"), 16000.0, AudioContainer::Wav, AudioEncoding::Pcm16);
    const std::vector<float> some(10, 0.1f);
    writer.write(some);
    writer.close();
    writer.close(); // twice is harmless
    message = inputErrorOf([&] { writer.write(some); });
    QVERIFY2(message.contains("closed"), qPrintable(message));
    QCOMPARE(probeAudioFile(temp("closed.wav")).frames, std::int64_t(10));
  }

  void streamingWriterMatchesOneShotWriter() {
    const std::vector<float> original = noisySignal(30001, 21);
    const fs::path one_shot = temp("oneshot.flac");
    const fs::path streamed = temp("streamed.flac");
    writeAudioFile(one_shot, original, 16000.0, AudioContainer::Flac, AudioEncoding::Pcm24);
    {
      AudioFileWriter writer(streamed, 16000.0, AudioContainer::Flac, AudioEncoding::Pcm24);
      std::span<const float> rest(original);
      for (std::size_t size = 1; !rest.empty(); size = size * 3 + 1) {
        const std::size_t count = std::min(size, rest.size());
        writer.write(rest.first(count));
        rest = rest.subspan(count);
      }
    } // the destructor closes
    QVERIFY(sameSamples(readAudioFile(one_shot), readAudioFile(streamed)));
  }

  void readerMovesWithItsState() {
    const fs::path path = temp("move.wav");
    writeAudioFile(path, noisySignal(1000, 2), 16000.0, AudioContainer::Wav, AudioEncoding::Pcm16);
    AudioFileReader first(path);
    std::vector<float> block(100);
    QCOMPARE(first.read(block), std::size_t(100));
    AudioFileReader second(std::move(first));
    QCOMPARE(second.position(), std::int64_t(100));
    QCOMPARE(second.path(), path);
    QCOMPARE(second.info().frames, std::int64_t(1000));
    QCOMPARE(second.read(block), std::size_t(100));
  }

  void sharedScenarioProbesAsSixteenKilohertzMono() {
    const fs::path path = fs::path(SALVO_SHARED_DIR) / "scenarios/urban-202/audio/S001.wav";
    const AudioFileInfo info = probeAudioFile(path);
    QCOMPARE(info.sample_rate_hz, 16000.0);
    QCOMPARE(info.channels, 1);
    QCOMPARE(info.container, std::string("WAV"));
    QCOMPARE(info.encoding, std::string("PCM 16-bit"));
    QCOMPARE(info.frames, std::int64_t((fs::file_size(path) - 44) / 2));
    QVERIFY(!info.truncated);
    QVERIFY(info.warnings.empty());
  }

  void flacOfARealRecordingIsLosslessAndSmaller() {
    const fs::path source = fs::path(SALVO_SHARED_DIR) / "scenarios/urban-202/audio/S001.wav";
    const std::vector<float> recording = readAudioFile(source);
    QVERIFY(recording.size() > 16000);
    const fs::path wav = temp("S001.wav");
    const fs::path flac = temp("S001.flac");
    writeAudioFile(wav, recording, 16000.0, AudioContainer::Wav, AudioEncoding::Pcm16);
    writeAudioFile(flac, recording, 16000.0, AudioContainer::Flac, AudioEncoding::Pcm16);
    // 16-bit in, 16-bit out: both must give back the recording bit for bit.
    QVERIFY(sameSamples(readAudioFile(wav), recording));
    QVERIFY(sameSamples(readAudioFile(flac), recording));
    const double ratio = double(fs::file_size(flac)) / double(fs::file_size(wav));
    qInfo("%s", qPrintable(QStringLiteral("FLAC/WAV size of urban-202 S001 (16-bit): %1 (%2 / %3 "
                                          "bytes)")
                               .arg(ratio, 0, 'f', 3)
                               .arg(qulonglong(fs::file_size(flac)))
                               .arg(qulonglong(fs::file_size(wav)))));
    QVERIFY(ratio < 1.0);
  }
};

QTEST_GUILESS_MAIN(TestAudioFile)
#include "TestAudioFile.moc"
