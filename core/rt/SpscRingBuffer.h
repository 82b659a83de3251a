#pragma once

#include <algorithm>
#include <atomic>
#include <bit>
#include <concepts>
#include <cstddef>
#include <limits>
#include <memory>
#include <span>
#include <stdexcept>
#include <type_traits>

namespace salvo {

// A lock-free ring buffer between exactly one producer thread and exactly one consumer
// thread: how audio crosses from the sound-card callback to the detector (capture) and
// from the file reader to the callback (playback), without either side ever waiting.
//
// Real-time contract. The constructor allocates and may throw; call it, and the
// destructor, off the real-time thread. After construction every other member is
// wait-free and noexcept: no allocation, no lock, no system call, no log, at most two
// copies of contiguous items. So:
//   - the producer thread, real-time or not, may call write() and writeAvailable();
//   - the consumer thread, real-time or not, may call read() and readAvailable();
//   - either may call capacity().
// readAvailable() on the producer (or writeAvailable() on the consumer) is legal but
// only a snapshot that the other side may already have changed. A second producer or a
// second consumer is a data race: serialise them outside, or use one ring each.
// Nothing here blocks, so a full or empty ring is the caller's to handle: the audio
// callback zero-fills and counts an underflow, the capture side counts an overflow.
//
// Items are copied as bytes (T must be trivially copyable). Capacity is a power of two
// fixed at construction, and all of it is usable: the indices below run freely rather
// than wrapping at the capacity, so a full ring (write - read == capacity) and an empty
// one (write == read) never look alike, and the slot is `index & mask`.
//
// `Index` is std::size_t in real use. Tests pass a narrow unsigned type to drive the
// free-running indices through their own wrap-around at 2^bits in a few thousand items;
// the arithmetic is modulo 2^bits throughout, so this needs capacity <= 2^(bits-1).
template <typename T, std::unsigned_integral Index = std::size_t>
class SpscRingBuffer {
  static_assert(std::is_trivially_copyable_v<T>, "items are copied as bytes");
  static_assert(std::atomic<Index>::is_always_lock_free, "the indices must be lock-free");

public:
  explicit SpscRingBuffer(std::size_t capacity)
      : capacity_(capacity), mask_(capacity - 1), slots_(checkedAllocation(capacity)) {}

  SpscRingBuffer(const SpscRingBuffer &) = delete;
  SpscRingBuffer &operator=(const SpscRingBuffer &) = delete;

  std::size_t capacity() const noexcept { return capacity_; }

  // Producer only. How many items write() would accept now (a lower bound: the
  // consumer may free more at any moment).
  std::size_t writeAvailable() const noexcept {
    const Index write = write_index_.load(std::memory_order_relaxed);
    return static_cast<Index>(
        capacity_ - static_cast<Index>(write - read_index_.load(std::memory_order_acquire)));
  }

  // Producer only. Copies as many leading items of `items` as fit; returns how many.
  std::size_t write(std::span<const T> items) noexcept {
    const Index write = write_index_.load(std::memory_order_relaxed);
    Index free = static_cast<Index>(capacity_ - static_cast<Index>(write - cached_read_index_));
    if (free < items.size()) {
      // Only look at the consumer's index (a cache line it owns) when our cached copy
      // says we are short: usually it does not, and the line stays where it is.
      cached_read_index_ = read_index_.load(std::memory_order_acquire);
      free = static_cast<Index>(capacity_ - static_cast<Index>(write - cached_read_index_));
    }
    const std::size_t count = std::min<std::size_t>(free, items.size());
    if (count == 0) {
      return 0;
    }
    const std::size_t start = write & mask_;
    const std::size_t first = std::min<std::size_t>(count, capacity_ - start);
    std::copy_n(items.data(), first, slots_.get() + start);
    std::copy_n(items.data() + first, count - first, slots_.get());
    write_index_.store(static_cast<Index>(write + count), std::memory_order_release);
    return count;
  }

  // Consumer only. How many items read() would deliver now (a lower bound: the
  // producer may add more at any moment).
  std::size_t readAvailable() const noexcept {
    const Index read = read_index_.load(std::memory_order_relaxed);
    return static_cast<Index>(write_index_.load(std::memory_order_acquire) - read);
  }

  // Consumer only. Fills the front of `out` with the oldest items; returns how many.
  std::size_t read(std::span<T> out) noexcept {
    const Index read = read_index_.load(std::memory_order_relaxed);
    Index filled = static_cast<Index>(cached_write_index_ - read);
    if (filled < out.size()) {
      cached_write_index_ = write_index_.load(std::memory_order_acquire);
      filled = static_cast<Index>(cached_write_index_ - read);
    }
    const std::size_t count = std::min<std::size_t>(filled, out.size());
    if (count == 0) {
      return 0;
    }
    const std::size_t start = read & mask_;
    const std::size_t first = std::min<std::size_t>(count, capacity_ - start);
    std::copy_n(slots_.get() + start, first, out.data());
    std::copy_n(slots_.get(), count - first, out.data() + first);
    read_index_.store(static_cast<Index>(read + count), std::memory_order_release);
    return count;
  }

private:
  // Memory ordering. Each index has exactly one writer, so no read-modify-write is
  // needed, only a release store by its owner paired with an acquire load by the other:
  //  - Producer: copy items into the slots, then store write_index_ with release. The
  //    consumer loads write_index_ with acquire; when it sees the new value, the
  //    release/acquire pair guarantees it also sees the slot contents written before
  //    it, so it never reads a slot the producer has not finished.
  //  - Consumer: copy items out of the slots, then store read_index_ with release. The
  //    producer loads read_index_ with acquire before reusing those slots, so the
  //    consumer's copies out happen-before the producer's overwrites: no torn reads.
  //  - Each side reads its own index relaxed: only it ever writes that index.
  // The cached copies of the other side's index are plain members because only one
  // thread touches each; a stale cache is merely conservative (too little free space
  // or too few items), never wrong, because the indices only grow.
  //
  // Layout. The producer's line (write_index_, cached_read_index_) and the consumer's
  // (read_index_, cached_write_index_) are kept apart so each side's stores do not
  // invalidate the other's cache line (false sharing); the read-only fields sit on a
  // third line. 64 bytes is the line size of the x86-64 and ARM cores Salvo runs on.
  static constexpr std::size_t kCacheLineBytes = 64;

  static std::unique_ptr<T[]> checkedAllocation(std::size_t capacity) {
    if (capacity == 0 || !std::has_single_bit(capacity)) {
      throw std::invalid_argument("SpscRingBuffer capacity must be a power of two");
    }
    if (capacity > (std::size_t{std::numeric_limits<Index>::max()} >> 1) + 1) {
      throw std::invalid_argument("SpscRingBuffer capacity too large for its index type");
    }
    return std::make_unique<T[]>(capacity);
  }

  alignas(kCacheLineBytes) std::atomic<Index> write_index_{0};
  Index cached_read_index_ = 0; // producer's copy of read_index_
  alignas(kCacheLineBytes) std::atomic<Index> read_index_{0};
  Index cached_write_index_ = 0; // consumer's copy of write_index_
  alignas(kCacheLineBytes) const std::size_t capacity_;
  const std::size_t mask_;
  const std::unique_ptr<T[]> slots_;
};

} // namespace salvo
