#include "platform/LibraryVersions.h"

#include <Eigen/Core>
#include <QtGlobal>
#include <fftw3.h>
#include <portaudio.h>
#include <sndfile.h>
#include <sodium.h>
#include <sqlite3.h>

#include <array>

namespace salvo {

std::vector<std::pair<std::string, std::string>> libraryVersions() {
  std::array<char, 128> sndfileVersion{};
  sf_command(nullptr, SFC_GET_LIB_VERSION, sndfileVersion.data(),
             static_cast<int>(sndfileVersion.size()));
  const std::string eigen = std::to_string(EIGEN_WORLD_VERSION) + "." +
                            std::to_string(EIGEN_MAJOR_VERSION) + "." +
                            std::to_string(EIGEN_MINOR_VERSION);
  return {
      {"Qt", qVersion()},
      {"PortAudio", Pa_GetVersionText()},
      {"libsndfile", sndfileVersion.data()},
      {"SQLite", sqlite3_libversion()},
      {"Eigen", eigen},
      {"FFTW", fftwf_version},
      {"libsodium", sodium_version_string()},
  };
}

} // namespace salvo
