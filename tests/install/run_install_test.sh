#!/usr/bin/env bash
# ctest install_consumer: installs the current build into a scratch prefix,
# then builds and runs a consumer against it twice — with find_package(libskb)
# and with plain `cc $(pkg-config --cflags --libs libskb)`. Any failure fails
# the test.
#
# The sanitizer flags of the parent build are passed in: a sanitized libskb
# only links into a program built with the same -fsanitize flags.
set -euo pipefail

usage() {
  echo "usage: $0 --cmake CMAKE --build-dir DIR --work-dir DIR --consumer-src DIR" \
       "[--generator G] [--build-type T] [--cc CC] [--cxx CXX] [--cc-id ID]" \
       "[--sanitizer-flags 'FLAGS'] [--libdir LIBDIR]" >&2
  exit 2
}

cmake_cmd=cmake build_dir="" work_dir="" consumer_src="" generator="" build_type=""
cc=cc cxx=c++ cc_id="" sanitizer_flags="" libdir=lib
while (($#)); do
  case "$1" in
    --cmake) cmake_cmd=$2 ;;
    --build-dir) build_dir=$2 ;;
    --work-dir) work_dir=$2 ;;
    --consumer-src) consumer_src=$2 ;;
    --generator) generator=$2 ;;
    --build-type) build_type=$2 ;;
    --cc) cc=$2 ;;
    --cxx) cxx=$2 ;;
    --cc-id) cc_id=$2 ;;
    --sanitizer-flags) sanitizer_flags=$2 ;;
    --libdir) libdir=$2 ;;
    *) usage ;;
  esac
  shift 2 || usage
done
[[ -n $build_dir && -n $work_dir && -n $consumer_src ]] || usage

step() { printf '\n=== install_consumer: %s\n' "$*"; }

prefix=$work_dir/prefix
rm -rf "$work_dir"
mkdir -p "$work_dir"

step "install $build_dir -> $prefix"
"$cmake_cmd" --install "$build_dir" --prefix "$prefix" ${build_type:+--config "$build_type"}

# What a consumer relies on must be there; what is private must not be.
for f in include/libskb/linux/skbuff.h include/libskb/net/checksum.h include/libskb/skb/skb.h \
         "$libdir/pkgconfig/libskb.pc" "$libdir/cmake/libskb/libskbConfig.cmake" \
         "$libdir/cmake/libskb/libskbConfigVersion.cmake" "$libdir/cmake/libskb/libskbTargets.cmake"; do
  [[ -f $prefix/$f ]] || { echo "missing from the install: $f" >&2; exit 1; }
done
if find "$prefix" -name internal.h -o -name '*.cc' | grep -q .; then
  echo "core sources leaked into the install:" >&2
  find "$prefix" -name internal.h -o -name '*.cc' >&2
  exit 1
fi
ls "$prefix/$libdir"/libskb.* >/dev/null

# --- 1. CMake: find_package(libskb) ---------------------------------------
step "configure the consumer with find_package(libskb)"
cmake_args=(
  -S "$consumer_src" -B "$work_dir/cmake-build"
  -DCMAKE_PREFIX_PATH="$prefix"
  -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON
  -DCMAKE_C_COMPILER="$cc"
  -DCMAKE_CXX_COMPILER="$cxx"
  -DCMAKE_C_FLAGS="$sanitizer_flags"
  -DCMAKE_CXX_FLAGS="$sanitizer_flags"
  -DCMAKE_EXE_LINKER_FLAGS="$sanitizer_flags"
)
[[ -n $generator ]] && cmake_args+=(-G "$generator")
[[ -n $build_type ]] && cmake_args+=(-DCMAKE_BUILD_TYPE="$build_type")
"$cmake_cmd" "${cmake_args[@]}"

found_dir=$(sed -n 's/^libskb_DIR:[A-Z]*=//p' "$work_dir/cmake-build/CMakeCache.txt")
if [[ $(realpath "$found_dir") != $(realpath "$prefix/$libdir/cmake/libskb") ]]; then
  echo "find_package(libskb) found $found_dir, not the scratch install" >&2
  exit 1
fi

step "build the consumer"
"$cmake_cmd" --build "$work_dir/cmake-build" -j 2

step "run the consumers"
"$work_dir/cmake-build/consumer_c"
"$work_dir/cmake-build/consumer_cxx"

# --- 2. pkg-config ----------------------------------------------------------
step "build the consumer with pkg-config"
export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
pkg-config --exists --print-errors libskb
pc_cflags=$(pkg-config --cflags libskb)
pc_libs=$(pkg-config --libs libskb)
echo "pkg-config --cflags libskb: $pc_cflags"
echo "pkg-config --libs libskb:   $pc_libs"

link_flags=()
if [[ -n $sanitizer_flags ]]; then
  read -r -a link_flags <<<"$sanitizer_flags"
  # The C driver links only the C parts of the sanitizer runtimes; libskb is C++.
  [[ $cc_id == Clang ]] && link_flags+=(-fsanitize-link-c++-runtime)
fi
# shellcheck disable=SC2086 # pkg-config output is meant to be word-split
"$cc" -std=c11 -Wall -Werror "${link_flags[@]}" $pc_cflags \
  -o "$work_dir/consumer_pkgconfig" "$consumer_src/main.c" $pc_libs

step "run the pkg-config consumer"
# (a shared libskb is not on the loader's path in a scratch prefix)
LD_LIBRARY_PATH=$prefix/$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} "$work_dir/consumer_pkgconfig"

step "passed"
