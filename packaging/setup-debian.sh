#!/usr/bin/env bash
# Installs every Debian 12 package Salvo needs to build, run, test and package.
# Idempotent: apt-get skips what is already installed. Run as root or with sudo.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git clang-format clang-tidy
  # Qt 6.4 and plotting
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-positioning-dev
  qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-translations-l10n libgl-dev libqcustomplot-dev libqcustomplot2.1-qt6
  # audio, maths, storage, crypto
  portaudio19-dev libasound2-dev libasound2-plugins alsa-utils
  libsndfile1-dev libeigen3-dev libfftw3-dev libsqlite3-dev sqlite3 libsodium-dev
  # tests, tools and packaging checks
  xvfb xauth libxml2-utils aubio-tools appstream desktop-file-utils dpkg-dev file
  fonts-dejavu-core
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-debian: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

echo "setup-debian: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
