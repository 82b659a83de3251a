#pragma once

// Helpers for the contract tests: writing small files, independent ways to read the
// values a file holds (so a test does not check Qt's parser with Qt's parser).

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QString>
#include <QTest>

#include <charconv>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace salvo::test {

inline std::filesystem::path sharedScenario(const char *name) {
  return std::filesystem::path(SALVO_SHARED_DIR) / "scenarios" / name;
}

inline void writeBytes(const std::filesystem::path &path, const QByteArray &bytes) {
  QFile file(QString::fromStdString(path.string()));
  QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(file.errorString()));
  QCOMPARE(file.write(bytes), bytes.size());
}

inline QByteArray readBytes(const std::filesystem::path &path) {
  QFile file(QString::fromStdString(path.string()));
  if (!file.open(QIODevice::ReadOnly)) {
    return {};
  }
  return file.readAll();
}

// Every integer written after `"key":` in a JSON text, in file order, read by
// std::from_chars: the reference for the ns values Qt must keep exact.
inline std::vector<std::int64_t> integersAfterKey(const QByteArray &text, const char *key) {
  std::vector<std::int64_t> values;
  const QRegularExpression pattern(
      QStringLiteral("\"%1\"\\s*:\\s*(-?\\d+)\\b(?![.eE])").arg(QString::fromLatin1(key)));
  const QString string = QString::fromUtf8(text);
  auto it = pattern.globalMatch(string);
  while (it.hasNext()) {
    const std::string digits = it.next().captured(1).toStdString();
    std::int64_t value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    values.push_back(value);
  }
  return values;
}

// A minimal PCM WAV writer (RIFF header by hand), independent of Salvo's audio code,
// so the folder tests can make mono, stereo and odd-rate files.
inline QByteArray pcm16Wav(int rate_hz, int channels, int frames) {
  QByteArray data(frames * channels * 2, '\0');
  for (int i = 0; i < frames * channels; ++i) {
    const auto sample = static_cast<std::int16_t>((i * 37) % 2000 - 1000);
    data[2 * i] = static_cast<char>(sample & 0xff);
    data[2 * i + 1] = static_cast<char>((sample >> 8) & 0xff);
  }
  QByteArray wav;
  auto u32 = [&wav](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
      wav.append(static_cast<char>((v >> (8 * i)) & 0xff));
    }
  };
  auto u16 = [&wav](std::uint16_t v) {
    wav.append(static_cast<char>(v & 0xff));
    wav.append(static_cast<char>(v >> 8));
  };
  wav.append("RIFF");
  u32(static_cast<std::uint32_t>(36 + data.size()));
  wav.append("WAVEfmt ");
  u32(16);
  u16(1);
  u16(static_cast<std::uint16_t>(channels));
  u32(static_cast<std::uint32_t>(rate_hz));
  u32(static_cast<std::uint32_t>(rate_hz * channels * 2));
  u16(static_cast<std::uint16_t>(channels * 2));
  u16(16);
  wav.append("data");
  u32(static_cast<std::uint32_t>(data.size()));
  wav.append(data);
  return wav;
}

} // namespace salvo::test
