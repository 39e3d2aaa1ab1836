#!/usr/bin/env bash
# Installs what is needed (install-deps.sh's test set), builds, and runs the whole test suite with
# CTest.
# Also builds the core-only configuration (-DINSTYLE_CORE_ONLY=ON, ./build-core): engine/core and
# instyle-bench with LibTorch alone, as a GPU machine without Qt or OpenCV builds them, so a Qt or
# OpenCV include in engine/core fails here. It is built before CTest runs: CTest's summary is the
# last thing printed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh test
bash packaging/check-rooms.sh  # engine's include order, before spending minutes on the build
bash packaging/build.sh

core_only_failed() {
  echo "test: FAILED: the core-only build (-DINSTYLE_CORE_ONLY=ON, build-core/): $1" >&2
  echo "test: engine/core and instyle-bench must build with LibTorch alone (no Qt, no OpenCV)" >&2
  exit 1
}
if offending=$(grep -rnE '#[[:space:]]*include[[:space:]]*[<"](Q|opencv)' engine/core); then
  core_only_failed "engine/core includes Qt or OpenCV:"$'\n'"$offending"
fi
# All of it: instyle_core, instyle-bench and instyle-bench-depth. instyle_core's objects are the
# main build's (same flags), so with ccache this takes seconds; without, about 4 min on 2 cores.
INSTYLE_BUILD_DIR=build-core bash packaging/build.sh -DINSTYLE_CORE_ONLY=ON ||
  core_only_failed "see the compiler's messages above"

ctest --test-dir build --output-on-failure --parallel 2 "$@"
