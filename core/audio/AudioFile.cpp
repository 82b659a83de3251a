#include "audio/AudioFile.h"

#include "common/InputError.h"

#include <sndfile.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <system_error>

namespace salvo {
namespace {

namespace fs = std::filesystem;

// Multi-channel files are read through one interleaved buffer of this many frames,
// allocated once per reader, so memory stays bounded whatever block size the caller asks.
constexpr sf_count_t kInterleavedChunkFrames = 4096;
// PCM writes are quantised through a buffer of this many samples.
constexpr std::size_t kWriteChunkSamples = 4096;
// readAudioFile() refuses files larger than this (4 GiB of float): stream them instead.
constexpr std::int64_t kMaxWholeFileFrames = std::int64_t{1} << 30;

std::string describePath(const fs::path &path) {
  return path.string();
}

std::string containerName(int format) {
  switch (format & SF_FORMAT_TYPEMASK) {
  case SF_FORMAT_WAV:
  case SF_FORMAT_WAVEX:
    return "WAV";
  case SF_FORMAT_RF64:
    return "RF64";
  case SF_FORMAT_W64:
    return "W64";
  case SF_FORMAT_FLAC:
    return "FLAC";
  case SF_FORMAT_AIFF:
    return "AIFF";
  case SF_FORMAT_OGG:
    return "OGG";
  case SF_FORMAT_CAF:
    return "CAF";
  case SF_FORMAT_AU:
    return "AU";
  default: {
    SF_FORMAT_INFO format_info{};
    format_info.format = format & SF_FORMAT_TYPEMASK;
    if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &format_info, sizeof(format_info)) == 0 &&
        format_info.name != nullptr) {
      return format_info.name;
    }
    return "unknown container";
  }
  }
}

std::string encodingName(int format) {
  switch (format & SF_FORMAT_SUBMASK) {
  case SF_FORMAT_PCM_S8:
  case SF_FORMAT_PCM_U8:
    return "PCM 8-bit";
  case SF_FORMAT_PCM_16:
    return "PCM 16-bit";
  case SF_FORMAT_PCM_24:
    return "PCM 24-bit";
  case SF_FORMAT_PCM_32:
    return "PCM 32-bit";
  case SF_FORMAT_FLOAT:
    return "float 32-bit";
  case SF_FORMAT_DOUBLE:
    return "float 64-bit";
  case SF_FORMAT_ULAW:
    return "u-law";
  case SF_FORMAT_ALAW:
    return "A-law";
  default: {
    SF_FORMAT_INFO format_info{};
    format_info.format = format & SF_FORMAT_SUBMASK;
    if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &format_info, sizeof(format_info)) == 0 &&
        format_info.name != nullptr) {
      return format_info.name;
    }
    return "unknown encoding";
  }
  }
}

// Bytes one sample takes in a WAV data chunk, or nothing for block-coded encodings
// (ADPCM, GSM) where a frame has no fixed size.
std::optional<std::uint64_t> wavBytesPerSample(int format) {
  switch (format & SF_FORMAT_SUBMASK) {
  case SF_FORMAT_PCM_S8:
  case SF_FORMAT_PCM_U8:
  case SF_FORMAT_ULAW:
  case SF_FORMAT_ALAW:
    return 1;
  case SF_FORMAT_PCM_16:
    return 2;
  case SF_FORMAT_PCM_24:
    return 3;
  case SF_FORMAT_PCM_32:
  case SF_FORMAT_FLOAT:
    return 4;
  case SF_FORMAT_DOUBLE:
    return 8;
  default:
    return std::nullopt;
  }
}

bool isWavFamily(int format) {
  const int major = format & SF_FORMAT_TYPEMASK;
  return major == SF_FORMAT_WAV || major == SF_FORMAT_WAVEX || major == SF_FORMAT_RF64;
}

// What the WAV header says about its data chunk, read by walking the RIFF chunks
// ourselves: libsndfile quietly shortens a data chunk that overruns the file, and a
// recording cut short must be reported, not passed off as complete.
struct WavDataChunk {
  std::uint64_t declared_bytes = 0;
  std::uint64_t present_bytes = 0;
  bool size_unset = false; // 0 or 0xFFFFFFFF: the writer never went back to fill it in
  std::uint64_t size_field_offset = 0;
  bool big_endian = false; // RIFX
};

std::uint32_t decode32(const unsigned char *bytes, bool big_endian) {
  if (big_endian) {
    return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
           (std::uint32_t{bytes[2]} << 8) | std::uint32_t{bytes[3]};
  }
  return (std::uint32_t{bytes[3]} << 24) | (std::uint32_t{bytes[2]} << 16) |
         (std::uint32_t{bytes[1]} << 8) | std::uint32_t{bytes[0]};
}

std::uint64_t decode64le(const unsigned char *bytes) {
  return std::uint64_t{decode32(bytes, false)} | (std::uint64_t{decode32(bytes + 4, false)} << 32);
}

std::optional<WavDataChunk> inspectWavDataChunk(const fs::path &path, std::uint64_t file_bytes) {
  std::ifstream in(path, std::ios::binary);
  std::array<unsigned char, 12> riff{};
  if (!in.read(reinterpret_cast<char *>(riff.data()), riff.size())) {
    return std::nullopt;
  }
  const bool rf64 = std::memcmp(riff.data(), "RF64", 4) == 0;
  const bool big_endian = std::memcmp(riff.data(), "RIFX", 4) == 0;
  if ((!rf64 && !big_endian && std::memcmp(riff.data(), "RIFF", 4) != 0) ||
      std::memcmp(riff.data() + 8, "WAVE", 4) != 0) {
    return std::nullopt;
  }
  std::optional<std::uint64_t> ds64_data_bytes;
  std::uint64_t offset = 12;
  // A real header has a handful of chunks; the bound only stops a hostile file from
  // keeping us here.
  for (int chunk = 0; chunk < 4096 && offset + 8 <= file_bytes; ++chunk) {
    std::array<unsigned char, 8> head{};
    in.seekg(static_cast<std::streamoff>(offset));
    if (!in.read(reinterpret_cast<char *>(head.data()), head.size())) {
      return std::nullopt;
    }
    const std::uint64_t chunk_bytes = decode32(head.data() + 4, big_endian);
    if (rf64 && std::memcmp(head.data(), "ds64", 4) == 0) {
      std::array<unsigned char, 16> sizes{};
      if (in.read(reinterpret_cast<char *>(sizes.data()), sizes.size())) {
        ds64_data_bytes = decode64le(sizes.data() + 8);
      }
    } else if (std::memcmp(head.data(), "data", 4) == 0) {
      WavDataChunk data;
      data.size_field_offset = offset + 4;
      data.big_endian = big_endian;
      const std::uint64_t data_offset = offset + 8;
      data.present_bytes = file_bytes - data_offset;
      if (rf64 && chunk_bytes == 0xFFFFFFFFu && ds64_data_bytes) {
        data.declared_bytes = *ds64_data_bytes;
      } else {
        data.declared_bytes = chunk_bytes;
        data.size_unset = chunk_bytes == 0 || chunk_bytes == 0xFFFFFFFFu;
      }
      return data;
    }
    offset += 8 + chunk_bytes + (chunk_bytes & 1u);
  }
  return std::nullopt;
}

std::string formatSeconds(double seconds) {
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%.3f s", seconds);
  return text.data();
}

void checkWavLength(const std::optional<WavDataChunk> &data, const SF_INFO &sf_info,
                    AudioFileInfo &info) {
  if (!data) {
    return;
  }
  if (data->size_unset) {
    if (data->present_bytes > 0) {
      info.warnings.push_back(
          "the WAV header's data size was never filled in (the recorder did not close the "
          "file); reading the " +
          std::to_string(info.frames) + " frames present");
    }
    return;
  }
  if (data->declared_bytes <= data->present_bytes) {
    return;
  }
  info.truncated = true;
  const std::optional<std::uint64_t> sample_bytes = wavBytesPerSample(sf_info.format);
  if (!sample_bytes || sf_info.channels <= 0 || sf_info.samplerate <= 0) {
    info.warnings.push_back("truncated: the WAV data chunk declares " +
                            std::to_string(data->declared_bytes) + " bytes but the file holds " +
                            std::to_string(data->present_bytes));
    return;
  }
  const std::uint64_t frame_bytes = *sample_bytes * static_cast<std::uint64_t>(sf_info.channels);
  const auto declared_frames = static_cast<std::int64_t>(data->declared_bytes / frame_bytes);
  const auto present_frames = static_cast<std::int64_t>(data->present_bytes / frame_bytes);
  // Never report more than libsndfile will actually deliver, nor more than is there.
  info.frames = std::min<std::int64_t>(info.frames, present_frames);
  info.warnings.push_back(
      "truncated: the WAV header declares " + std::to_string(declared_frames) +
      " frames but the file holds only " + std::to_string(present_frames) + " (" +
      formatSeconds(static_cast<double>(declared_frames - present_frames) / sf_info.samplerate) +
      " missing); reading the frames present");
}

// A WAV file as libsndfile should have seen it: read-only, with the data chunk's size
// field reading as the bytes actually present. A recorder that dies before closing its
// file leaves 0 there, and libsndfile then reports no audio at all, though every sample
// up to the crash is on disk, and for a sensor that may be the shot itself.
struct PatchedWavFile {
  std::FILE *file = nullptr;
  sf_count_t length = 0;
  sf_count_t patch_offset = 0;
  std::array<unsigned char, 4> patch{};
  SF_VIRTUAL_IO io{};

  PatchedWavFile() = default;
  PatchedWavFile(const PatchedWavFile &) = delete;
  PatchedWavFile &operator=(const PatchedWavFile &) = delete;
  ~PatchedWavFile() {
    if (file != nullptr) {
      std::fclose(file);
    }
  }
};

sf_count_t patchedLength(void *user) {
  return static_cast<PatchedWavFile *>(user)->length;
}

sf_count_t patchedSeek(sf_count_t offset, int whence, void *user) {
  auto *patched = static_cast<PatchedWavFile *>(user);
  if (fseeko(patched->file, static_cast<off_t>(offset), whence) != 0) {
    return -1;
  }
  return ftello(patched->file);
}

sf_count_t patchedTell(void *user) {
  return ftello(static_cast<PatchedWavFile *>(user)->file);
}

sf_count_t patchedRead(void *destination, sf_count_t count, void *user) {
  auto *patched = static_cast<PatchedWavFile *>(user);
  const sf_count_t start = ftello(patched->file);
  const auto got = static_cast<sf_count_t>(
      std::fread(destination, 1, static_cast<std::size_t>(count), patched->file));
  auto *bytes = static_cast<unsigned char *>(destination);
  for (sf_count_t i = 0; i < 4; ++i) {
    const sf_count_t at = patched->patch_offset + i - start;
    if (start >= 0 && at >= 0 && at < got) {
      bytes[at] = patched->patch[static_cast<std::size_t>(i)];
    }
  }
  return got;
}

sf_count_t patchedWrite(const void *, sf_count_t, void *) {
  return 0;
}

std::unique_ptr<PatchedWavFile> openPatched(const fs::path &path, std::uint64_t file_bytes,
                                            const WavDataChunk &data) {
  auto patched = std::make_unique<PatchedWavFile>();
  patched->file = std::fopen(path.c_str(), "rb");
  if (patched->file == nullptr) {
    return nullptr; // sf_open will fail on it too, with the system's reason
  }
  patched->length = static_cast<sf_count_t>(file_bytes);
  patched->patch_offset = static_cast<sf_count_t>(data.size_field_offset);
  const auto size = static_cast<std::uint32_t>(
      std::min<std::uint64_t>(data.present_bytes, 0xFFFFFFFEu) & ~std::uint64_t{1});
  for (std::size_t i = 0; i < 4; ++i) {
    const std::size_t shift = data.big_endian ? 8 * (3 - i) : 8 * i;
    patched->patch[i] = static_cast<unsigned char>((size >> shift) & 0xFFu);
  }
  patched->io = {patchedLength, patchedSeek, patchedRead, patchedWrite, patchedTell};
  return patched;
}

// An open libsndfile handle with the header already turned into an AudioFileInfo.
struct OpenedForReading {
  SNDFILE *handle = nullptr;
  std::unique_ptr<PatchedWavFile> patched; // must outlive handle
  AudioFileInfo info;
};

OpenedForReading openForReading(const fs::path &path) {
  const std::string name = describePath(path);
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (!fs::exists(status)) {
    throw InputError(name, "", "", "does not exist");
  }
  if (fs::is_directory(status)) {
    throw InputError(name, "", "", "is a directory, not an audio file");
  }
  if (!fs::is_regular_file(status)) {
    throw InputError(name, "", "", "is not a regular file, so not an audio file");
  }
  const std::uintmax_t file_bytes = fs::file_size(path, error);
  if (error) {
    throw InputError(name, "", "", "cannot be read: " + error.message());
  }
  if (file_bytes == 0) {
    throw InputError(name, "", "", "is empty (0 bytes), not an audio file");
  }

  const std::optional<WavDataChunk> wav = inspectWavDataChunk(path, file_bytes);
  std::unique_ptr<PatchedWavFile> patched;
  if (wav && wav->size_unset && wav->declared_bytes == 0 && wav->present_bytes > 0) {
    patched = openPatched(path, file_bytes, *wav);
  }
  SF_INFO sf_info{};
  SNDFILE *handle = patched ? sf_open_virtual(&patched->io, SFM_READ, &sf_info, patched.get())
                            : sf_open(path.c_str(), SFM_READ, &sf_info);
  if (handle == nullptr) {
    throw InputError(name, "", "header",
                     std::string("is not audio libsndfile can read: ") + sf_strerror(nullptr));
  }
  OpenedForReading opened;
  opened.handle = handle;
  opened.patched = std::move(patched);
  AudioFileInfo &info = opened.info;
  info.sample_rate_hz = sf_info.samplerate;
  info.frames = sf_info.frames;
  info.channels = sf_info.channels;
  info.container = containerName(sf_info.format);
  info.encoding = encodingName(sf_info.format);
  const int subtype = sf_info.format & SF_FORMAT_SUBMASK;
  info.float_samples = subtype == SF_FORMAT_FLOAT || subtype == SF_FORMAT_DOUBLE;
  if (sf_info.samplerate <= 0 || sf_info.channels <= 0 || sf_info.frames < 0) {
    sf_close(handle);
    throw InputError(name, "", "header",
                     "declares an impossible layout (" + std::to_string(sf_info.samplerate) +
                         " Hz, " + std::to_string(sf_info.channels) + " channels)");
  }
  if (isWavFamily(sf_info.format)) {
    checkWavLength(wav, sf_info, info);
  }
  if (info.frames == 0 && !info.truncated) {
    info.warnings.push_back("holds no audio frames");
  }
  return opened;
}

std::string frameText(std::int64_t frame) {
  return "frame " + std::to_string(frame);
}

} // namespace

AudioFileInfo probeAudioFile(const std::filesystem::path &path) {
  OpenedForReading opened = openForReading(path);
  sf_close(opened.handle);
  return std::move(opened.info);
}

struct AudioFileReader::Impl {
  std::filesystem::path path;
  std::string name;
  std::unique_ptr<PatchedWavFile> patched; // destroyed after ~Impl() closes handle
  SNDFILE *handle = nullptr;
  AudioFileInfo info;
  std::vector<float> interleaved; // only for multi-channel files
  std::int64_t position = 0;
  std::int64_t non_finite = 0;

  ~Impl() {
    if (handle != nullptr) {
      sf_close(handle);
    }
  }

  // Reads up to `frames` frames of channel 0 into `out`; returns how many arrived.
  sf_count_t readSome(float *out, sf_count_t frames) {
    if (info.channels == 1) {
      return sf_readf_float(handle, out, frames);
    }
    const sf_count_t want = std::min(frames, kInterleavedChunkFrames);
    const sf_count_t got = sf_readf_float(handle, interleaved.data(), want);
    const auto stride = static_cast<std::size_t>(info.channels);
    for (sf_count_t frame = 0; frame < got; ++frame) {
      out[frame] = interleaved[static_cast<std::size_t>(frame) * stride];
    }
    return got;
  }
};

AudioFileReader::AudioFileReader(const std::filesystem::path &path)
    : impl_(std::make_unique<Impl>()) {
  OpenedForReading opened = openForReading(path);
  impl_->path = path;
  impl_->name = describePath(path);
  impl_->handle = opened.handle;
  impl_->patched = std::move(opened.patched);
  impl_->info = std::move(opened.info);
  if (impl_->info.channels > 1) {
    impl_->interleaved.resize(static_cast<std::size_t>(kInterleavedChunkFrames) *
                              static_cast<std::size_t>(impl_->info.channels));
  }
}

AudioFileReader::~AudioFileReader() = default;
AudioFileReader::AudioFileReader(AudioFileReader &&) noexcept = default;
AudioFileReader &AudioFileReader::operator=(AudioFileReader &&) noexcept = default;

const AudioFileInfo &AudioFileReader::info() const {
  return impl_->info;
}
const std::filesystem::path &AudioFileReader::path() const {
  return impl_->path;
}
std::int64_t AudioFileReader::position() const {
  return impl_->position;
}
std::int64_t AudioFileReader::nonFiniteSamples() const {
  return impl_->non_finite;
}

std::size_t AudioFileReader::read(std::span<float> block) {
  Impl &impl = *impl_;
  std::size_t done = 0;
  while (done < block.size()) {
    // Never ask past the frames we promised: libsndfile would read a truncated WAV's
    // partial last frame or trailing chunks as audio on some versions.
    const std::int64_t left = impl.info.frames - impl.position;
    if (left <= 0) {
      break;
    }
    const auto want = static_cast<sf_count_t>(
        std::min<std::int64_t>(static_cast<std::int64_t>(block.size() - done), left));
    const sf_count_t got = impl.readSome(block.data() + done, want);
    if (got < 0 || sf_error(impl.handle) != SF_ERR_NO_ERROR) {
      // The block is lost either way; say where it started, so a user can cut there.
      throw InputError(impl.name, frameText(impl.position), "data",
                       "read error in the block starting at " + frameText(impl.position) + " of " +
                           std::to_string(impl.info.frames) +
                           "; the file is truncated or damaged (" + sf_strerror(impl.handle) + ")");
    }
    if (impl.info.float_samples) {
      impl.non_finite += std::count_if(block.data() + done, block.data() + done + got,
                                       [](float sample) { return !std::isfinite(sample); });
    }
    done += static_cast<std::size_t>(got);
    impl.position += got;
    if (got == 0) {
      // No error flagged, yet fewer frames than the header declares: a compressed
      // stream (FLAC) cut short, which libsndfile cannot see from the header.
      throw InputError(impl.name, frameText(impl.position), "data",
                       "the audio ends at " + frameText(impl.position) +
                           " but the header declares " + std::to_string(impl.info.frames) +
                           " frames: the file is truncated or damaged");
    }
  }
  return done;
}

void AudioFileReader::seek(std::int64_t frame) {
  Impl &impl = *impl_;
  if (frame < 0 || frame > impl.info.frames) {
    throw InputError(impl.name, frameText(frame), "seek",
                     "is outside the file, which holds " + std::to_string(impl.info.frames) +
                         " frames");
  }
  if (sf_seek(impl.handle, frame, SEEK_SET) < 0) {
    throw InputError(impl.name, frameText(frame), "seek",
                     std::string("cannot seek there: ") + sf_strerror(impl.handle));
  }
  impl.position = frame;
}

std::vector<float> readAudioFile(const std::filesystem::path &path, AudioFileInfo *info) {
  AudioFileReader reader(path);
  if (reader.info().frames > kMaxWholeFileFrames) {
    throw InputError(describePath(path), "", "",
                     "is too long to load at once (" + std::to_string(reader.info().frames) +
                         " frames); stream it with AudioFileReader");
  }
  std::vector<float> samples(static_cast<std::size_t>(reader.info().frames));
  samples.resize(reader.read(samples));
  if (info != nullptr) {
    *info = reader.info();
    if (reader.nonFiniteSamples() > 0) {
      info->warnings.push_back(std::to_string(reader.nonFiniteSamples()) +
                               " samples are NaN or infinite; they are passed on unchanged");
    }
  }
  return samples;
}

struct AudioFileWriter::Impl {
  std::string name;
  SNDFILE *handle = nullptr;
  AudioEncoding encoding = AudioEncoding::Pcm16;
  std::vector<int> quantised; // reused for every PCM write
  std::int64_t frames_written = 0;

  ~Impl() {
    if (handle != nullptr) {
      sf_close(handle);
    }
  }
};

namespace {

int bitsOf(AudioEncoding encoding) {
  switch (encoding) {
  case AudioEncoding::Pcm16:
    return 16;
  case AudioEncoding::Pcm24:
    return 24;
  case AudioEncoding::Pcm32:
  case AudioEncoding::Float32:
    return 32;
  }
  return 32;
}

const char *encodingText(AudioEncoding encoding) {
  switch (encoding) {
  case AudioEncoding::Pcm16:
    return "PCM 16-bit";
  case AudioEncoding::Pcm24:
    return "PCM 24-bit";
  case AudioEncoding::Pcm32:
    return "PCM 32-bit";
  case AudioEncoding::Float32:
    return "float 32-bit";
  }
  return "unknown encoding";
}

// We quantise ourselves rather than let libsndfile convert float to PCM: its scale
// factors differ between versions, formats and the clipping and non-clipping paths
// (0x7FFF on write against 0x8000 on read in places), so a round trip would not be
// exact to half a step. Here full scale is 2^(bits-1) both ways, rounding is to the
// nearest step, the top code clips at +1 - 1 step, and NaN becomes silence. The result
// sits in the top bits of an int, which is how sf_write_int expects narrower PCM.
void quantise(std::span<const float> samples, int bits, int *out) {
  const double scale = std::ldexp(1.0, bits - 1);
  const double lowest = -scale;
  const double highest = scale - 1.0;
  const double to_int32 = std::ldexp(1.0, 32 - bits);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const double sample = samples[i];
    if (std::isnan(sample)) {
      out[i] = 0;
      continue;
    }
    const double step = std::clamp(std::nearbyint(sample * scale), lowest, highest);
    out[i] = static_cast<int>(step * to_int32);
  }
}

} // namespace

AudioFileWriter::AudioFileWriter(const std::filesystem::path &path, double sample_rate_hz,
                                 AudioContainer container, AudioEncoding encoding)
    : impl_(std::make_unique<Impl>()) {
  impl_->name = describePath(path);
  impl_->encoding = encoding;
  if (!std::isfinite(sample_rate_hz) || sample_rate_hz < 1.0 || sample_rate_hz > INT_MAX ||
      sample_rate_hz != std::floor(sample_rate_hz)) {
    throw InputError(impl_->name, "", "sample_rate_hz",
                     std::to_string(sample_rate_hz) + " is not a positive whole number of hertz");
  }
  SF_INFO sf_info{};
  sf_info.samplerate = static_cast<int>(sample_rate_hz);
  sf_info.channels = 1;
  int subtype = 0;
  switch (encoding) {
  case AudioEncoding::Pcm16:
    subtype = SF_FORMAT_PCM_16;
    break;
  case AudioEncoding::Pcm24:
    subtype = SF_FORMAT_PCM_24;
    break;
  case AudioEncoding::Pcm32:
    subtype = SF_FORMAT_PCM_32;
    break;
  case AudioEncoding::Float32:
    subtype = SF_FORMAT_FLOAT;
    break;
  }
  const char *container_text = container == AudioContainer::Flac ? "FLAC" : "WAV";
  if (container == AudioContainer::Flac) {
    if (encoding != AudioEncoding::Pcm16 && encoding != AudioEncoding::Pcm24) {
      throw InputError(impl_->name, "", "encoding",
                       std::string("FLAC holds 16- or 24-bit PCM only, not ") +
                           encodingText(encoding) + "; write it as WAV");
    }
    sf_info.format = SF_FORMAT_FLAC | subtype;
  } else {
    // Plain RIFF WAV, not RF64: until close() its data size reads 0, which our reader
    // recovers (see PatchedWavFile), so a recording cut off by a crash or power loss
    // still yields every sample written. The price is RIFF's 4 GiB limit: 37 hours of
    // 16 kHz 16-bit mono, far beyond any clip Salvo writes.
    sf_info.format = SF_FORMAT_WAV | subtype;
  }
  if (sf_format_check(&sf_info) == 0) {
    throw InputError(impl_->name, "", "format",
                     std::string("libsndfile cannot write ") + container_text + " " +
                         encodingText(encoding) + " at " + std::to_string(sf_info.samplerate) +
                         " Hz");
  }
  impl_->handle = sf_open(path.c_str(), SFM_WRITE, &sf_info);
  if (impl_->handle == nullptr) {
    throw InputError(impl_->name, "", "",
                     std::string("cannot be created: ") + sf_strerror(nullptr));
  }
  // We quantise PCM ourselves (see quantise()), but ask libsndfile to clip as well so no
  // path through it can ever wrap a loud sample around to the opposite sign.
  sf_command(impl_->handle, SFC_SET_CLIPPING, nullptr, SF_TRUE);
  if (encoding != AudioEncoding::Float32) {
    impl_->quantised.resize(kWriteChunkSamples);
  }
}

AudioFileWriter::~AudioFileWriter() {
  try {
    close();
  } catch (const InputError &) {
    // A destructor cannot report; callers who need to know call close() themselves.
  }
}

void AudioFileWriter::write(std::span<const float> samples) {
  Impl &impl = *impl_;
  if (impl.handle == nullptr) {
    throw InputError(impl.name, "", "", "cannot be written after it was closed");
  }
  const auto fail = [&impl]() {
    return InputError(impl.name, frameText(impl.frames_written), "data",
                      std::string("write failed: ") + sf_strerror(impl.handle));
  };
  if (impl.encoding == AudioEncoding::Float32) {
    const auto count = static_cast<sf_count_t>(samples.size());
    if (sf_writef_float(impl.handle, samples.data(), count) != count) {
      throw fail();
    }
    impl.frames_written += count;
    return;
  }
  const int bits = bitsOf(impl.encoding);
  while (!samples.empty()) {
    const std::size_t count = std::min(samples.size(), impl.quantised.size());
    quantise(samples.first(count), bits, impl.quantised.data());
    if (sf_writef_int(impl.handle, impl.quantised.data(), static_cast<sf_count_t>(count)) !=
        static_cast<sf_count_t>(count)) {
      throw fail();
    }
    impl.frames_written += static_cast<std::int64_t>(count);
    samples = samples.subspan(count);
  }
}

void AudioFileWriter::close() {
  Impl &impl = *impl_;
  if (impl.handle == nullptr) {
    return;
  }
  sf_write_sync(impl.handle);
  const int result = sf_close(impl.handle);
  impl.handle = nullptr;
  if (result != 0) {
    throw InputError(impl.name, "", "",
                     std::string("could not be finished: ") + sf_error_number(result));
  }
}

void writeAudioFile(const std::filesystem::path &path, std::span<const float> samples,
                    double sample_rate_hz, AudioContainer container, AudioEncoding encoding) {
  AudioFileWriter writer(path, sample_rate_hz, container, encoding);
  writer.write(samples);
  writer.close();
}

} // namespace salvo
