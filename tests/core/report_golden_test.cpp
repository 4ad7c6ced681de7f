// Every output format of every plan scenario against its reviewed golden file
// (tests/golden/report/<scenario>.{txt,json,md}). Regenerate on purpose with
// LINKFORM_UPDATE_GOLDEN=1 and review the diff.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <sstream>

#include "core/json_report.h"
#include "core/markdown_report.h"
#include "core/report.h"
#include "core/version.h"
#include "tests/core/report_scenarios.h"
#include "tests/support/golden.h"

namespace linkform {
namespace {

using testing::all_scenarios;
using testing::expect_golden;
using testing::kFakeSecret;

std::string human_plan_text(const Plan& plan) {
  std::ostringstream out;
  std::ostringstream err;
  HumanReporter reporter(out, err, HumanStyle{false});
  reporter.plan(plan);
  EXPECT_EQ(err.str(), "");
  return out.str();
}

// The version changes with every release; the golden files hold a placeholder.
std::string without_version(std::string json) {
  const std::string actual = std::string("\"linkform_version\": \"") + kVersion + "\"";
  const auto at = json.find(actual);
  EXPECT_NE(at, std::string::npos) << "linkform_version missing";
  if (at != std::string::npos) json.replace(at, actual.size(), "\"linkform_version\": \"VERSION\"");
  return json;
}

class ReportGolden : public ::testing::TestWithParam<testing::Scenario> {};

TEST_P(ReportGolden, HumanText) {
  const std::string text = human_plan_text(GetParam().build());
  EXPECT_EQ(text.find(kFakeSecret), std::string::npos);
  expect_golden(std::string("report/") + GetParam().name + ".txt", text);
}

TEST_P(ReportGolden, Json) {
  const std::string json = plan_to_json(GetParam().build());
  EXPECT_EQ(json.find(kFakeSecret), std::string::npos);
  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  ASSERT_FALSE(doc.HasParseError()) << "offset " << doc.GetErrorOffset();
  ASSERT_TRUE(doc.IsObject());
  EXPECT_STREQ(doc["format_version"].GetString(), "1.0");
  EXPECT_STREQ(doc["linkform_version"].GetString(), kVersion);
  expect_golden(std::string("report/") + GetParam().name + ".json", without_version(json));
}

TEST_P(ReportGolden, Markdown) {
  const std::string md = plan_to_markdown(GetParam().build());
  EXPECT_EQ(md.find(kFakeSecret), std::string::npos);
  EXPECT_LE(md.size(), kMarkdownMaxBytes);
  expect_golden(std::string("report/") + GetParam().name + ".md", md);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ReportGolden, ::testing::ValuesIn(all_scenarios()),
                         [](const auto& info) { return std::string(info.param.name); });

ApplyReport failed_apply() {
  ApplyReport report;
  report.done = {"frontegg_connector.bitbucket"};
  report.not_done = {"frontegg_connector.bitbucket-ci"};
  report.pending_manual = {};
  report.failed = true;
  report.failure =
      "frontegg_connector.bitbucket-ci: PATCH "
      "/app-integrations/resources/custom-integrations/v1/9b7a6c5d-rotated "
      "returned 500 (frontegg-trace-id 1234abcd)";
  return report;
}

TEST(ReportGoldenApply, JsonOfAFailedApply) {
  const Plan plan = testing::update_plan();
  std::vector<ApplyEvent> events = {
      {ApplyStep::kStarting, &plan.changes[1], ""},
      {ApplyStep::kDone, &plan.changes[1], "id 3f1c0d2e-renamed"},
      {ApplyStep::kStarting, &plan.changes[2], ""},
      {ApplyStep::kFailed, &plan.changes[2], "returned 500 (frontegg-trace-id 1234abcd)"},
  };
  const std::string json = apply_to_json(plan, failed_apply(), events);
  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_TRUE(doc["apply"]["failed"].GetBool());
  EXPECT_EQ(doc["apply"]["events"].Size(), 2U);  // "starting" events are not listed
  expect_golden("report/apply_failed.json", without_version(json));
}

TEST(ReportGoldenApply, MarkdownOfAnApplyWithManualStepsLeft) {
  const Plan plan = testing::multi_environment_plan();
  ApplyReport report;
  report.done = {"frontegg_connector.bitbucket-dev"};
  report.pending_manual = {"bitbucket_consumer.mcp-prod"};
  const std::string md = apply_to_markdown(plan, report);
  EXPECT_NE(md.find("**Apply complete!** Resources: 1 added, 0 changed, 0 destroyed."), std::string::npos);
  expect_golden("report/apply_manual_left.md", md);
}

}  // namespace
}  // namespace linkform
