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

TEST(WrapWords, LinesEndByTheWidthWithAHangingIndent) {
  const std::string text =
      "resource targeting is in effect (--target frontegg_connector.bitbucket): this plan covers only those "
      "resources and what they depend on; other resources may have changes it does not show";
  const std::string wrapped = wrap_words(text, 60, 9);
  std::size_t start = 0;
  int lines = 0;
  while (start <= wrapped.size()) {
    const std::size_t end = std::min(wrapped.find('\n', start), wrapped.size());
    const std::string line = wrapped.substr(start, end - start);
    // The first line follows a 9-column prefix; the others carry the indent themselves.
    EXPECT_LE((lines == 0 ? 9 : 0) + line.size(), 60U) << line;
    if (lines > 0) {
      EXPECT_TRUE(line.starts_with("         ") && line[9] != ' ') << line;
    }
    ++lines;
    start = end + 1;
  }
  EXPECT_GE(lines, 3);
  // Nothing lost: the words, in order.
  std::string joined;
  for (char c : wrapped) {
    if (c == '\n') continue;
    if (c == ' ' && !joined.empty() && joined.back() == ' ') continue;
    joined += c;
  }
  EXPECT_EQ(joined, text);
}

TEST(WrapWords, AWordLongerThanALineStaysWhole) {
  const std::string url = "https://bitbucket.org/" + std::string(120, 'a');
  EXPECT_EQ(wrap_words("open " + url + " now", 40, 4), "open\n    " + url + "\n    now");
  EXPECT_EQ(wrap_words("short", 100, 9), "short");
}

}  // namespace
}  // namespace linkform
