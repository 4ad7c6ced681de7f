# LINKFORM_STATIC: the targets the rest of the build links (CURL::libcurl, OpenSSL::SSL/Crypto,
# PkgConfig::HTTPLIB), made from static libraries only, and -static for every executable.
# scripts/release.sh prepares LINKFORM_STATIC_PREFIX and LINKFORM_HTTPLIB_SOURCE.
if(NOT EXISTS "${LINKFORM_STATIC_PREFIX}/lib/libcurl.a")
  message(FATAL_ERROR "LINKFORM_STATIC: no libcurl.a under LINKFORM_STATIC_PREFIX (${LINKFORM_STATIC_PREFIX}); "
                      "build with scripts/release.sh")
endif()
if(NOT EXISTS "${LINKFORM_HTTPLIB_SOURCE}/httplib.h")
  message(FATAL_ERROR "LINKFORM_STATIC: no httplib.h in LINKFORM_HTTPLIB_SOURCE (${LINKFORM_HTTPLIB_SOURCE})")
endif()

add_link_options(-static)
# Objects name their sources relative to the tree, so the binary does not depend on where it was built.
add_compile_options(-ffile-prefix-map=${CMAKE_SOURCE_DIR}/=)

set(OPENSSL_USE_STATIC_LIBS TRUE)
find_package(OpenSSL REQUIRED)
foreach(lib nghttp2 cares z)
  find_library(LINKFORM_STATIC_${lib} NAMES lib${lib}.a REQUIRED)
endforeach()

# toml++ header-only (Debian's config links its shared library); only core/config_reader.cpp includes it.
find_path(LINKFORM_TOMLPLUSPLUS_INCLUDE toml++/toml.h REQUIRED)
add_library(tomlplusplus::tomlplusplus INTERFACE IMPORTED)
set_target_properties(tomlplusplus::tomlplusplus PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${LINKFORM_TOMLPLUSPLUS_INCLUDE}"
  INTERFACE_COMPILE_DEFINITIONS "TOML_HEADER_ONLY=1")

add_library(CURL::libcurl STATIC IMPORTED)
set_target_properties(CURL::libcurl PROPERTIES
  IMPORTED_LOCATION "${LINKFORM_STATIC_PREFIX}/lib/libcurl.a"
  INTERFACE_INCLUDE_DIRECTORIES "${LINKFORM_STATIC_PREFIX}/include"
  INTERFACE_COMPILE_DEFINITIONS CURL_STATICLIB
  INTERFACE_LINK_LIBRARIES
    "${LINKFORM_STATIC_nghttp2};${LINKFORM_STATIC_cares};OpenSSL::SSL;OpenSSL::Crypto;${LINKFORM_STATIC_z};Threads::Threads")

# The header-only httplib.h, with the features Debian's build has, except brotli (no use here).
add_library(PkgConfig::HTTPLIB INTERFACE IMPORTED)
set_target_properties(PkgConfig::HTTPLIB PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${LINKFORM_HTTPLIB_SOURCE}"
  INTERFACE_COMPILE_DEFINITIONS "CPPHTTPLIB_OPENSSL_SUPPORT;CPPHTTPLIB_ZLIB_SUPPORT"
  INTERFACE_LINK_LIBRARIES "OpenSSL::SSL;OpenSSL::Crypto;${LINKFORM_STATIC_z};Threads::Threads")
