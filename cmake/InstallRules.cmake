# Install rules for libskb::skb: headers, the library, a CMake package
# (find_package(libskb) -> libskb::skb) and a pkg-config file (libskb.pc).
#
#   <prefix>/include/libskb/{linux,net,skb}/...   -I<prefix>/include/libskb
#   <prefix>/<libdir>/libskb.a (or .so)
#   <prefix>/<libdir>/cmake/libskb/libskbConfig.cmake, ...ConfigVersion.cmake, ...Targets.cmake
#   <prefix>/<libdir>/pkgconfig/libskb.pc
#
# The package carries no sanitizer flags: a library built with LIBSKB_SANITIZE
# must be linked with the same -fsanitize flags by its consumers.
include(CMakePackageConfigHelpers)

set(LIBSKB_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/libskb"
    CACHE STRING "Where libskbConfig.cmake is installed, relative to the prefix")
set(LIBSKB_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
    CACHE STRING "Where libskb.pc is installed, relative to the prefix")
mark_as_advanced(LIBSKB_INSTALL_CMAKEDIR LIBSKB_INSTALL_PKGCONFIGDIR)

install(TARGETS skb
  EXPORT libskbTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT libskb_development
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT libskb_runtime
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT libskb_runtime
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/libskb)

install(DIRECTORY "${PROJECT_SOURCE_DIR}/libskb/include/"
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/libskb
  COMPONENT libskb_development
  FILES_MATCHING PATTERN "*.h")

install(EXPORT libskbTargets
  NAMESPACE libskb::
  DESTINATION ${LIBSKB_INSTALL_CMAKEDIR}
  COMPONENT libskb_development)

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/libskbConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/libskbConfig.cmake"
  INSTALL_DESTINATION ${LIBSKB_INSTALL_CMAKEDIR})
# 0.x: a minor version may break the API.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/libskbConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/libskbConfig.cmake"
  "${PROJECT_BINARY_DIR}/libskbConfigVersion.cmake"
  DESTINATION ${LIBSKB_INSTALL_CMAKEDIR}
  COMPONENT libskb_development)

# pkg-config. The prefix is found from the .pc file's own location
# (${pcfiledir}), so `cmake --install --prefix <anywhere>` yields a working file.
function(_libskb_pc_dir var dir)
  if(IS_ABSOLUTE "${dir}")
    set(${var} "${dir}" PARENT_SCOPE)
  else()
    set(${var} "\${prefix}/${dir}" PARENT_SCOPE)
  endif()
endfunction()

if(IS_ABSOLUTE "${LIBSKB_INSTALL_PKGCONFIGDIR}")
  set(LIBSKB_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _rel "/prefix/${LIBSKB_INSTALL_PKGCONFIGDIR}" "/prefix")
  string(REGEX REPLACE "/$" "" _rel "${_rel}")
  set(LIBSKB_PC_PREFIX "\${pcfiledir}/${_rel}")
endif()
_libskb_pc_dir(LIBSKB_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
_libskb_pc_dir(LIBSKB_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")

set(LIBSKB_PC_CFLAGS "")
if(LIBSKB_CHECKED)
  set(LIBSKB_PC_CFLAGS "-DLIBSKB_CHECKED=1")
endif()

# libskb is C++: a C program linking it needs the C++ runtime, i.e. the
# libraries the C++ compiler links implicitly that the C compiler does not.
set(_cxx_runtime "")
foreach(lib IN LISTS CMAKE_CXX_IMPLICIT_LINK_LIBRARIES)
  if(NOT lib IN_LIST CMAKE_C_IMPLICIT_LINK_LIBRARIES AND NOT lib MATCHES "^(gcc|gcc_s|c)$")
    list(APPEND _cxx_runtime "-l${lib}")
  endif()
endforeach()
list(REMOVE_DUPLICATES _cxx_runtime)
set(_private_libs ${_cxx_runtime})
if(CMAKE_DL_LIBS)
  list(APPEND _private_libs "-l${CMAKE_DL_LIBS}")
endif()
list(JOIN _private_libs " " _private_libs)

# A static libskb needs absl, libdl and the C++ runtime on the link line of
# every program (plain `pkg-config --libs`); a shared one only when the
# consumer links statically (--static).
get_target_property(_skb_type skb TYPE)
if(_skb_type STREQUAL "STATIC_LIBRARY")
  set(LIBSKB_PC_REQUIRES "absl_flat_hash_map absl_flat_hash_set")
  set(LIBSKB_PC_REQUIRES_PRIVATE "")
  set(LIBSKB_PC_LIBS "-L\${libdir} -lskb ${_private_libs}")
  set(LIBSKB_PC_LIBS_PRIVATE "")
else()
  set(LIBSKB_PC_REQUIRES "")
  set(LIBSKB_PC_REQUIRES_PRIVATE "absl_flat_hash_map absl_flat_hash_set")
  set(LIBSKB_PC_LIBS "-L\${libdir} -lskb")
  set(LIBSKB_PC_LIBS_PRIVATE "${_private_libs}")
endif()

configure_file("${CMAKE_CURRENT_LIST_DIR}/libskb.pc.in" "${PROJECT_BINARY_DIR}/libskb.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/libskb.pc"
  DESTINATION ${LIBSKB_INSTALL_PKGCONFIGDIR}
  COMPONENT libskb_development)
