#include "dsp/Biquad.h"
#include "dsp/OnsetPicker.h"
#include "dsp/PowerSpectrum.h"
#include "dsp/RunningPercentile.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

using namespace salvo;

class TestDetectDsp : public QObject {
  Q_OBJECT

private slots:
  void butterworthCutoffsAndSlopes_data() {
    QTest::addColumn<double>("rate");
    QTest::addColumn<double>("cutoff");
    QTest::addColumn<int>("order");
    QTest::newRow("300 Hz at 8k, 4th") << 8000.0 << 300.0 << 4;
    QTest::newRow("300 Hz at 48k, 4th") << 48000.0 << 300.0 << 4;
    QTest::newRow("1 kHz at 12k, 3rd") << 12000.0 << 1000.0 << 3;
  }
  void butterworthCutoffsAndSlopes() {
    QFETCH(double, rate);
    QFETCH(double, cutoff);
    QFETCH(int, order);
    const BiquadCascade hp = makeButterworthHighPass(order, cutoff, rate);
    const BiquadCascade lp = makeButterworthLowPass(order, cutoff, rate);
    const double half_power = 1.0 / std::sqrt(2.0);
    QVERIFY(std::abs(hp.magnitudeAt(cutoff, rate) - half_power) < 1e-6);
    QVERIFY(std::abs(lp.magnitudeAt(cutoff, rate) - half_power) < 1e-6);
    // An octave into the stop band: about 6 dB per order.
    const double hp_stop_db = 20.0 * std::log10(hp.magnitudeAt(cutoff / 2.0, rate));
    QVERIFY2(std::abs(hp_stop_db + 6.02 * order) < 1.5, qPrintable(QString::number(hp_stop_db)));
    QVERIFY(std::abs(hp.magnitudeAt(rate / 4.0, rate) - 1.0) < 0.02);
    // The time-domain filter matches its own response: the RMS of a tone an octave
    // above cutoff, once the filter has settled.
    BiquadCascade run = makeButterworthHighPass(order, cutoff, rate);
    double sum2 = 0.0;
    int count = 0;
    for (int n = 0; n < static_cast<int>(rate); ++n) {
      const double y = run.process(std::sin(2.0 * std::numbers::pi * 2.0 * cutoff * n / rate));
      if (n >= static_cast<int>(rate) / 2) {
        sum2 += y * y;
        ++count;
      }
    }
    const double amplitude = std::sqrt(2.0 * sum2 / count);
    QVERIFY2(std::abs(amplitude - hp.magnitudeAt(2.0 * cutoff, rate)) < 0.01,
             qPrintable(QString::number(amplitude)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeButterworthHighPass(2, 5000.0, 8000.0));
  }

  void runningPercentileMatchesSorting() {
    std::mt19937 rng(7);
    std::normal_distribution<double> level(-40.0, 8.0);
    RunningPercentile p(101, 0.3, -150.0, 50.0, 0.01);
    std::vector<double> history;
    for (int i = 0; i < 3000; ++i) {
      // Bursts of loud values, as impulses in a noise floor.
      const double v = (i % 200 < 20) ? level(rng) + 40.0 : level(rng);
      p.push(v);
      history.push_back(v);
      const std::size_t n = std::min<std::size_t>(history.size(), 101);
      std::vector<double> window(history.end() - static_cast<std::ptrdiff_t>(n), history.end());
      std::sort(window.begin(), window.end());
      const double exact = window[std::min(n - 1, static_cast<std::size_t>(0.3 * n))];
      QVERIFY2(std::abs(p.value() - exact) <= 0.01, qPrintable(QString::number(i)));
    }
    QCOMPARE(p.size(), std::size_t{101});
  }

  void aicFindsTheStepInNoise() {
    std::mt19937 rng(3);
    std::normal_distribution<float> noise(0.0f, 0.01f);
    std::vector<float> x(400);
    for (std::size_t i = 0; i < x.size(); ++i) {
      x[i] = noise(rng) + (i >= 250 ? 0.1f * std::sin(0.3f * static_cast<float>(i)) : 0.0f);
    }
    const std::optional<std::size_t> k = aicOnset(x);
    QVERIFY(k.has_value());
    QVERIFY2(*k >= 248 && *k <= 252, qPrintable(QString::number(*k)));
    QVERIFY(!aicOnset(std::span<const float>(x.data(), 5)).has_value());
  }

  void leadingEdgeOfBandLimitedSteps() {
    QVERIFY(std::abs(bandLimitedStep(0.0, 0.45) - 0.5) < 1e-12);
    QVERIFY(std::abs(bandLimitedStep(40.0, 0.45) - 1.0) < 0.02);
    QVERIFY(std::abs(bandLimitedStep(-40.0, 0.45)) < 0.02);
    const std::vector<double> series = bandLimitedStepSeries(-20.3, 60, 0.45);
    for (std::size_t n = 0; n < series.size(); ++n) {
      QVERIFY(std::abs(series[n] - bandLimitedStep(-20.3 + static_cast<double>(n), 0.45)) < 1e-5);
    }
    // Steps at any fractional position come out at the same offset from their true
    // time (the detector calibrates that constant away through its own band filter).
    std::vector<double> offsets;
    for (const double t0 : {50.0, 50.3, 50.5, 50.9}) {
      std::vector<float> x(100);
      for (std::size_t n = 0; n < x.size(); ++n) {
        x[n] = static_cast<float>(-0.7 * bandLimitedStep(static_cast<double>(n) - t0, 0.45));
      }
      const std::optional<double> onset = leadingEdgeOnset(x, 50, 56, 0.0);
      QVERIFY(onset.has_value());
      QVERIFY2(std::abs(*onset - t0) < 0.5, qPrintable(QString::number(*onset)));
      offsets.push_back(*onset - t0);
    }
    const auto [lo, hi] = std::minmax_element(offsets.begin(), offsets.end());
    QVERIFY2(*hi - *lo < 0.25, qPrintable(QString::number(*hi - *lo)));
    // A slow linear ramp from t = 40 to 50: extrapolated back to its start.
    std::vector<float> ramp(80, 0.0f);
    for (std::size_t n = 40; n < ramp.size(); ++n) {
      ramp[n] = static_cast<float>(std::min(1.0, (static_cast<double>(n) - 40.0) / 10.0));
    }
    const std::optional<double> start = leadingEdgeOnset(ramp, 40, 52, 0.0);
    QVERIFY(start.has_value());
    QVERIFY2(std::abs(*start - 40.5) < 0.6, qPrintable(QString::number(*start)));
  }

  void powerSpectrumKeepsEnergyAndFindsTones() {
    PowerSpectrum spectrum(512);
    std::vector<float> x(400);
    double energy = 0.0;
    for (std::size_t n = 0; n < x.size(); ++n) {
      x[n] = static_cast<float>(0.5 * std::sin(2.0 * std::numbers::pi * 1000.0 * n / 16000.0) +
                                0.1 * std::cos(0.7 * n));
      energy += static_cast<double>(x[n]) * x[n];
    }
    const std::span<const double> power = spectrum.compute(x);
    double total = 0.0;
    for (const double p : power) {
      total += p;
    }
    QVERIFY(std::abs(total - energy) < 1e-3 * energy);
    const double band = bandEnergy(power, 16000.0, 512, 707.0, 1414.0);
    QVERIFY2(band > 0.7 * energy, qPrintable(QString::number(band / energy)));
    QVERIFY(bandEnergy(power, 16000.0, 512, 3000.0, 6000.0) < 0.05 * energy);
  }
};

QTEST_GUILESS_MAIN(TestDetectDsp)
#include "TestDetectDsp.moc"
