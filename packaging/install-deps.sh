#!/usr/bin/env bash
# Installs the Debian 12 packages instyle needs, in one of two sets:
#   install-deps.sh run    building instyle and instyle-cli and running them: the window, the
#                          headless demo, model downloads (packaging/run.sh)
#   install-deps.sh test   the run set and what the test suite adds: reference Python, Xvfb, the
#                          package validators, the fuzzer's clang (packaging/test.sh; the default)
# Idempotent: does nothing when everything is already present. Needs root (or sudo).
set -euo pipefail

RUN_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libtorch-dev libopenblas0-pthread  # LibTorch; OpenBLAS's threaded build for its BLAS
  qt6-base-dev qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6svg6-dev libqt6opengl6-dev libgl-dev
  qt6-translations-l10n  # Qt's own texts (file dialogs, standard buttons) in the window's language
  libopencv-dev libpng-dev
  curl ca-certificates  # `models download` and the window's downloads (https)
)
# Only what the tests use, besides the run set.
TEST_PACKAGES=(
  python3-torch python3-torchvision python3-numpy python3-skimage  # reference computations
  xvfb xauth                      # the screenshots under Xvfb
  imagemagick                     # CMYK JPEG fixtures
  librsvg2-bin                    # the icon's bitmap sizes (built with all targets)
  desktop-file-utils appstream groff-base dpkg-dev fakeroot file nsis  # the packages' checks
  clang libclang-rt-14-dev        # the fuzz smoke test (libFuzzer's runtime is not pulled in by clang)
)

case "${1:-test}" in
  run) PACKAGES=("${RUN_PACKAGES[@]}") ;;
  test) PACKAGES=("${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
  *)
    echo "usage: install-deps.sh [run|test]" >&2
    exit 2
    ;;
esac

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
