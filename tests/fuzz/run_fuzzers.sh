#!/usr/bin/env bash
# The fuzz smoke run of the test suite (CTest test `fuzz_smoke`, labels default;fuzz):
# configures tests/fuzz with clang++ into OUTDIR, builds fuzz_checkpoint and fuzz_image (ASan +
# UBSan + libFuzzer), writes both seed corpora and runs each fuzzer for INSTYLE_FUZZ_SECONDS
# (default 60) seconds. Any finding (crash, sanitizer report, uncaught exception, timeout, memory
# over the limit) fails the run; its reproducer is kept in OUTDIR/artifacts/.
# Exits 77 (CTest: SKIPPED) when clang++ or libFuzzer's runtime (libclang-rt-14-dev) is missing.
#
#   run_fuzzers.sh OUTDIR [PYTHON]        e.g. run_fuzzers.sh build/fuzz-clang /usr/bin/python3
#
# Replay a reproducer: OUTDIR/fuzz_image OUTDIR/artifacts/fuzz_image-crash-<sha1>
set -uo pipefail

src=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: run_fuzzers.sh OUTDIR [PYTHON]}
python=${2:-/usr/bin/python3}
seconds=${INSTYLE_FUZZ_SECONDS:-60}
mkdir -p "$out"
out=$(cd "$out" && pwd)

skip() { echo "SKIPPED: $*"; exit 77; }
fail() { echo "FAILED: $*"; exit 1; }

cxx=${INSTYLE_FUZZ_CXX:-$(command -v clang++ || true)}
[ -n "$cxx" ] || skip "clang++ not found (Debian: apt-get install clang libclang-rt-14-dev)"
printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' \
  >"$out/probe.cpp"
"$cxx" -fsanitize=fuzzer,address,undefined "$out/probe.cpp" -o "$out/probe" >"$out/probe.log" 2>&1 ||
  skip "$cxx cannot link -fsanitize=fuzzer (libFuzzer runtime missing: apt-get install libclang-rt-14-dev)"

echo "== configure + build (clang++: $cxx) into $out"
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if [ ! -f "$out/CMakeCache.txt" ]; then
  cmake -S "$src" -B "$out" "${generator[@]}" "${launcher[@]}" -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DINSTYLE_PYTHON="$python" >"$out/configure.log" 2>&1 ||
    { tail -30 "$out/configure.log"; fail "configuring tests/fuzz with $cxx"; }
fi
start=$SECONDS
cmake --build "$out" --parallel 2 >"$out/build.log" 2>&1 ||
  { grep -E 'error|Error' "$out/build.log" | head -30; fail "building the fuzzers"; }
echo "   built in $((SECONDS - start)) s"

echo "== seed corpora"
rm -rf "$out/corpus"
mkdir -p "$out/corpus/checkpoint" "$out/corpus/image"
if ! "$python" "$src/../fixtures/make_checkpoints.py" --corpus "$out/corpus/checkpoint" >"$out/corpus.log" 2>&1; then
  tail -5 "$out/corpus.log"
  echo "   WARNING: $python could not write the checkpoint corpus (needs torch): fuzz_checkpoint starts from nothing"
fi
sh "$src/make_image_corpus.sh" "$out/corpus/image" 2>>"$out/corpus.log" | sed 's/^/   image: /'
echo "   checkpoint: $(ls "$out/corpus/checkpoint" | wc -l) seed files"

# Sanitizers stop at the first report; OpenCV's codec warnings are silenced by the target itself.
export ASAN_OPTIONS=halt_on_error=1:abort_on_error=0:print_stacktrace=1:allocator_may_return_null=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
rm -rf "$out/artifacts" "$out/work"
mkdir -p "$out/artifacts"
total_findings=0

# run NAME RSS_MB MAX_LEN [extra libFuzzer flags...]
run() {
  local name=$1 rss=$2 maxlen=$3
  shift 3
  local log="$out/$name.log"
  mkdir -p "$out/work/$name"
  echo "== $name: ${seconds} s, -rss_limit_mb=$rss -max_len=$maxlen"
  "$out/$name" -max_total_time="$seconds" -timeout=20 -rss_limit_mb="$rss" -max_len="$maxlen" \
    -print_final_stats=1 -artifact_prefix="$out/artifacts/$name-" "$@" \
    "$out/work/$name" "$out/corpus/${name#fuzz_}" >"$log" 2>&1
  local rc=$?
  local runs speed rss_peak findings
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  rss_peak="$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1) MB"
  if [ -z "$runs" ]; then  # -fork mode: no final stats, the parent's last status line instead
    runs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -1)
    local took
    took=$(sed -n 's/^#[0-9]*: cov:.* time: \([0-9]*\)s .*/\1/p' "$log" | tail -1)
    [ -n "$runs" ] && [ "${took:-0}" -gt 0 ] && speed=$((runs / took))
    rss_peak="per job, under the limit"
  fi
  findings=$(find "$out/artifacts" -name "$name-*" -type f | wc -l)
  if [ "$rc" -ne 0 ] && [ "$findings" -eq 0 ]; then findings=1; fi
  echo "   $name: ${runs:-?} runs, ${speed:-?} exec/s, peak RSS ${rss_peak}, $(grep -c . <(ls "$out/work/$name")) corpus files grown, $findings finding(s) (exit code $rc)"
  if [ "$findings" -ne 0 ]; then
    echo "---- $name: last lines of $log"
    grep -v -E '^#[0-9]+\s+(NEW|REDUCE|pulse)' "$log" | tail -60
    find "$out/artifacts" -name "$name-*" -type f | sed 's/^/   reproducer: /'
  fi
  total_findings=$((total_findings + findings))
}

# fuzz_checkpoint: leak checking is off. LibTorch 1.13's PyTorchStreamReader leaks its miniz state
# (~1 KB) when its constructor throws, which a deflated archive with a damaged deflated version
# record makes it do (the reader cannot check that record without inflating it; stored records,
# what torch.save writes, never reach LibTorch). TorchScript code is no longer compiled by the
# reader, so the 1-5 GB/min leak of LibTorch's TorchScript loader that needed fork mode is gone.
ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 run fuzz_checkpoint 3072 65536 -detect_leaks=0
run fuzz_image 2048 16384

# A fuzzer that died on a finding leaves its scratch file (named after its pid) behind.
for f in /dev/shm/instyle_fuzz_image_*.img /tmp/instyle_fuzz_image_*.img /tmp/fuzz_checkpoint_*.pth; do
  [ -e "$f" ] || continue
  pid=${f##*_}
  kill -0 "${pid%.*}" 2>/dev/null || rm -f "$f"
done

[ "$total_findings" -eq 0 ] || fail "$total_findings finding(s); reproducers in $out/artifacts"
echo "fuzzers ran clean for ${seconds} s each"
