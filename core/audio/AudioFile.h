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
  std::int64_t frames = 0;
  int channels = 0;
  std::string container; // "WAV", "FLAC", ...
  std::string encoding;  // "PCM 16-bit", "PCM 24-bit", "float 32-bit", ...
};

// Reads only the header. Throws InputError (naming the file) when it cannot be opened
// or is not audio libsndfile understands.
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
  // than block.size() only at the end). A read error mid-file throws InputError.
  std::size_t read(std::span<float> block);
  void seek(std::int64_t frame);
  std::int64_t position() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The whole file at once: for short clips only.
std::vector<float> readAudioFile(const std::filesystem::path &path, AudioFileInfo *info = nullptr);

enum class AudioEncoding { Pcm16, Pcm24, Pcm32, Float32 };
enum class AudioContainer { Wav, Flac }; // FLAC takes Pcm16 and Pcm24 only

// Streaming mono writer. Samples outside [-1, 1] are clipped, as a real converter would.
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
