# Every third-party dependency is found once here and linked per target.
find_package(Qt6 6.4 REQUIRED COMPONENTS
  Core Gui Widgets Sql Network Positioning Concurrent PrintSupport Svg Test LinguistTools)
find_package(QCustomPlotQt6 REQUIRED)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(PkgConfig REQUIRED)
pkg_check_modules(PortAudio REQUIRED IMPORTED_TARGET portaudio-2.0)
pkg_check_modules(SndFile REQUIRED IMPORTED_TARGET sndfile)
pkg_check_modules(FFTW3F REQUIRED IMPORTED_TARGET fftw3f)
pkg_check_modules(Sodium REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(SQLite3 REQUIRED IMPORTED_TARGET sqlite3)
find_package(Threads REQUIRED)

set(CMAKE_AUTOMOC ON)
set(CMAKE_AUTORCC ON)
set(CMAKE_AUTOUIC OFF)
