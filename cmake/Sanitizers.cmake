# Sanitizers for every target of the build.
#
# LIBSKB_SANITIZE is a list of sanitizer names: address, undefined, leak,
# thread, memory, and fuzzer (libFuzzer coverage instrumentation). The flags are
# applied to the whole directory tree (add_compile_options/add_link_options
# before add_subdirectory), because the library, the tests and the fuzz targets
# must all agree: an ASan-instrumented libskb cannot be linked into an
# uninstrumented program.
#
# "fuzzer" instruments everything with -fsanitize=fuzzer-no-link; only the fuzz
# targets link the libFuzzer driver (-fsanitize=fuzzer), through the INTERFACE
# target libskb::fuzzing_engine.
#
# Combinations the toolchains do not support are refused at configure time.
#
# After libskb_enable_sanitizers():
#   LIBSKB_SANITIZER_FLAGS   the compile and link flags applied (a list); code
#                            that builds against libskb outside this build
#                            (tests/install) must use them too.
#   LIBSKB_WITH_LIBFUZZER    TRUE when "fuzzer" is in LIBSKB_SANITIZE.

set(LIBSKB_SANITIZE "" CACHE STRING
    "Sanitizers for the whole build, a ;-list of: address undefined leak thread memory fuzzer")
set_property(CACHE LIBSKB_SANITIZE PROPERTY STRINGS
    "" "address;undefined" "address" "undefined" "thread" "memory" "fuzzer;address;undefined")

function(_libskb_sanitizer_conflict a b)
  if(a IN_LIST LIBSKB_SANITIZE AND b IN_LIST LIBSKB_SANITIZE)
    message(FATAL_ERROR
      "LIBSKB_SANITIZE=\"${LIBSKB_SANITIZE}\": '${a}' and '${b}' cannot be combined "
      "(their runtimes cannot share a process).")
  endif()
endfunction()

function(libskb_enable_sanitizers)
  set(known address undefined leak thread memory fuzzer)
  set(flags "")
  set(with_libfuzzer FALSE)

  # The libFuzzer driver, linked by fuzz targets only. OSS-Fuzz and
  # ClusterFuzzLite set their sanitizer flags in CFLAGS/CXXFLAGS and name the
  # engine in $LIB_FUZZING_ENGINE; a local fuzz build uses LIBSKB_SANITIZE=fuzzer.
  add_library(libskb_fuzzing_engine INTERFACE)
  add_library(libskb::fuzzing_engine ALIAS libskb_fuzzing_engine)
  if(DEFINED ENV{LIB_FUZZING_ENGINE})
    separate_arguments(engine UNIX_COMMAND "$ENV{LIB_FUZZING_ENGINE}")
    target_link_options(libskb_fuzzing_engine INTERFACE ${engine})
  elseif("fuzzer" IN_LIST LIBSKB_SANITIZE)
    target_link_options(libskb_fuzzing_engine INTERFACE -fsanitize=fuzzer)
  endif()

  list(REMOVE_DUPLICATES LIBSKB_SANITIZE)
  if(NOT LIBSKB_SANITIZE)
    set(LIBSKB_SANITIZER_FLAGS "" PARENT_SCOPE)
    set(LIBSKB_WITH_LIBFUZZER FALSE PARENT_SCOPE)
    return()
  endif()

  foreach(s IN LISTS LIBSKB_SANITIZE)
    if(NOT s IN_LIST known)
      message(FATAL_ERROR
        "LIBSKB_SANITIZE: unknown sanitizer '${s}' (known: ${known}). "
        "Separate several with ';', e.g. -DLIBSKB_SANITIZE=address\\;undefined.")
    endif()
  endforeach()

  foreach(lang C CXX)
    if(NOT CMAKE_${lang}_COMPILER_ID MATCHES "^(Clang|GNU)$")
      message(FATAL_ERROR
        "LIBSKB_SANITIZE needs clang or gcc; the ${lang} compiler is ${CMAKE_${lang}_COMPILER_ID}.")
    endif()
  endforeach()
  if(NOT CMAKE_C_COMPILER_ID STREQUAL CMAKE_CXX_COMPILER_ID)
    message(FATAL_ERROR
      "LIBSKB_SANITIZE: the C compiler (${CMAKE_C_COMPILER_ID}) and the C++ compiler "
      "(${CMAKE_CXX_COMPILER_ID}) must be the same family: their sanitizer runtimes differ.")
  endif()

  _libskb_sanitizer_conflict(address thread)
  _libskb_sanitizer_conflict(address memory)
  _libskb_sanitizer_conflict(leak thread)
  _libskb_sanitizer_conflict(leak memory)
  _libskb_sanitizer_conflict(thread memory)

  if("memory" IN_LIST LIBSKB_SANITIZE AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LIBSKB_SANITIZE: 'memory' (MSan) is clang-only.")
  endif()
  if("fuzzer" IN_LIST LIBSKB_SANITIZE)
    if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang" OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
      message(FATAL_ERROR
        "LIBSKB_SANITIZE: 'fuzzer' (libFuzzer) needs clang for both C and C++; "
        "this build uses ${CMAKE_C_COMPILER_ID}/${CMAKE_CXX_COMPILER_ID}. "
        "Configure with -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ (or the fuzz preset).")
    endif()
    if("thread" IN_LIST LIBSKB_SANITIZE OR "memory" IN_LIST LIBSKB_SANITIZE)
      message(FATAL_ERROR
        "LIBSKB_SANITIZE: libskb fuzzes with address/undefined; 'fuzzer' with "
        "'thread' or 'memory' is not supported.")
    endif()
    set(with_libfuzzer TRUE)
  endif()

  set(runtime "${LIBSKB_SANITIZE}")
  list(REMOVE_ITEM runtime fuzzer)
  if(with_libfuzzer)
    list(APPEND flags -fsanitize=fuzzer-no-link)
  endif()
  if(runtime)
    list(JOIN runtime "," joined)
    list(APPEND flags -fsanitize=${joined})
  endif()
  if("undefined" IN_LIST LIBSKB_SANITIZE)
    # UB is a test failure, not a log line.
    list(APPEND flags -fno-sanitize-recover=undefined)
  endif()
  list(APPEND flags -fno-omit-frame-pointer)
  if("address" IN_LIST LIBSKB_SANITIZE)
    list(APPEND flags -fno-optimize-sibling-calls)
  endif()

  add_compile_options(${flags})
  add_link_options(${flags})

  message(STATUS "libskb: sanitizers ${LIBSKB_SANITIZE}: ${flags}")
  set(LIBSKB_SANITIZER_FLAGS "${flags}" PARENT_SCOPE)
  set(LIBSKB_WITH_LIBFUZZER ${with_libfuzzer} PARENT_SCOPE)
endfunction()
