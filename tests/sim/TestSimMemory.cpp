// The simulator's memory does not grow with the scenario's length: incidents are expanded
// into pulses only while they are heard, and every cache has a fixed cap. Checked by the
// stream's own high-water mark and by the heap's high-water mark over whole renders.
#include "sim/EmissionStream.h"
#include "sim/RealFft.h"
#include "sim/ScenarioPresets.h"
#include "sim/SensorRenderer.h"
#include "sim/SimEvents.h"

#include <malloc.h>

#include <QTest>

#include <algorithm>
#include <cstdio>

using namespace salvo;
using namespace salvo::sim;

namespace {

ScenarioRequest celebration(double duration_s, int sensors) {
  ScenarioRequest request;
  request.preset = "celebration";
  request.seed = 4;
  request.sensors = sensors;
  request.duration_s = duration_s;
  return request;
}

// Reads the stream as the renderers do, half a second at a time; returns the most
// emissions it held at once.
std::size_t readWholeStream(const SimScenario &scenario, std::size_t &count) {
  EmissionStream stream(scenario);
  const int reader = stream.addReader();
  count = 0;
  for (double until_s = 0.5; until_s < scenario.duration_s + 10.0; until_s += 0.5) {
    std::uint64_t sequence = 0;
    while (const Emission *next = stream.peek(reader, sequence)) {
      if (static_cast<double>(next->offset_ns) * 1e-9 >= until_s) {
        break;
      }
      stream.take(reader);
      ++count;
    }
    stream.trim();
  }
  return stream.peakHeldEmissions();
}

std::size_t heapInUse() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

// Heap high-water while building and rendering the scenario, above what was in use before.
std::size_t renderHeapPeak(const ScenarioRequest &request) {
  const std::size_t before = heapInUse();
  std::size_t peak = 0;
  {
    const SimScenario scenario = buildScenario(request);
    peak = heapInUse();
    renderScenario(scenario, 8192, [&](std::size_t sensor, std::span<const float>) {
      if (sensor == 0) {
        peak = std::max(peak, heapInUse());
      }
    });
  }
  return peak > before ? peak - before : 0;
}

} // namespace

class TestSimMemory : public QObject {
  Q_OBJECT

private slots:
  // The stream gives exactly what expanding every incident up front and sorting all their
  // emissions by time gives: the same emissions in the same order, ties included.
  void streamMatchesUpFrontExpansion() {
    const SimScenario scenario = buildScenario(celebration(90.0, 4));
    QVERIFY(scenario.schedule.size() > 50);
    const LocalEnuFrame frame(scenario.origin);
    EventFactory factory(scenario.city, frame, scenario.start_utc_ns);
    for (std::size_t i = 0; i < scenario.schedule.size(); ++i) {
      SimRng rng = scenario.schedule.generatorFor(i);
      runIncident(factory, rng, scenario.schedule[i]);
    }
    std::vector<Emission> all;
    std::vector<ToneEmission> tones;
    factory.takeSources(all, tones);
    QVERIFY(all.size() > 1000);

    EmissionStream stream(scenario);
    const int reader = stream.addReader();
    std::uint64_t sequence = 0;
    std::size_t n = 0;
    while (const Emission *next = stream.peek(reader, sequence)) {
      QVERIFY(n < all.size());
      QCOMPARE(sequence, static_cast<std::uint64_t>(n));
      QCOMPARE(next->offset_ns, all[n].offset_ns);
      QCOMPARE(next->site, all[n].site);
      QCOMPARE(next->only_sensor, all[n].only_sensor);
      QVERIFY(next->position_m == all[n].position_m);
      QCOMPARE(next->pulse.peak_pa(), all[n].pulse.peak_pa());
      QCOMPARE(next->pulse.components.size(), all[n].pulse.components.size());
      stream.take(reader);
      ++n;
    }
    QCOMPARE(n, all.size());
    std::size_t toneCount = 0;
    while (const ToneEmission *tone = stream.nextTone(reader)) {
      QVERIFY(toneCount < tones.size());
      QCOMPARE(tone->offset_ns, tones[toneCount].offset_ns);
      ++toneCount;
    }
    QCOMPARE(toneCount, tones.size());
  }

  // Ten times the length, ten times the pulses: the stream holds about as many at once.
  void streamHoldsOnlyWhatIsHeard() {
    std::size_t short_count = 0, long_count = 0;
    const SimScenario shorter = buildScenario(celebration(60.0, 4));
    const std::size_t shortPeak = readWholeStream(shorter, short_count);
    const SimScenario longer = buildScenario(celebration(600.0, 4));
    const std::size_t longPeak = readWholeStream(longer, long_count);
    std::printf("stream: 60 s %zu emissions, held at most %zu; 600 s %zu, held at most %zu\n",
                short_count, shortPeak, long_count, longPeak);
    QVERIFY(long_count > 8 * short_count);
    // The peak is the busiest moment's incidents, a maximum over more of them in the
    // longer scenario: a little higher, never in proportion to the length.
    QVERIFY(longPeak < 2 * shortPeak + 100);
    QVERIFY(longPeak < long_count / 10);
  }

  // The whole render's heap high-water (scenario, schedule, truth, stream, renderers,
  // caches) of a 600 s scenario stays within a small margin of a 60 s one's.
  void renderHeapIsFlatInLength() {
    // The FFT plans are cached for the process, one per size: make them all first, so
    // that neither run pays for them.
    for (std::size_t size = 64; size <= (std::size_t{1} << 16); size <<= 1) {
      const RealInverseFft fft(size);
      std::vector<std::complex<double>> bins(size / 2 + 1);
      std::vector<double> out(size);
      fft.inverse(bins, out);
    }
    ScenarioRequest shorter = celebration(60.0, 2);
    ScenarioRequest longer = celebration(600.0, 2);
    shorter.sample_rate_hz = longer.sample_rate_hz = 8000.0;
    const std::size_t shortPeak = renderHeapPeak(shorter);
    const std::size_t longPeak = renderHeapPeak(longer);
    std::printf("heap high-water: 60 s %.2f MB, 600 s %.2f MB\n",
                static_cast<double>(shortPeak) / 1048576.0,
                static_cast<double>(longPeak) / 1048576.0);
    QVERIFY(shortPeak > 0);
    // The margin: the truth events and the schedule (a few hundred bytes per incident,
    // ~0.5 MB for 600 s of a celebration) and the bounded caches filling further.
    QVERIFY(longPeak < shortPeak + shortPeak / 4 + (std::size_t{3} << 20) / 2);
  }
};

QTEST_GUILESS_MAIN(TestSimMemory)
#include "TestSimMemory.moc"
