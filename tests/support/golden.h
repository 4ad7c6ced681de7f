#pragma once
// Golden files: user-visible output compared byte for byte with a reviewed
// file under tests/golden/. Run with LINKFORM_UPDATE_GOLDEN=1 to rewrite the
// files from the current output on purpose; then review them with git diff.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace linkform::testing {

inline std::filesystem::path golden_path(const std::string& relative_path) {
  return std::filesystem::path(LINKFORM_SOURCE_DIR) / "tests" / "golden" / relative_path;
}

inline bool updating_golden_files() {
  const char* v = std::getenv("LINKFORM_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

// The first line where two texts differ, for a readable failure.
inline std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream e(expected);
  std::istringstream a(actual);
  std::string el;
  std::string al;
  for (int line = 1;; ++line) {
    const bool has_e = static_cast<bool>(std::getline(e, el));
    const bool has_a = static_cast<bool>(std::getline(a, al));
    if (!has_e && !has_a) return "texts differ only in their final newline";
    if (!has_e || !has_a || el != al) {
      return "first difference at line " + std::to_string(line) +
             ":\n  expected: " + (has_e ? el : "(end of file)") +
             "\n  actual:   " + (has_a ? al : "(end of output)");
    }
  }
}

inline void expect_golden(const std::string& relative_path, const std::string& actual) {
  const auto path = golden_path(relative_path);
  if (updating_golden_files()) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
    std::cout << "[ golden ] rewrote " << path.string() << "\n";
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "golden file " << path
                  << " is missing; run the test with LINKFORM_UPDATE_GOLDEN=1 to create it";
  std::ostringstream expected;
  expected << in.rdbuf();
  EXPECT_TRUE(expected.str() == actual)
      << relative_path << " differs from the output (" << first_difference(expected.str(), actual)
      << ")\nIf the change is intended, rerun with LINKFORM_UPDATE_GOLDEN=1 and review git diff.";
}

}  // namespace linkform::testing
