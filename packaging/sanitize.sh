#!/usr/bin/env bash
# The sanitizer run: builds the engine and CLI tests with AddressSanitizer + UndefinedBehavior-
# Sanitizer (CMake preset `asan`: RelWithDebInfo, no PCH, build-asan/) and runs them with CTest.
#
#   bash packaging/sanitize.sh [extra ctest arguments, e.g. -R tst_imageio]
#
# Which tests: every test labelled `default` except the GUI ones (label `gui`) and the fuzz smoke
# run (label `fuzz`: it builds its own clang + ASan + libFuzzer tree), i.e.
# `ctest -L default -LE 'gui|fuzz'`. Only the executables those tests run (and instyle-cli, which
# the CLI tests start) are built. Suppressions are packaging/sanitizers/{asan,lsan,ubsan}.supp.
# Reports stop the test (halt_on_error=1) with a stack trace; findings inside LibTorch, Qt, OpenCV
# and the system libraries are suppressed by packaging/sanitizers/*.supp (each entry commented).
# INSTYLE_ASAN_BUILD_DIR overrides the build folder (an existing tree configured with
# INSTYLE_SANITIZE=ON is reused as it is, e.g. one with PCH on).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash packaging/install-deps.sh test

dir=${INSTYLE_ASAN_BUILD_DIR:-$root/build-asan}
if [ ! -f "$dir/CMakeCache.txt" ]; then
  cmake --preset asan -B "$dir"
else
  grep -q '^INSTYLE_SANITIZE:BOOL=ON' "$dir/CMakeCache.txt" ||
    { echo "sanitize: $dir was not configured with INSTYLE_SANITIZE=ON" >&2; exit 2; }
  cmake "$dir" >/dev/null
fi

labels=(-L default -LE 'gui|fuzz')
# The executables of the selected tests, from CTest's own list (so new tests are picked up).
# Extra arguments (-R, -E ...) narrow this list too: `sanitize.sh -R tst_imageio` builds only that.
# (Read from the CTestTestfile.cmake files: CTest's JSON omits the command of unbuilt tests.)
mapfile -t targets < <(ctest --test-dir "$dir" -N "${labels[@]}" "$@" --show-only=json-v1 |
  /usr/bin/python3 -c '
import json, os, re, sys
build = os.path.realpath(sys.argv[1])
selected = {t["name"] for t in json.load(sys.stdin)["tests"]}
targets = {"instyle-cli"}
for folder, _, files in os.walk(build):
    if "CTestTestfile.cmake" in files:
        text = open(os.path.join(folder, "CTestTestfile.cmake")).read()
        for name, exe in re.findall(r"add_test\(\[?=*\[?(\S+?)\]?=*\]? \"([^\"]+)\"", text):
            if name in selected and os.path.realpath(exe).startswith(build + "/"):
                targets.add(os.path.basename(exe))
print("\n".join(sorted(targets)))' "$dir")
echo "sanitize: building ${targets[*]} in $dir"
nice -n 15 cmake --build "$dir" --parallel 2 --target "${targets[@]}"

supp=$root/packaging/sanitizers
export ASAN_OPTIONS="halt_on_error=1:print_stacktrace=1:detect_leaks=1:suppressions=$supp/asan.supp"
export LSAN_OPTIONS="print_suppressions=0:suppressions=$supp/lsan.supp"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$supp/ubsan.supp"
# Tests are 2-4x slower under ASan: one at a time on small machines keeps them inside their timeouts.
ctest --test-dir "$dir" "${labels[@]}" --output-on-failure --parallel "${INSTYLE_SANITIZE_JOBS:-1}" "$@"
