// core/terminal_text.cpp: vendor text cannot drive the terminal.

#include "core/terminal_text.h"

#include <gtest/gtest.h>

namespace linkform {
namespace {

TEST(TerminalSafe, EscapesC0DelAndC1ControlsButNotTabsOrUtf8) {
  EXPECT_EQ(terminal_safe("Bit\x1b[2Jbucket"), "Bit\\x1b[2Jbucket");
  EXPECT_EQ(terminal_safe("line\rforged\nnext"), "line\\x0dforged\\x0anext");
  EXPECT_EQ(terminal_safe("a\tb\x7f"), "a\tb\\x7f");
  EXPECT_EQ(terminal_safe("csi \xc2\x9b"
                          "31m"),
            "csi \\u009b31m");
  EXPECT_EQ(terminal_safe("caf\xc3\xa9 \xc2\xa0ok"), "caf\xc3\xa9 \xc2\xa0ok");
}

}  // namespace
}  // namespace linkform
