#include "rt/SpscRingBuffer.h"

#include <QTest>

#include <array>
#include <cstdint>
#include <numeric>
#include <random>
#include <thread>
#include <vector>

using namespace salvo;

namespace {

// A frame as the capture path moves it: more than one word, so a torn copy would show.
struct TaggedSample {
  std::uint64_t sequence;
  float value;
  std::uint32_t check; // derived from sequence, so a half-written item cannot pass
};

TaggedSample tagged(std::uint64_t sequence) {
  return {sequence, static_cast<float>(sequence % 1000) * 0.001f,
          static_cast<std::uint32_t>(sequence * 2654435761u)};
}

bool matches(const TaggedSample &item, std::uint64_t sequence) {
  const TaggedSample want = tagged(sequence);
  return item.sequence == want.sequence && item.value == want.value && item.check == want.check;
}

std::uint64_t itemOf(std::uint64_t sequence, std::uint64_t *) {
  return sequence * 7 + 3;
}
bool matches(std::uint64_t item, std::uint64_t sequence) {
  return item == sequence * 7 + 3;
}
TaggedSample itemOf(std::uint64_t sequence, TaggedSample *) {
  return tagged(sequence);
}

// One producer and one consumer thread move `total` items through `ring` in blocks of
// random size (1..max_block, sometimes larger than the ring), spinning politely when the
// ring is full or empty. Returns how many items arrived out of order or damaged.
template <typename T, typename Index>
std::uint64_t pump(SpscRingBuffer<T, Index> &ring, std::uint64_t total, std::size_t max_block) {
  std::uint64_t damaged = 0;
  std::uint64_t received = 0;
  std::thread consumer([&] {
    std::mt19937 random(2);
    std::uniform_int_distribution<std::size_t> size(1, max_block);
    std::vector<T> block(max_block);
    while (received < total) {
      const std::size_t got = ring.read(std::span(block).first(size(random)));
      if (got == 0) {
        std::this_thread::yield();
        continue;
      }
      for (std::size_t i = 0; i < got; ++i) {
        damaged += matches(block[i], received + i) ? 0 : 1;
      }
      received += got;
    }
  });
  std::mt19937 random(1);
  std::uniform_int_distribution<std::size_t> size(1, max_block);
  std::vector<T> block(max_block);
  std::uint64_t sent = 0;
  while (sent < total) {
    const std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(size(random), total - sent));
    for (std::size_t i = 0; i < want; ++i) {
      block[i] = itemOf(sent + i, static_cast<T *>(nullptr));
    }
    // Offer the same block until all of it is in, as a real producer must.
    std::size_t done = 0;
    while (done < want) {
      const std::size_t put = ring.write(std::span<const T>(block).subspan(done, want - done));
      if (put == 0) {
        std::this_thread::yield();
      }
      done += put;
    }
    sent += want;
  }
  consumer.join();
  return damaged + (received == total ? 0 : 1);
}

} // namespace

class TestSpscRingBuffer : public QObject {
  Q_OBJECT

private slots:
  void rejectsCapacitiesThatAreNotPowersOfTwo() {
    for (std::size_t capacity : {0u, 3u, 6u, 1000u, 4097u}) {
      QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SpscRingBuffer<float>{capacity});
    }
    // An 8-bit index can tell full from empty for at most 128 items.
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, (SpscRingBuffer<int, std::uint8_t>{256}));
    SpscRingBuffer<int, std::uint8_t> largest(128);
    QCOMPARE(largest.capacity(), std::size_t(128));
    SpscRingBuffer<int> one(1);
    QCOMPARE(one.capacity(), std::size_t(1));
  }

  void fullAndEmptyEdges() {
    SpscRingBuffer<int> ring(8);
    std::array<int, 12> out{};
    QCOMPARE(ring.readAvailable(), std::size_t(0));
    QCOMPARE(ring.writeAvailable(), std::size_t(8));
    QCOMPARE(ring.read(out), std::size_t(0)); // empty: nothing, no harm

    std::array<int, 10> in{};
    std::iota(in.begin(), in.end(), 100);
    QCOMPARE(ring.write(in), std::size_t(8)); // all of the capacity is usable
    QCOMPARE(ring.readAvailable(), std::size_t(8));
    QCOMPARE(ring.writeAvailable(), std::size_t(0));
    QCOMPARE(ring.write(std::span<const int>(in).first(1)), std::size_t(0)); // full

    QCOMPARE(ring.read(std::span(out).first(3)), std::size_t(3));
    QCOMPARE(out[0], 100);
    QCOMPARE(out[2], 102);
    QCOMPARE(ring.writeAvailable(), std::size_t(3));
    // These three land in slots 0..2 again: the write wraps around the end.
    const std::array<int, 3> more = {108, 109, 110};
    QCOMPARE(ring.write(more), std::size_t(3));
    QCOMPARE(ring.writeAvailable(), std::size_t(0));
    out.fill(-1);
    QCOMPARE(ring.read(out), std::size_t(8)); // and this read wraps too
    for (int i = 0; i < 8; ++i) {
      QCOMPARE(out[std::size_t(i)], 103 + i);
    }
    QCOMPARE(out[8], -1); // nothing written past what was read
    QCOMPARE(ring.readAvailable(), std::size_t(0));
    QCOMPARE(ring.writeAvailable(), std::size_t(8));

    QCOMPARE(ring.write({}), std::size_t(0));
    QCOMPARE(ring.read({}), std::size_t(0));

    SpscRingBuffer<int> one(1);
    QCOMPARE(one.write(in), std::size_t(1));
    QCOMPARE(one.write(in), std::size_t(0));
    QCOMPARE(one.read(out), std::size_t(1));
    QCOMPARE(out[0], 100);
  }

  void freeRunningIndicesWrapAround_data() {
    QTest::addColumn<int>("capacity");
    QTest::newRow("small") << 16;
    QTest::newRow("largest for 8 bits") << 128;
  }
  void freeRunningIndicesWrapAround() {
    // With an 8-bit index the counters wrap every 256 items; 200k items wrap them
    // hundreds of times, at every offset, with the ring at every fill level.
    QFETCH(int, capacity);
    SpscRingBuffer<std::uint32_t, std::uint8_t> ring{std::size_t(capacity)};
    std::mt19937 random(5);
    std::uniform_int_distribution<std::size_t> size(0, std::size_t(capacity) + 3);
    std::vector<std::uint32_t> block(std::size_t(capacity) + 3);
    std::uint32_t next_in = 0;
    std::uint32_t next_out = 0;
    while (next_out < 200000) {
      const std::size_t free = ring.writeAvailable();
      QCOMPARE(free + ring.readAvailable(), std::size_t(capacity));
      const std::size_t offer = size(random);
      for (std::size_t i = 0; i < offer; ++i) {
        block[i] = next_in + std::uint32_t(i);
      }
      const std::size_t put = ring.write(std::span<const std::uint32_t>(block).first(offer));
      QCOMPARE(put, std::min(offer, free));
      next_in += std::uint32_t(put);

      const std::size_t filled = ring.readAvailable();
      const std::size_t ask = size(random);
      const std::size_t got = ring.read(std::span(block).first(ask));
      QCOMPARE(got, std::min(ask, filled));
      for (std::size_t i = 0; i < got; ++i) {
        QCOMPARE(block[i], next_out + std::uint32_t(i));
      }
      next_out += std::uint32_t(got);
    }
  }

  void twoThreadsMoveTensOfMillionsInOrder() {
    SpscRingBuffer<std::uint64_t> ring(4096);
    const std::uint64_t total = 32'000'000;
    QCOMPARE(pump(ring, total, 3000), std::uint64_t(0));
    QCOMPARE(ring.readAvailable(), std::size_t(0));
  }

  void twoThreadsThroughATinyRingWithWrappingIndices() {
    // Blocks larger than the ring, indices that wrap every 65536 items, and a multi-word
    // item whose check field exposes any torn copy.
    SpscRingBuffer<TaggedSample, std::uint16_t> ring(64);
    QCOMPARE(pump(ring, 2'000'000, 100), std::uint64_t(0));
  }
};

QTEST_GUILESS_MAIN(TestSpscRingBuffer)
#include "TestSpscRingBuffer.moc"
