# KernelModule.cmake: kernel module sources compiled the way kbuild compiles
# them, against libskb's kernel headers, under one profile's API personality.
#
#   libskb_add_kernel_module(<target> NAME <modname> SOURCES <file>...
#                            [PROFILE <name>] [INCLUDE_DIRECTORIES <dir>...]
#                            [DEFINITIONS <def>...] [COMPILE_OPTIONS <opt>...]
#                            [WERROR] [NO_UNMODELLED_STUBS] [SHARED_OBJECT])
#
# <target> is a static library (SHARED_OBJECT: a shared object <modname>.so
# for a program exporting libskb, skbtool) holding the module's objects and the stubs of
# the kernel functions it calls that libskb does not define (see "Unmodelled
# functions" below); it links libskb::skb. A program that has nothing else
# referencing the module's symbols (a fuzzer, which finds the module through
# the registry module_init's constructor fills) links it whole:
#
#   libskb_link_kernel_module(<consumer> <target>)
#
# Compilation, as kbuild does it (top-level Makefile of the profile's kernel):
#   * GNU C (-std=gnu11; kbuild used gnu89 before v5.18, but modules written
#     for those kernels compile as gnu11 too), -Wall;
#   * KBUILD_MODNAME="<modname>" and __KBUILD_MODNAME=kmod_<modname>;
#   * LIBSKB_API_VERSION_CODE (and LIBSKB_API_RHEL_RELEASE) of PROFILE from
#     libskb/api_profiles.tsv (default: the row marked default);
#   * the warnings kbuild turns into errors in that kernel, so that what
#     fails in kbuild fails here with the compiler's message and what kbuild
#     accepts is accepted (libskb_kernel_module_flags below);
#   * the code-generation flags that change what C means there
#     (-fno-strict-aliasing, -fno-common, -fno-delete-null-pointer-checks,
#     -fno-strict-overflow);
#   * -fno-sanitize=alignment: x86 kernels read packet headers in place at
#     any alignment (NET_IP_ALIGN is 0, so the IPv4 header of a received frame
#     sits at 2 mod 4) and build without CONFIG_UBSAN_ALIGNMENT;
#   * WERROR: every warning is an error (the bundled examples stay strict).
#
# Unmodelled functions: after compiling, cmake/unmodelled_stubs.py lists the
# functions the module's objects call but neither the module, libskb nor an
# allow-list of C library functions with kernel semantics (mem*/str*, ...)
# define. It renames those references in copies of the objects and generates
# one stub per function that ends the run with
#   module called <function> (<file>:<line>), which libskb does not model
# and exit status 2 (libskb/src/kernel/unmodelled.cc). So a module links even
# when it calls a kernel function libskb does not provide, and such a call is
# never a silent wrong answer. Data symbols cannot be stubbed loudly: they stay
# undefined and the link fails naming them (docs/fuzzing.md).

include_guard(GLOBAL)

find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(LIBSKB_PYTHON3 "${Python3_EXECUTABLE}" CACHE INTERNAL "")

set(LIBSKB_API_PROFILES_TSV "${CMAKE_CURRENT_LIST_DIR}/../libskb/api_profiles.tsv" CACHE INTERNAL "")
set(LIBSKB_UNMODELLED_STUBS_PY "${CMAKE_CURRENT_LIST_DIR}/unmodelled_stubs.py" CACHE INTERNAL "")

# libskb_api_profile(<name> <out-version-code> <out-rhel-release>): the
# profile's row of api_profiles.tsv; an empty <name> picks the default row.
function(libskb_api_profile name out_code out_rhel)
  file(STRINGS "${LIBSKB_API_PROFILES_TSV}" rows REGEX "^[^#]")
  foreach(row IN LISTS rows)
    string(REGEX REPLACE "[\t ]+" ";" f "${row}")
    list(LENGTH f n)
    if(n LESS 3)
      continue()
    endif()
    list(GET f 0 pname)
    list(GET f 1 version)
    list(GET f 2 rhel)
    set(is_default OFF)
    if(n GREATER 3)
      list(GET f 3 d)
      if(d STREQUAL "default")
        set(is_default ON)
      endif()
    endif()
    if((name AND pname STREQUAL name) OR (NOT name AND is_default))
      string(REPLACE "." ";" v "${version}")
      list(APPEND v 0 0)
      list(GET v 0 a)
      list(GET v 1 b)
      list(GET v 2 c)
      if(c GREATER 255)
        set(c 255)  # KERNEL_VERSION() clamps the sublevel since v4.9.256
      endif()
      math(EXPR code "(${a} << 16) + (${b} << 8) + ${c}")
      set(${out_code} ${code} PARENT_SCOPE)
      if(rhel STREQUAL "-")
        set(${out_rhel} "" PARENT_SCOPE)
      else()
        string(REPLACE "." ";" r "${rhel}")
        list(GET r 0 ra)
        list(GET r 1 rb)
        math(EXPR rcode "(${ra} << 8) + ${rb}")  # RHEL_RELEASE_VERSION(a, b)
        set(${out_rhel} ${rcode} PARENT_SCOPE)
      endif()
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "libskb: no profile '${name}' in ${LIBSKB_API_PROFILES_TSV}")
endfunction()

# libskb_kernel_module_flags(<version-code> <out-list>): the compiler flags of
# kbuild in the kernel <version-code> that matter for module source: the
# warnings that are errors there, and the code-generation flags that change
# what the C means. scripts/fuzz_modules.py (kbuild_flags) mirrors this table.
function(libskb_kernel_module_flags code out)
  set(flags -Wall
    # Top-level Makefile, KBUILD_CFLAGS, every version this project models
    # (2.6.32 already had -Werror-implicit-function-declaration).
    -Werror=implicit-function-declaration
    -fno-strict-aliasing -fno-common
    # v2.6.31+: "-fno-delete-null-pointer-checks" (a NULL check after a
    # dereference stays, as in the kernel).
    -fno-delete-null-pointer-checks
    # v2.6.29+ (-fwrapv before it): signed overflow wraps in the kernel.
    -fno-strict-overflow
    # KBUILD_CFLAGS: kernel code mixes signed and unsigned char pointers and
    # passes non-literal formats.
    -Wno-pointer-sign -Wno-format-security
    # CONFIG_FRAME_POINTER kernels (x86 default): no tail calls, so a stub's
    # return address is the module's call site.
    -fno-omit-frame-pointer -fno-optimize-sibling-calls)
  if(code GREATER_EQUAL 200448)  # KERNEL_VERSION(3, 15, 0)
    # v3.15: "Makefile: enable -Werror=implicit-int and
    # -Werror=strict-prototypes by default" (Josh Triplett; before it
    # KBUILD_CFLAGS had -Wstrict-prototypes, a warning).
    list(APPEND flags -Werror=implicit-int -Werror=strict-prototypes)
  else()
    list(APPEND flags -Wstrict-prototypes)
  endif()
  if(code GREATER_EQUAL 200704)  # KERNEL_VERSION(3, 16, 0)
    # v3.16: "Makefile: Build with -Werror=date-time if the compiler
    # supports it" (__DATE__/__TIME__ make builds non-reproducible).
    list(APPEND flags -Werror=date-time)
  endif()
  if(code GREATER_EQUAL 263680)  # KERNEL_VERSION(4, 6, 0)
    # v4.6: "kbuild: Add option to turn incompatible pointer check into
    # error" (Daniel Wagner, March 2016): "# enforce correct pointer usage".
    # Before it a hook of another generation's prototype was a warning.
    list(APPEND flags -Werror=incompatible-pointer-types)
  endif()
  if(code GREATER_EQUAL 267008)  # KERNEL_VERSION(4, 19, 0)
    # In KBUILD_CFLAGS beside -Werror=implicit-int in 4.19-era kbuild command
    # lines (the commit that added it was not checked).
    list(APPEND flags -Werror=return-type)
  endif()
  set(${out} ${flags} PARENT_SCOPE)
endfunction()

function(libskb_add_kernel_module target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "WERROR;NO_UNMODELLED_STUBS;SHARED_OBJECT" "NAME;PROFILE"
    "SOURCES;INCLUDE_DIRECTORIES;DEFINITIONS;COMPILE_OPTIONS")
  if(NOT ARG_NAME OR NOT ARG_SOURCES)
    message(FATAL_ERROR "libskb_add_kernel_module(${target} NAME <modname> SOURCES <files>)")
  endif()
  libskb_api_profile("${ARG_PROFILE}" code rhel)
  libskb_kernel_module_flags(${code} kflags)

  set(obj ${target}_obj)
  add_library(${obj} OBJECT ${ARG_SOURCES})
  target_link_libraries(${obj} PRIVATE libskb::skb)
  target_include_directories(${obj} PRIVATE ${ARG_INCLUDE_DIRECTORIES})
  target_compile_definitions(${obj} PRIVATE
    "KBUILD_MODNAME=\"${ARG_NAME}\"" "__KBUILD_MODNAME=kmod_${ARG_NAME}"
    __KERNEL__  # kbuild's KBUILD_CPPFLAGS (Makefile: -D__KERNEL__); modules test it
    "LIBSKB_API_VERSION_CODE=${code}" ${ARG_DEFINITIONS})
  if(rhel)
    target_compile_definitions(${obj} PRIVATE "LIBSKB_API_RHEL_RELEASE=${rhel}")
  endif()
  set_target_properties(${obj} PROPERTIES
    C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS ON POSITION_INDEPENDENT_CODE ON)
  target_compile_options(${obj} PRIVATE ${kflags} -fno-sanitize=alignment
    $<$<BOOL:${ARG_WERROR}>:-Werror> ${ARG_COMPILE_OPTIONS})

  if(ARG_NO_UNMODELLED_STUBS)
    if(ARG_SHARED_OBJECT)
      add_library(${target} MODULE $<TARGET_OBJECTS:${obj}>)
    else()
      add_library(${target} STATIC $<TARGET_OBJECTS:${obj}>)
    endif()
  else()
    # The module's objects, with the calls to unmodelled functions renamed,
    # and the stubs those calls now reach.
    set(dir "${CMAKE_CURRENT_BINARY_DIR}/${target}.unmodelled")
    set(outs "")
    set(i 0)
    foreach(src IN LISTS ARG_SOURCES)
      get_filename_component(base "${src}" NAME)
      list(APPEND outs "${dir}/${i}_${base}.o")
      math(EXPR i "${i} + 1")
    endforeach()
    set(stubs "${dir}/unmodelled_stubs.c")
    find_program(LIBSKB_READELF NAMES readelf llvm-readelf REQUIRED)
    find_program(LIBSKB_OBJCOPY NAMES objcopy llvm-objcopy REQUIRED)
    find_program(LIBSKB_NM NAMES nm llvm-nm REQUIRED)
    add_custom_command(
      OUTPUT ${outs} "${stubs}"
      COMMAND "${LIBSKB_PYTHON3}" "${LIBSKB_UNMODELLED_STUBS_PY}"
        --module "${ARG_NAME}" --nm "${LIBSKB_NM}" --readelf "${LIBSKB_READELF}"
        --objcopy "${LIBSKB_OBJCOPY}" --libskb "$<TARGET_FILE:skb>" --stubs "${stubs}"
        --objects "$<TARGET_OBJECTS:${obj}>" --outputs ${outs}
      DEPENDS ${obj} "$<TARGET_OBJECTS:${obj}>" skb "$<TARGET_FILE:skb>" "${LIBSKB_UNMODELLED_STUBS_PY}"
      COMMAND_EXPAND_LISTS
      COMMENT "Unmodelled kernel functions of module ${ARG_NAME}"
      VERBATIM)
    if(ARG_SHARED_OBJECT)
      add_library(${target} MODULE ${outs} "${stubs}")
    else()
      add_library(${target} STATIC ${outs} "${stubs}")
    endif()
    set_source_files_properties(${outs} PROPERTIES EXTERNAL_OBJECT ON GENERATED ON)
    set_target_properties(${target} PROPERTIES LINKER_LANGUAGE C POSITION_INDEPENDENT_CODE ON)
    # The stubs are harness code: no coverage feedback for libFuzzer.
    target_compile_options(${target} PRIVATE -fno-sanitize=all)
  endif()
  if(ARG_SHARED_OBJECT)
    # Loaded into a program that exports libskb (skbtool): its kernel-API
    # symbols resolve there, so there is one libskb in the process.
    set_target_properties(${target} PROPERTIES PREFIX "" OUTPUT_NAME "${ARG_NAME}" LINKER_LANGUAGE C)
    return()
  endif()
  target_link_libraries(${target} PUBLIC libskb::skb)
  # Code linked with the module (a test that includes the kernel headers too)
  # sees the same API personality.
  target_compile_definitions(${target} INTERFACE "LIBSKB_API_VERSION_CODE=${code}")
  if(rhel)
    target_compile_definitions(${target} INTERFACE "LIBSKB_API_RHEL_RELEASE=${rhel}")
  endif()
endfunction()

# Links a kernel module library into <consumer> whole: every object, so the
# module's constructors register it even when nothing else references it.
function(libskb_link_kernel_module consumer module)
  target_link_libraries(${consumer} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,${module}>")
endfunction()
