// Read throughput of AudioFileReader on the shared scenarios: samples per second and
// multiple of real time, for WAV as stored and for the same audio as FLAC, against a
// plain fread of the WAV bytes measured in the same run (the floor no reader can beat).
//
//   bench_audio_read [scenarios-folder] [block-frames]
//
// Files are read once before timing so every figure is from the page cache: this
// measures decoding, not the disk.
#include "audio/AudioFile.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Figure {
  std::int64_t samples = 0;
  double audio_s = 0.0;
  double wall_s = 0.0;
};

Figure readAll(const std::vector<fs::path> &files, std::size_t block_frames) {
  Figure figure;
  std::vector<float> block(block_frames);
  const auto start = Clock::now();
  for (const fs::path &file : files) {
    salvo::AudioFileReader reader(file);
    std::size_t got = 0;
    while ((got = reader.read(block)) > 0) {
      figure.samples += static_cast<std::int64_t>(got);
    }
    figure.audio_s += static_cast<double>(reader.info().frames) / reader.info().sample_rate_hz;
  }
  figure.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  return figure;
}

double freadAll(const std::vector<fs::path> &files) {
  std::vector<char> buffer(1 << 16);
  std::size_t total = 0;
  const auto start = Clock::now();
  for (const fs::path &file : files) {
    std::FILE *in = std::fopen(file.c_str(), "rb");
    if (in == nullptr) {
      continue;
    }
    std::size_t got = 0;
    while ((got = std::fread(buffer.data(), 1, buffer.size(), in)) > 0) {
      total += got;
    }
    std::fclose(in);
  }
  const double wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  return total > 0 ? wall_s : 0.0;
}

void print(const char *label, const Figure &figure, double reference_s) {
  std::printf("%-28s %10.1f Msamples/s %9.0fx real time %6.2fx fread time\n", label,
              static_cast<double>(figure.samples) / figure.wall_s / 1e6,
              figure.audio_s / figure.wall_s, figure.wall_s / reference_s);
}

// Several passes; the best is the one least disturbed by other work on the machine.
template <typename Run>
Figure best(int passes, Run run) {
  Figure fastest;
  for (int pass = 0; pass < passes; ++pass) {
    const Figure figure = run();
    if (pass == 0 || figure.wall_s < fastest.wall_s) {
      fastest = figure;
    }
  }
  return fastest;
}

} // namespace

int main(int argc, char **argv) {
  const fs::path root = argc > 1 ? fs::path(argv[1]) : fs::path(SALVO_BENCH_SCENARIOS);
  const std::size_t block_frames = argc > 2 ? std::stoul(argv[2]) : 4096;
  std::vector<fs::path> wavs;
  for (const auto &entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".wav") {
      wavs.push_back(entry.path());
    }
  }
  std::sort(wavs.begin(), wavs.end());
  if (wavs.empty()) {
    std::fprintf(stderr, "no .wav files under %s\n", root.c_str());
    return 1;
  }

  const fs::path temp =
      fs::temp_directory_path() / ("salvo-bench-audio-" + std::to_string(::getpid()));
  fs::create_directories(temp);
  std::vector<fs::path> flacs;
  std::uintmax_t wav_bytes = 0;
  std::uintmax_t flac_bytes = 0;
  for (const fs::path &wav : wavs) {
    salvo::AudioFileInfo info;
    const std::vector<float> samples = salvo::readAudioFile(wav, &info);
    const fs::path flac = temp / (std::to_string(flacs.size()) + ".flac");
    salvo::writeAudioFile(flac, samples, info.sample_rate_hz, salvo::AudioContainer::Flac,
                          salvo::AudioEncoding::Pcm16);
    flacs.push_back(flac);
    wav_bytes += fs::file_size(wav);
    flac_bytes += fs::file_size(flac);
  }

  readAll(wavs, block_frames); // warm the page cache
  double reference_s = freadAll(wavs);
  for (int pass = 0; pass < 4; ++pass) {
    reference_s = std::min(reference_s, freadAll(wavs));
  }
  const Figure wav = best(5, [&] { return readAll(wavs, block_frames); });
  const Figure flac = best(5, [&] { return readAll(flacs, block_frames); });

  std::printf("%zu files, %.1f s of audio, block %zu frames\n", wavs.size(), wav.audio_s,
              block_frames);
  std::printf("%-28s %10.1f MB/s\n", "fread of the WAV bytes",
              static_cast<double>(wav_bytes) / reference_s / 1e6);
  print("WAV PCM16 -> float", wav, reference_s);
  print("FLAC PCM16 -> float", flac, reference_s);
  std::printf("FLAC/WAV size: %.3f\n",
              static_cast<double>(flac_bytes) / static_cast<double>(wav_bytes));
  fs::remove_all(temp);
  return 0;
}
