#!/usr/bin/env bash
# Configures and builds instyle (Release) into ./build. Extra arguments go to CMake's configure step.
#   INSTYLE_BUILD_DIR      the build folder (default build), relative to the source root
#   INSTYLE_BUILD_TARGETS  space-separated targets to build (default: all)
# e.g. INSTYLE_BUILD_DIR=build-core INSTYLE_BUILD_TARGETS="instyle_core instyle-bench" \
#        bash packaging/build.sh -DINSTYLE_CORE_ONLY=ON
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${INSTYLE_BUILD_DIR:-build}
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
if [ ! -f "$dir/CMakeCache.txt" ]; then
  cmake -S . -B "$dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release "$@"
elif [ $# -gt 0 ]; then
  cmake -S . -B "$dir" "$@"
fi
build=(cmake --build "$dir" --parallel "$(nproc)")
if [ -n "${INSTYLE_BUILD_TARGETS:-}" ]; then
  read -r -a targets <<<"$INSTYLE_BUILD_TARGETS"
  build+=(--target "${targets[@]}")
fi
"${build[@]}"
