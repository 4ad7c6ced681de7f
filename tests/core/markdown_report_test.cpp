#include "core/markdown_report.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/core/report_scenarios.h"

namespace linkform {
namespace {

using testing::kFakeSecret;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

const char* kTableHeader = "| To add | To change | To destroy | Manual | Blocked |";

TEST(PlanToMarkdown, ShowsEveryChangeThatFits) {
  const std::string md = plan_to_markdown(testing::multi_environment_plan());
  EXPECT_NE(md.find(kTableHeader), std::string::npos);
  EXPECT_NE(md.find("| 1 | 0 | 0 | 1 | 0 |"), std::string::npos);
  EXPECT_EQ(count(md, "<details>"), 3U);  // two resources and the live state
  EXPECT_NE(md.find("<b>frontegg_connector.bitbucket-dev [dev]</b> will be created"), std::string::npos);
  EXPECT_EQ(md.find("bitbucket-prod [prod]</b>"), std::string::npos) << "no-ops are not shown";
  EXPECT_NE(md.find("2. Tick \"Issues: Read\". Save."), std::string::npos);
  EXPECT_EQ(md.find("not shown"), std::string::npos);
}

TEST(PlanToMarkdown, DiffBlockMarksEachAttribute) {
  const std::string md = plan_to_markdown(testing::update_plan());
  EXPECT_NE(md.find("```diff\n~ name                      = \"Bitbucket (renamed)\" -> \"Bitbucket\"\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("\n  client_secret             = (sensitive value, unchanged)\n"), std::string::npos);
  EXPECT_NE(md.find("\n~ client_secret = (sensitive value)\n"), std::string::npos);
}

TEST(PlanToMarkdown, StepContinuationLinesAreHardBreaks) {
  const std::string md = plan_to_markdown(testing::bootstrap_plan());
  EXPECT_NE(md.find("2. Name:          Frontegg Integration\\\n   Description:   OAuth consumer"),
            std::string::npos)
      << md;
}

TEST(PlanToMarkdown, EscapesHtmlAndLongBacktickRuns) {
  Plan plan = testing::create_plan();
  plan.changes[1].headline = "will be <b>created</b> & more";
  plan.changes[1].attributes[2].after = Value::string("has ``` inside");
  const std::string md = plan_to_markdown(plan);
  EXPECT_NE(md.find("will be &lt;b&gt;created&lt;/b&gt; &amp; more"), std::string::npos);
  EXPECT_NE(md.find("````diff\n"), std::string::npos);
}

TEST(PlanToMarkdown, StaysUnderTheLimitWithFiveThousandResources) {
  const Plan plan = testing::large_plan(5000);
  const std::string md = plan_to_markdown(plan);
  EXPECT_LE(md.size(), kMarkdownMaxBytes);
  EXPECT_GT(md.size(), kMarkdownMaxBytes / 2) << "the room is used";
  EXPECT_NE(md.find(kTableHeader), std::string::npos);
  EXPECT_NE(md.find("| 5000 | 0 | 0 | 0 | 0 |"), std::string::npos);
  const std::size_t shown = count(md, "<details>");
  EXPECT_EQ(shown, count(md, "</details>")) << "no section is cut in half";
  EXPECT_NE(md.find(std::to_string(5000 - shown) + " of 5000 resource changes are not shown, nor the live "
                                                   "state read,** to keep this under 60 KB. Run `linkform "
                                                   "plan` for the full output."),
            std::string::npos);
  EXPECT_EQ(md.find("Live state read"), std::string::npos);
}

TEST(PlanToMarkdown, StaysUnderAnyLimit) {
  const Plan plan = testing::large_plan(300);
  for (std::size_t limit : {0UL, 1UL, 50UL, 200UL, 400UL, 1000UL, 4096UL, 20000UL, 65536UL}) {
    EXPECT_LE(plan_to_markdown(plan, limit).size(), limit) << limit;
  }
}

TEST(PlanToMarkdown, ASingleHugeResourceIsLeftOutNotCut) {
  Plan plan = testing::create_plan();
  plan.changes[1].notes.assign(2000, std::string(100, 'n'));
  const std::string md = plan_to_markdown(plan);
  EXPECT_LE(md.size(), kMarkdownMaxBytes);
  EXPECT_EQ(count(md, "<details>"), 0U);
  EXPECT_NE(md.find("1 of 1 resource changes are not shown"), std::string::npos);
}

TEST(PlanToMarkdown, DropsTheLiveStateFirst) {
  Plan plan = testing::create_plan();
  const std::string full = plan_to_markdown(plan);
  const auto live = full.find("<details><summary>Live state read");
  ASSERT_NE(live, std::string::npos);
  const std::string md = plan_to_markdown(plan, live + 200);
  EXPECT_LE(md.size(), live + 200);
  EXPECT_NE(md.find("frontegg_connector.bitbucket</b> will be created"), std::string::npos);
  EXPECT_NE(md.find("The live state read is not shown"), std::string::npos);
}

TEST(PlanToMarkdown, NeverShowsTheValueOfASensitiveAttribute) {
  Plan plan = testing::update_plan();
  for (auto& c : plan.changes) {
    for (auto& a : c.attributes) {
      if (a.sensitive) a.before = a.after = Value::string(kFakeSecret);
    }
  }
  EXPECT_EQ(plan_to_markdown(plan).find(kFakeSecret), std::string::npos);
}

TEST(ApplyToMarkdown, SaysWhatFailed) {
  const Plan plan = testing::update_plan();
  ApplyReport report;
  report.done = {plan.changes[1].address};
  report.not_done = {plan.changes[2].address};
  report.failed = true;
  report.failure = "frontegg_connector.bitbucket-ci: returned 500";
  const std::string md = apply_to_markdown(plan, report);
  EXPECT_NE(md.find("## linkform apply"), std::string::npos);
  EXPECT_NE(md.find("**Apply failed.** Resources: 0 added, 1 changed, 0 destroyed."), std::string::npos);
  EXPECT_NE(md.find("- Not done: <code>frontegg_connector.bitbucket-ci</code>"), std::string::npos);
  EXPECT_NE(md.find("- First failure: frontegg_connector.bitbucket-ci: returned 500"), std::string::npos);
}

TEST(MarkdownReporter, PlanModeWritesOneDocument) {
  std::ostringstream out;
  std::ostringstream err;
  {
    MarkdownReporter reporter(out, err, ReportMode::kPlan);
    reporter.plan(testing::bootstrap_plan());
  }
  EXPECT_EQ(out.str(), plan_to_markdown(testing::bootstrap_plan()));
  EXPECT_EQ(err.str(), "");
}

TEST(MarkdownReporter, ApplyModeWaitsForTheOutcome) {
  std::ostringstream out;
  std::ostringstream err;
  const Plan plan = testing::create_plan();
  MarkdownReporter reporter(out, err, ReportMode::kApply);
  reporter.plan(plan);
  EXPECT_EQ(out.str(), "");
  ApplyReport report;
  report.done = {plan.changes[1].address};
  reporter.apply_summary(plan, report);
  reporter.finish();
  EXPECT_EQ(count(out.str(), "## linkform apply"), 1U);
  EXPECT_NE(out.str().find("**Apply complete!** Resources: 1 added"), std::string::npos);
}

TEST(MarkdownReporter, ApplyWithNothingToApplyWritesThePlanAtFinish) {
  std::ostringstream out;
  std::ostringstream err;
  {
    MarkdownReporter reporter(out, err, ReportMode::kApply);
    reporter.plan(testing::bootstrap_plan());
  }
  EXPECT_NE(out.str().find("Nothing was applied."), std::string::npos);
  EXPECT_NE(out.str().find("must be created by a person"), std::string::npos);
}

TEST(MarkdownReporter, ErrorIsShownOnBothStreams) {
  std::ostringstream out;
  std::ostringstream err;
  {
    MarkdownReporter reporter(out, err, ReportMode::kPlan);
    reporter.error("first\nsecond");
  }
  EXPECT_EQ(err.str(), "Error: first\nError: second\n");
  EXPECT_EQ(out.str(), "## linkform plan failed\n\n```\nfirst\nsecond\n```\n");
}

}  // namespace
}  // namespace linkform
