#!/usr/bin/env bash
# Checks that engine/'s includes follow its rooms (the subsystem folders), in a second and without
# a build: test.sh runs it before building, CTest as `engine_rooms`. Prints each offending line.
#
# The rooms, lowest first (engine/core/CMakeLists.txt and engine/imaging/CMakeLists.txt say what
# each holds). A file may include its own room and the rooms on earlier lines; rooms on one line
# are siblings and include none of each other; nothing in engine/ includes ui/ or app/.
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"

rooms=(
  "core/base"
  "core/checkpoint core/kernels"
  "core/nets"
  "core/style core/segmentation core/sam"
  "imaging/io"
  "imaging/selection imaging/compose"
)

include='#[[:space:]]*include[[:space:]]*'
offending=""
for ((level = 0; level < ${#rooms[@]}; ++level)); do
  for room in ${rooms[level]}; do
    higher=$(printf '%s\n' "${rooms[@]:level}" ui app | tr ' ' '\n' | grep -vxF "$room" | paste -sd '|')
    offending+=$(grep -rnE "$include\"($higher)/" "engine/$room" || true)$'\n'
  done
done
# base/ is what every room and the widgets include: its headers stay free of LibTorch proper.
offending+=$(grep -nE "$include<(torch|ATen)/" engine/core/base/*.h || true)$'\n'
# MobileSAM's blocks are private to it (mobile_sam.h declares what callers drive).
offending+=$(grep -rnE "$include\"core/sam/mobile_sam_blocks.h\"" engine ui app bench tests 2>/dev/null |
  grep -v '^engine/core/sam/mobile_sam.cpp:' || true)

offending=$(printf '%s' "$offending" | sed '/^$/d')
if [ -n "$offending" ]; then
  echo "check-rooms: FAILED: includes that point sideways or up (see packaging/check-rooms.sh):" >&2
  echo "$offending" >&2
  exit 1
fi
echo "check-rooms: engine's includes follow its rooms"
