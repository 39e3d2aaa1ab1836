#!/usr/bin/env bash
# Installs the Debian 12 packages instyle needs to build, test and run.
# Idempotent: does nothing when everything is already present. Needs root (or sudo).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libtorch-dev libopenblas0-pthread
  qt6-base-dev qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6svg6-dev libqt6opengl6-dev libgl-dev
  libopencv-dev
  python3-torch python3-torchvision python3-numpy python3-skimage
  xvfb xauth imagemagick
  librsvg2-bin desktop-file-utils appstream groff-base dpkg-dev fakeroot file nsis
  clang libclang-rt-14-dev  # the fuzz smoke test (libFuzzer's runtime is not pulled in by clang)
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
