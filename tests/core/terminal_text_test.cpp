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

// Issue 22: bidirectional overrides and isolates reorder what a person reads (a "Trojan Source" line).
TEST(TerminalSafe, EscapesBidirectionalControls) {
  EXPECT_EQ(terminal_safe("a\xe2\x80\xae"
                          "b\xe2\x81\xa6"
                          "c\xe2\x81\xa9"),
            "a\\u202eb\\u2066c\\u2069");
  EXPECT_EQ(terminal_safe("\xe2\x80\xaa\xe2\x80\xac"), "\\u202a\\u202c");
  EXPECT_EQ(terminal_safe("dash \xe2\x80\x94 ok"), "dash \xe2\x80\x94 ok");  // U+2014 is text
}

TEST(JsonControlsEscaped, C1AndBidiBecomeEscapesAndTheJsonMeansTheSame) {
  EXPECT_EQ(json_controls_escaped("{\"n\":\"a\xc2\x9b"
                                  "b\xe2\x80\xae"
                                  "c\"}"),
            "{\"n\":\"a\\u009bb\\u202ec\"}");
  EXPECT_EQ(json_controls_escaped("{\"n\":\"caf\xc3\xa9\"}"), "{\"n\":\"caf\xc3\xa9\"}");
}

}  // namespace
}  // namespace linkform
