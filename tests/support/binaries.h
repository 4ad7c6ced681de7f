#pragma once
// The binaries the tests run: those built beside them, or the ones LINKFORM_TEST_BINARY and
// LINKFORM_TEST_EMULATOR_BINARY name. scripts/test.sh runs the main build's end-to-end suite (and the
// static release stage its cli suite too) against the sanitized and the static binaries so, instead of
// compiling those suites again in each build (README, "Sanitizers in CI").

#include <cstdlib>

namespace linkform::testing {

inline const char* binary_or(const char* variable, const char* built) {
  const char* named = std::getenv(variable);
  return named != nullptr && *named != '\0' ? named : built;
}

}  // namespace linkform::testing

#define LINKFORM_BINARY (::linkform::testing::binary_or("LINKFORM_TEST_BINARY", LINKFORM_BUILT_BINARY))
#define LINKFORM_EMULATOR_BINARY \
  (::linkform::testing::binary_or("LINKFORM_TEST_EMULATOR_BINARY", LINKFORM_BUILT_EMULATOR_BINARY))
