#include "core/suggest.h"

#include <gtest/gtest.h>

#include "core/diagnostics.h"

namespace linkform {
namespace {

TEST(EditDistance, CountsEdits) {
  EXPECT_EQ(edit_distance("", ""), 0U);
  EXPECT_EQ(edit_distance("abc", "abc"), 0U);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
  EXPECT_EQ(edit_distance("", "abc"), 3U);
  EXPECT_EQ(edit_distance("mpc", "mcp"), 1U);
}

TEST(DidYouMean, SuggestsCloseNames) {
  const std::vector<std::string> keys = {"workspace", "api_url", "oauth_url"};
  EXPECT_EQ(did_you_mean("worksapce", keys), " (did you mean \"workspace\"?)");
  EXPECT_EQ(did_you_mean("zzz", keys), "");
}

TEST(DidYouMean, SuggestsTheNameATruncationBegins) {
  EXPECT_EQ(closest_match("repo", {"repository", "repository:write", "project"}), "repository");
  EXPECT_EQ(closest_match("re", {"repository"}), "");
}

TEST(Diagnostics, FormatsWithAndWithoutPosition) {
  EXPECT_EQ(format_diagnostic({Severity::kError, {"a.toml", 3, 7}, "bad"}), "a.toml:3:7: error: bad");
  EXPECT_EQ(format_diagnostic({Severity::kWarning, {"a.toml", 0, 0}, "meh"}), "a.toml: warning: meh");
}

TEST(Diagnostics, SortsByPositionAndCounts) {
  Diagnostics d;
  d.error({"f", 9, 1}, "late");
  d.warning({"f", 2, 5}, "early warning");
  d.error({"f", 2, 1}, "early");
  EXPECT_EQ(d.error_count(), 2);
  EXPECT_EQ(d.warning_count(), 1);
  const auto s = d.sorted();
  EXPECT_EQ(s[0].message, "early");
  EXPECT_EQ(s[1].message, "early warning");
  EXPECT_EQ(s[2].message, "late");
}

}  // namespace
}  // namespace linkform
