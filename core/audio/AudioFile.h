#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace salvo {

struct AudioFileInfo {
  double sample_rate_hz = 0.0;
  std::int64_t frames = 0; // frames actually present (a truncated file reports what it holds)
  int channels = 0;
  std::string container; // "WAV", "FLAC", ...
  std::string encoding;  // "PCM 16-bit", "PCM 24-bit", "float 32-bit", ...
  // The header promised more audio than the file holds (a recording cut short by a
  // crash, a full disk or an interrupted copy). Reading still works and yields the
  // frames that are there; `warnings` says how much is missing.
  bool truncated = false;
  // Float files store whatever the recorder wrote: NaN and Inf samples are passed to
  // the caller unchanged, never silently repaired. AudioFileReader::nonFiniteSamples()
  // counts them; readAudioFile() adds a warning when it meets any.
  bool float_samples = false;
  // Problems that did not stop reading, in words a user can act on.
  std::vector<std::string> warnings;
};

// Reads only the header. Throws InputError (naming the file) when it is missing, a
// directory, empty, or not audio libsndfile understands. A truncated WAV is not an
// error: it sets `truncated` and explains in `warnings`.
AudioFileInfo probeAudioFile(const std::filesystem::path &path);

// Streaming reader through libsndfile: WAV or FLAC, any PCM width or float, returned
// as float32 in [-1, 1]. Only one block is ever in memory, so hours of audio are fine.
// Multi-channel files yield their first channel.
class AudioFileReader {
public:
  explicit AudioFileReader(const std::filesystem::path &path); // throws InputError
  ~AudioFileReader();
  AudioFileReader(const AudioFileReader &) = delete;
  AudioFileReader &operator=(const AudioFileReader &) = delete;
  AudioFileReader(AudioFileReader &&) noexcept;
  AudioFileReader &operator=(AudioFileReader &&) noexcept;

  const AudioFileInfo &info() const;
  const std::filesystem::path &path() const;

  // Fills `block` with the next frames; returns how many were read (0 at the end, fewer
  // than block.size() only at the end). A read error mid-file, or a compressed file
  // whose stream ends before the frame count its header declares, throws InputError.
  std::size_t read(std::span<float> block);
  // Moves to `frame` in [0, info().frames]; outside that range throws InputError.
  void seek(std::int64_t frame);
  std::int64_t position() const;
  // NaN or infinite samples returned so far (only float files can hold them).
  std::int64_t nonFiniteSamples() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The whole file at once: for short clips only.
std::vector<float> readAudioFile(const std::filesystem::path &path, AudioFileInfo *info = nullptr);

enum class AudioEncoding { Pcm16, Pcm24, Pcm32, Float32 };
enum class AudioContainer { Wav, Flac }; // FLAC takes Pcm16 and Pcm24 only

// Streaming mono writer. For PCM, samples are rounded to the nearest step of the
// target width (no dither, so files are bit-reproducible), samples outside [-1, 1] are
// clipped as a real converter would, and NaN is written as 0. Float32 stores samples
// unchanged, out-of-range values and NaN included: float has the headroom, and an
// analyst's file must hold exactly what the pipeline produced.
// FLAC with Pcm32 or Float32, a sample rate that is not a positive whole number of
// hertz, or a path that cannot be created throws InputError. Write errors (a full
// disk) throw InputError naming the file.
class AudioFileWriter {
public:
  AudioFileWriter(const std::filesystem::path &path, double sample_rate_hz,
                  AudioContainer container, AudioEncoding encoding); // throws InputError
  ~AudioFileWriter();
  AudioFileWriter(const AudioFileWriter &) = delete;
  AudioFileWriter &operator=(const AudioFileWriter &) = delete;

  void write(std::span<const float> samples);
  void close(); // flushes; also done by the destructor

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

void writeAudioFile(const std::filesystem::path &path, std::span<const float> samples,
                    double sample_rate_hz, AudioContainer container, AudioEncoding encoding);

} // namespace salvo
