// What a CI step greps for: a plan whose reads failed never says "No changes", and an apply that leaves
// manual actions (exit code 3) never says "Apply complete", in the human and the Markdown output alike.

#include <gtest/gtest.h>

#include <sstream>

#include "core/markdown_report.h"
#include "core/report.h"
#include "tests/core/report_scenarios.h"

namespace linkform {
namespace {

Plan every_read_failed() {
  Plan plan;
  plan.sources = {"Bitbucket", "Frontegg"};
  plan.errors = {"[bitbucket]: 401", "[frontegg]: 401", "[frontegg]: 401 again", "environment dev: 500"};
  return plan;
}

std::string human_plan(const Plan& plan) {
  std::ostringstream out;
  std::ostringstream err;
  HumanReporter(out, err, HumanStyle{false}).plan(plan);
  return out.str();
}

std::string human_apply(const Plan& plan, const ApplyReport& report) {
  std::ostringstream out;
  std::ostringstream err;
  HumanReporter(out, err, HumanStyle{false}).apply_summary(plan, report);
  return out.str() + err.str();
}

TEST(CiWording, APlanWhoseReadsAllFailedSaysIncompleteNeverNoChanges) {
  const Plan plan = every_read_failed();
  const std::string text = human_plan(plan);
  EXPECT_NE(text.find("Plan incomplete: 4 reads or checks failed (see the errors); what could be read "
                      "matches the configuration."),
            std::string::npos)
      << text;
  const std::string md = plan_to_markdown(plan);
  EXPECT_NE(md.find("**Plan incomplete: 4 reads or checks failed"), std::string::npos) << md;
  for (const std::string& out : {text, md}) {
    EXPECT_EQ(out.find("No changes"), std::string::npos) << out;
    EXPECT_EQ(out.find("no changes"), std::string::npos) << out;
  }
}

TEST(CiWording, APlanWithChangesAndAFailedReadSaysBoth) {
  Plan plan = testing::create_plan();
  plan.errors = {"[bitbucket]: 401"};
  const std::string text = human_plan(plan);
  const auto summary = text.find("Plan: ");
  const auto incomplete = text.find(
      "Plan incomplete: 1 read or check failed (see the errors); the changes "
      "above are those of what could be read.");
  ASSERT_NE(summary, std::string::npos) << text;
  EXPECT_GT(incomplete, summary) << text;
  EXPECT_NE(plan_to_markdown(plan).find("**Plan incomplete: 1 read or check failed"), std::string::npos);
}

TEST(CiWording, AnApplyThatLeavesManualActionsSaysIncomplete) {
  const Plan plan = testing::multi_environment_plan();
  ApplyReport report = testing::manual_left_apply(plan);
  const std::string text = human_apply(plan, report);
  EXPECT_NE(text.find("Apply incomplete: manual actions remain. Resources: 1 added, 0 changed, 0 destroyed."),
            std::string::npos)
      << text;
  const std::string md = apply_to_markdown(plan, report);
  EXPECT_NE(md.find("**Apply incomplete: manual actions remain.** Resources: 1 added"), std::string::npos)
      << md;
  for (const std::string& out : {text, md}) EXPECT_EQ(out.find("Apply complete"), std::string::npos) << out;

  report.pending_manual.clear();
  EXPECT_NE(human_apply(plan, report).find("Apply complete! Resources: 1 added"), std::string::npos);
}

TEST(CiWording, ApplyHeadlines) {
  ApplyReport report;
  EXPECT_EQ(apply_headline(report), "Apply complete!");
  report.pending_manual.push_back(*Address::parse("bitbucket_consumer.mcp"));
  EXPECT_EQ(apply_headline(report), "Apply incomplete: manual actions remain.");
  report.interrupted = true;
  EXPECT_EQ(apply_headline(report), "Apply interrupted.");
  report.failed = true;
  EXPECT_EQ(apply_headline(report), "Apply failed.");
}

}  // namespace
}  // namespace linkform
