#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build script for libskb.
#
# Run by the base-builder's `compile` from WORKDIR $SRC/libskb with CC, CXX,
# CFLAGS, CXXFLAGS (sanitizer and coverage flags included), LIB_FUZZING_ENGINE,
# OUT and WORK set. The same script builds outside the container with those
# variables set by hand:
#
#   CC=clang CXX=clang++ CFLAGS="-fsanitize=address,fuzzer-no-link" \
#   CXXFLAGS="-fsanitize=address,fuzzer-no-link" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
#   OUT=/tmp/cfl-out WORK=/tmp/cfl-work bash .clusterfuzzlite/build.sh
#
# What it leaves in $OUT, for every libFuzzer target fuzz/CMakeLists.txt
# defines (fuzz_*, whatever exists at build time):
#   <target>                 the fuzzer
#   <target>.dict/.options   beside it, when fuzz/targets/ has them
#   <target>_seed_corpus.zip corpus/<target>/, when it exists
#
# The sanitizers come from CFLAGS/CXXFLAGS, not from LIBSKB_SANITIZE, and
# cmake/Sanitizers.cmake links $LIB_FUZZING_ENGINE into the fuzz targets
# only. Checked mode is on, as in the fuzz preset: it is what turns a broken
# skb into a report at the call that broke it.
set -euo pipefail  # also when run as `bash build.sh`, which ignores the #! flags

# The source tree: the current directory when it is libskb (OSS-Fuzz runs
# this from WORKDIR), else the repository around this script, else
# $SRC/libskb. LIBSKB_SRC overrides.
is_libskb() { [[ -f "$1/CMakeLists.txt" ]] && grep -q 'project(libskb' "$1/CMakeLists.txt"; }
if [[ -n "${LIBSKB_SRC:-}" ]]; then
  src="$LIBSKB_SRC"
elif is_libskb "$PWD"; then
  src="$PWD"
elif is_libskb "$(dirname "${BASH_SOURCE[0]}")/.."; then
  src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
else
  src="${SRC:?SRC is not set}/libskb"
fi
is_libskb "$src" || { echo "build.sh: no libskb source tree at $src" >&2; exit 1; }

: "${OUT:?OUT is not set}"
: "${LIB_FUZZING_ENGINE:?LIB_FUZZING_ENGINE is not set}"
build="${WORK:-/tmp}/libskb-build"
mkdir -p "$OUT" "$build"

generator=()
if command -v ninja >/dev/null 2>&1; then
  generator=(-G Ninja)
fi

# LIB_FUZZING_ENGINE is read from the environment at configure time.
export LIB_FUZZING_ENGINE
cmake -S "$src" -B "$build" "${generator[@]}" \
  -DCMAKE_C_COMPILER="${CC:-clang}" \
  -DCMAKE_CXX_COMPILER="${CXX:-clang++}" \
  -DCMAKE_C_FLAGS="${CFLAGS:-}" \
  -DCMAKE_CXX_FLAGS="${CXXFLAGS:-}" \
  -DCMAKE_EXE_LINKER_FLAGS="${LDFLAGS:-}" \
  -DLIBSKB_BUILD_FUZZERS=ON \
  -DLIBSKB_BUILD_TESTS=OFF \
  -DLIBSKB_BUILD_BENCHMARKS=OFF \
  -DLIBSKB_INSTALL=OFF \
  -DLIBSKB_CHECKED=ON
cmake --build "$build" --parallel "$(nproc)"

# Every fuzz_* executable of the build's fuzz/ directory but the corpus
# replays (fuzz_*_replay), which run without libFuzzer.
targets=()
while IFS= read -r -d '' bin; do
  targets+=("$bin")
done < <(find "$build/fuzz" -maxdepth 1 -type f -name 'fuzz_*' ! -name '*_replay' -perm -u+x -print0 | sort -z)
if [[ ${#targets[@]} -eq 0 ]]; then
  echo "build.sh: no fuzz targets in $build/fuzz (is LIB_FUZZING_ENGINE honoured?)" >&2
  exit 1
fi

for bin in "${targets[@]}"; do
  name="$(basename "$bin")"
  cp "$bin" "$OUT/$name"
  for ext in dict options; do
    if [[ -f "$src/fuzz/targets/$name.$ext" ]]; then
      cp "$src/fuzz/targets/$name.$ext" "$OUT/$name.$ext"
    fi
  done
  corpus="$src/corpus/$name"
  rm -f "$OUT/${name}_seed_corpus.zip"
  if [[ -d "$corpus" ]] && [[ -n "$(ls -A "$corpus")" ]]; then
    (cd "$corpus" && zip -q -r "$OUT/${name}_seed_corpus.zip" .)
  fi
  echo "build.sh: $name"
done
