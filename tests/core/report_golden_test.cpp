// Every output format of every plan scenario against its reviewed golden file
// (tests/golden/report/<scenario>.{txt,json,md}). Regenerate on purpose with
// LINKFORM_UPDATE_GOLDEN=1 and review the diff.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
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

// The scenario with kFakeSecret put where a planner bug could put it: into every sensitive attribute's
// values, and one more sensitive attribute holding it on every resource. A reporter shows only that a
// sensitive value changes, so the output must be the scenario's own plus the added lines, and never
// the secret.
Plan with_injected_secret(Plan plan) {
  for (auto& c : plan.changes) {
    for (auto& a : c.attributes) {
      if (a.sensitive) a.before = a.after = Value::string(kFakeSecret);
    }
  }
  return plan;
}

// Every reporter's text, for the injected-secret checks.
std::vector<std::string> every_rendering(const Plan& plan) {
  return {human_plan_text(plan), plan_to_json(plan), plan_to_markdown(plan)};
}

class ReportGolden : public ::testing::TestWithParam<testing::Scenario> {};

TEST_P(ReportGolden, NoReporterShowsASecretPutIntoASensitiveAttribute) {
  const Plan clean = GetParam().build();
  Plan injected = with_injected_secret(clean);
  const auto expected = every_rendering(clean);
  const auto rendered = every_rendering(injected);
  for (std::size_t i = 0; i < rendered.size(); ++i) {
    EXPECT_EQ(rendered[i].find(kFakeSecret), std::string::npos) << "reporter " << i;
    EXPECT_EQ(rendered[i], expected[i]) << "reporter " << i << ": a sensitive value changed the output";
  }
  // A sensitive attribute added to every resource: shown as one line, never its value.
  for (auto& c : injected.changes)
    c.attributes.push_back({"token", Value::string(kFakeSecret), Value::string(kFakeSecret), true, true});
  const bool shows_attributes = std::ranges::any_of(
      injected.changes, [](const ResourceChange& c) { return c.action != Action::kNoop; });
  for (const auto& text : every_rendering(injected)) {
    EXPECT_EQ(text.find(kFakeSecret), std::string::npos);
    if (shows_attributes) {
      EXPECT_NE(text.find("token"), std::string::npos);
    }
  }
}

TEST_P(ReportGolden, HumanText) {
  const std::string text = human_plan_text(GetParam().build());
  expect_golden(std::string("report/") + GetParam().name + ".txt", text);
}

TEST_P(ReportGolden, Json) {
  const std::string json = plan_to_json(GetParam().build());
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
  EXPECT_LE(md.size(), kMarkdownMaxBytes);
  expect_golden(std::string("report/") + GetParam().name + ".md", md);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ReportGolden, ::testing::ValuesIn(all_scenarios()),
                         [](const auto& info) { return std::string(info.param.name); });

ApplyReport failed_apply() {
  ApplyReport report;
  report.done = {testing::at("frontegg_connector.bitbucket", "default")};
  report.not_done = {testing::at("frontegg_connector.bitbucket-ci", "default")};
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
  const ApplyReport report = testing::manual_left_apply(plan);
  const std::string md = apply_to_markdown(plan, report);
  EXPECT_NE(
      md.find("**Apply incomplete: manual actions remain.** Resources: 1 added, 0 changed, 0 destroyed."),
      std::string::npos);
  expect_golden("report/apply_manual_left.md", md);
}

}  // namespace
}  // namespace linkform
