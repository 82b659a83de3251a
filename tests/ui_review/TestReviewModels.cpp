#include "review/Spectrogram.h"
#include "review/WaveformPyramid.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

using namespace salvo;

// The plain C++ parts of the review panel: the min/max pyramid and the spectrogram.
class TestReviewModels : public QObject {
  Q_OBJECT

  static std::vector<float> noise(std::size_t n, unsigned seed) {
    std::mt19937 random(seed);
    std::normal_distribution<float> gauss(0.0f, 0.3f);
    std::vector<float> x(n);
    for (float &v : x) {
      v = gauss(random);
    }
    return x;
  }

private slots:
  void pyramidRangesMatchBruteForce() {
    const std::vector<float> samples = noise(100'003, 7); // not a power of the fan-out
    const WaveformPyramid pyramid(samples);
    QVERIFY(pyramid.levelCount() >= 6);
    std::mt19937 random(11);
    std::uniform_int_distribution<std::int64_t> pick(0, static_cast<std::int64_t>(samples.size()));
    for (int trial = 0; trial < 2000; ++trial) {
      std::int64_t a = pick(random);
      std::int64_t b = trial % 10 == 0 ? a + 1 + trial % 7 : pick(random);
      if (b < a) {
        std::swap(a, b);
      }
      b = std::min<std::int64_t>(b, static_cast<std::int64_t>(samples.size()));
      if (a == b) {
        continue;
      }
      const auto [lo, hi] = std::minmax_element(samples.begin() + a, samples.begin() + b);
      const SampleRange r = pyramid.range(a, b);
      QCOMPARE(r.min, *lo);
      QCOMPARE(r.max, *hi);
    }
    // Whole clip, and ranges reaching past either end are clamped.
    const auto [lo, hi] = std::minmax_element(samples.begin(), samples.end());
    QCOMPARE(pyramid.range(-50, 1'000'000).min, *lo);
    QCOMPARE(pyramid.range(-50, 1'000'000).max, *hi);
    QCOMPARE(pyramid.range(10, 10).max, 0.0f);
  }

  void columnsCostPerPixelNotPerSample() {
    const std::vector<float> samples = noise(1 << 20, 3);
    const WaveformPyramid pyramid(samples);
    const std::size_t before = pyramid.entriesRead();
    const std::vector<SampleRange> columns =
        pyramid.columns(0.0, static_cast<double>(samples.size()), 1000);
    const std::size_t read = pyramid.entriesRead() - before;
    // At most a partial bucket per level on each side of each column.
    const std::size_t bound = 1000 * 2 * WaveformPyramid::kFanOut * pyramid.levelCount();
    QVERIFY2(read <= bound, qPrintable(QString::number(read)));
    QVERIFY2(read < samples.size() / 10, qPrintable(QString::number(read)));
    // And each column is still exactly its samples' min/max.
    for (std::size_t c : {std::size_t(0), std::size_t(517), std::size_t(999)}) {
      const auto begin = samples.begin() + static_cast<std::ptrdiff_t>(c * samples.size() / 1000);
      const auto end =
          samples.begin() + static_cast<std::ptrdiff_t>((c + 1) * samples.size() / 1000);
      QCOMPARE(columns[c].min, *std::min_element(begin, end));
      QCOMPARE(columns[c].max, *std::max_element(begin, end));
    }
    // Zoomed past one sample per pixel: each column is the sample under it.
    const std::vector<SampleRange> fine = pyramid.columns(100.0, 104.0, 16);
    QCOMPARE(fine[0].max, samples[100]);
    QCOMPARE(fine[15].min, samples[103]);
  }

  void spectrogramPeaksAtTheTone() {
    const double rate = 16000.0;
    const double tone = 1234.0;
    std::vector<float> x = noise(16000, 5);
    for (std::size_t n = 0; n < x.size(); ++n) {
      x[n] = 0.02f * x[n] + 0.5f * static_cast<float>(std::sin(2.0 * std::numbers::pi * tone *
                                                               static_cast<double>(n) / rate));
    }
    const Spectrogram s = computeSpectrogram(x, rate, 512, 128);
    QCOMPARE(s.bins, std::size_t(257));
    QCOMPARE(s.frames, std::size_t(1 + (16000 - 512) / 128));
    const double peak_hz = s.binFrequency_hz(strongestBin(s));
    QVERIFY2(std::abs(peak_hz - tone) <= rate / 512.0, qPrintable(QString::number(peak_hz)));
    // The tone stands far above the noise in every frame (Hann sidelobes fall fast).
    const std::size_t far = static_cast<std::size_t>(4000.0 / (rate / 512.0));
    QVERIFY(s.at(10, strongestBin(s)) - s.at(10, far) > 40.0f);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeSpectrogram(x, rate, 511, 128));
    QCOMPARE(computeSpectrogram(std::vector<float>(10, 0.0f), rate).frames, std::size_t(1));
  }
};

QTEST_GUILESS_MAIN(TestReviewModels)
#include "TestReviewModels.moc"
