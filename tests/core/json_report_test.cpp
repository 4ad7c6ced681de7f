#include "core/json_report.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <sstream>

#include "tests/core/report_scenarios.h"

namespace linkform {
namespace {

using testing::kFakeSecret;

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  EXPECT_FALSE(doc.HasParseError()) << json;
  return doc;
}

const rapidjson::Value& change_of(const rapidjson::Document& doc, const std::string& address) {
  for (const auto& c : doc["resource_changes"].GetArray()) {
    if (address == c["address"].GetString()) return c;
  }
  ADD_FAILURE() << address << " not in the document";
  static const rapidjson::Value null;
  return null;
}

TEST(PlanToJson, DescribesEachResource) {
  const auto doc = parse(plan_to_json(testing::bootstrap_plan()));
  const auto& consumer = change_of(doc, "bitbucket_consumer.mcp");
  EXPECT_STREQ(consumer["type"].GetString(), "bitbucket_consumer");
  EXPECT_STREQ(consumer["name"].GetString(), "mcp");
  EXPECT_TRUE(consumer["environment"].IsNull());
  EXPECT_TRUE(consumer["remote_id"].IsNull());
  EXPECT_STREQ(consumer["actions"][0].GetString(), "manual");
  ASSERT_EQ(consumer["manual_steps"].Size(), 5U);
  // Continuation lines lose the terminal's indentation.
  EXPECT_STREQ(
      consumer["manual_steps"][1].GetString(),
      "Name:          Frontegg Integration\nDescription:   OAuth consumer for the Frontegg MCP gateway\n"
      "Callback URL:  https://acme.mcp-gw.frontegg.com/integration-callback\n"
      "URL:           https://app.acme.example");
  const auto& connector = change_of(doc, "frontegg_connector.bitbucket");
  EXPECT_STREQ(connector["type"].GetString(), "frontegg_connector");
  EXPECT_STREQ(connector["environment"].GetString(), "default");
  EXPECT_STREQ(connector["actions"][0].GetString(), "blocked");
  EXPECT_STREQ(connector["depends_on"][0].GetString(), "bitbucket_consumer.mcp");
  EXPECT_EQ(doc["summary"]["manual"].GetInt(), 1);
  EXPECT_EQ(doc["summary"]["blocked"].GetInt(), 1);
  EXPECT_EQ(doc["observations"].Size(), 2U);
  EXPECT_FALSE(doc.HasMember("apply"));
}

TEST(PlanToJson, WarningsAndErrorsAppearOnlyWhenThereAreSome) {
  const auto clean = parse(plan_to_json(testing::no_changes_plan()));
  EXPECT_FALSE(clean.HasMember("warnings"));
  EXPECT_FALSE(clean.HasMember("errors"));
  Plan plan = testing::no_changes_plan();
  plan.warnings.push_back("a template found by name");
  plan.errors.push_back("bitbucket_consumer.mcp: POST /site/oauth2/access_token: 503 Service Unavailable");
  const auto doc = parse(plan_to_json(plan));
  ASSERT_TRUE(doc.HasMember("warnings") && doc["warnings"].IsArray());
  EXPECT_STREQ(doc["warnings"][0].GetString(), "a template found by name");
  ASSERT_TRUE(doc.HasMember("errors") && doc["errors"].IsArray());
  EXPECT_EQ(doc["errors"].Size(), 1u);
}

TEST(PlanToJson, ListsNoopResourcesWithTheirAction) {
  const auto doc = parse(plan_to_json(testing::no_changes_plan()));
  ASSERT_EQ(doc["resource_changes"].Size(), 2U);
  EXPECT_STREQ(doc["resource_changes"][1]["actions"][0].GetString(), "no-op");
  EXPECT_STREQ(doc["resource_changes"][1]["remote_id"].GetString(), "3f1c0d2e-same");
  EXPECT_EQ(doc["summary"]["add"].GetInt() + doc["summary"]["change"].GetInt(), 0);
}

TEST(PlanToJson, CreateHasTypedAfterValuesAndFlagsTheSecret) {
  const auto doc = parse(plan_to_json(testing::create_plan()));
  const auto& change = change_of(doc, "frontegg_connector.bitbucket")["change"];
  EXPECT_TRUE(change["before"].ObjectEmpty());
  EXPECT_STREQ(change["after"]["name"].GetString(), "Bitbucket");
  EXPECT_TRUE(change["after"]["enabled"].IsBool());
  ASSERT_TRUE(change["after"]["scopes"].IsArray());
  EXPECT_EQ(change["after"]["scopes"].Size(), 4U);
  EXPECT_FALSE(change["after"].HasMember("client_secret"));
  EXPECT_TRUE(change["after_sensitive"]["client_secret"].GetBool());
  EXPECT_TRUE(change["before_sensitive"].ObjectEmpty());
}

TEST(PlanToJson, UpdateShowsWhichSensitiveValuesChange) {
  const auto doc = parse(plan_to_json(testing::update_plan()));
  const auto& renamed = change_of(doc, "frontegg_connector.bitbucket")["change"];
  EXPECT_STREQ(renamed["before"]["name"].GetString(), "Bitbucket (renamed)");
  EXPECT_STREQ(renamed["after"]["name"].GetString(), "Bitbucket");
  EXPECT_TRUE(renamed["before"]["custom_configuration.team"].IsNull());
  EXPECT_TRUE(renamed["before_sensitive"]["client_secret"].GetBool());
  EXPECT_TRUE(renamed["after_sensitive"]["client_secret"].GetBool());
  std::vector<std::string> changed;
  for (const auto& n : renamed["changed_attributes"].GetArray()) changed.emplace_back(n.GetString());
  EXPECT_EQ(changed, (std::vector<std::string>{"name", "scopes", "custom_configuration.team"}));

  const auto& rotated = change_of(doc, "frontegg_connector.bitbucket-ci")["change"];
  EXPECT_EQ(rotated["changed_attributes"].Size(), 2U);
  EXPECT_STREQ(rotated["changed_attributes"][1].GetString(), "client_secret");
}

TEST(PlanToJson, DeleteHasBeforeValuesOnly) {
  const auto doc = parse(plan_to_json(testing::delete_plan()));
  const auto& c = change_of(doc, "frontegg_connector.legacy");
  EXPECT_STREQ(c["actions"][0].GetString(), "delete");
  EXPECT_STREQ(c["change"]["before"]["slug"].GetString(), "legacy");
  EXPECT_TRUE(c["change"]["after"].ObjectEmpty());
  EXPECT_EQ(doc["summary"]["destroy"].GetInt(), 1);
}

// A planner bug that put a secret into a sensitive attribute must still not
// reach the output.
TEST(PlanToJson, NeverShowsTheValueOfASensitiveAttribute) {
  Plan plan = testing::update_plan();
  for (auto& c : plan.changes) {
    for (auto& a : c.attributes) {
      if (a.sensitive) a.before = a.after = Value::string(kFakeSecret);
    }
  }
  EXPECT_EQ(plan_to_json(plan).find(kFakeSecret), std::string::npos);
}

// Values are typed from the planner to the document: a name that reads like a list, a boolean or
// "(none)" stays the string it is (a rendered value parsed back could not tell them apart).
TEST(PlanToJson, AReplaceIsACreateThenADeleteAndAValueOnlyTheApplyLearnsIsUnknown) {
  const auto doc = parse(plan_to_json(testing::replace_plan()));
  const auto& client = change_of(doc, "acme_application.mcp");
  ASSERT_EQ(client["actions"].Size(), 2U);
  EXPECT_STREQ(client["actions"][0].GetString(), "create");
  EXPECT_STREQ(client["actions"][1].GetString(), "delete");
  EXPECT_STREQ(client["change"]["before"]["client_id"].GetString(), "9f8e7d");
  EXPECT_FALSE(client["change"]["after"].HasMember("client_id"));
  EXPECT_TRUE(client["change"]["after_unknown"]["client_id"].GetBool());
  EXPECT_EQ(doc["summary"]["add"].GetInt(), 2);
  EXPECT_EQ(doc["summary"]["destroy"].GetInt(), 1);
}

TEST(PlanToJson, KeepsEachValueItsType) {
  Plan plan = testing::create_plan();
  auto& attributes = plan.changes[1].attributes;
  attributes[0].after = Value::string("[\"a\", \"b\"]");
  attributes[2].after = Value::string("true");
  attributes.push_back({"custom_configuration.team", Value::none(), Value::string("(none)"), false, true});
  const auto doc = parse(plan_to_json(plan));
  const auto& after = change_of(doc, "frontegg_connector.bitbucket")["change"]["after"];
  EXPECT_STREQ(after["name"].GetString(), "[\"a\", \"b\"]");
  EXPECT_STREQ(after["description"].GetString(), "true");
  EXPECT_TRUE(after["enabled"].IsBool());
  EXPECT_TRUE(after["scopes"].IsArray());
  EXPECT_STREQ(after["custom_configuration.team"].GetString(), "(none)");
  EXPECT_TRUE(change_of(doc, "frontegg_connector.bitbucket")["change"]["before"]["custom_configuration.team"]
                  .IsNull());
}

TEST(ErrorToJson, IsOneObjectWithTheMessage) {
  const auto doc = parse(error_to_json("config \"x\": line 1\nline 2"));
  EXPECT_STREQ(doc["error"]["message"].GetString(), "config \"x\": line 1\nline 2");
  EXPECT_STREQ(doc["format_version"].GetString(), "1.0");
}

TEST(JsonReporter, PlanModeWritesOneDocumentWhenThePlanIsShown) {
  std::ostringstream out;
  std::ostringstream err;
  {
    JsonReporter reporter(out, err, ReportMode::kPlan);
    reporter.reading();
    reporter.plan(testing::create_plan());
    EXPECT_EQ(out.str(), plan_to_json(testing::create_plan()));
  }
  EXPECT_EQ(out.str(), plan_to_json(testing::create_plan()));  // nothing more at destruction
  EXPECT_EQ(err.str(), "");
}

TEST(JsonReporter, ApplyModeWritesThePlanWithTheApplyOutcome) {
  std::ostringstream out;
  std::ostringstream err;
  const Plan plan = testing::create_plan();
  JsonReporter reporter(out, err, ReportMode::kApply);
  reporter.plan(plan);
  EXPECT_EQ(out.str(), "") << "the plan waits for the apply";
  reporter.apply_event({ApplyStep::kStarting, &plan.changes[1], ""});
  reporter.apply_event({ApplyStep::kDone, &plan.changes[1], "id 77aa"});
  ApplyReport report;
  report.done = {plan.changes[1].address};
  reporter.apply_summary(plan, report);
  const auto doc = parse(out.str());
  EXPECT_STREQ(doc["apply"]["done"][0].GetString(), "frontegg_connector.bitbucket");
  EXPECT_FALSE(doc["apply"]["failed"].GetBool());
  EXPECT_TRUE(doc["apply"]["failure"].IsNull());
  EXPECT_STREQ(doc["apply"]["events"][0]["detail"].GetString(), "id 77aa");
  reporter.finish();
  EXPECT_EQ(out.str().find("format_version"), out.str().rfind("format_version")) << "one document";
}

TEST(JsonReporter, ApplyWithNothingToApplyWritesThePlanAtFinish) {
  std::ostringstream out;
  std::ostringstream err;
  {
    JsonReporter reporter(out, err, ReportMode::kApply);
    reporter.plan(testing::no_changes_plan());
  }
  const auto doc = parse(out.str());
  EXPECT_TRUE(doc["apply"].IsNull());
  EXPECT_EQ(doc["resource_changes"].Size(), 2U);
}

TEST(JsonReporter, ErrorGoesToErrAndSuppressesThePlan) {
  std::ostringstream out;
  std::ostringstream err;
  {
    JsonReporter reporter(out, err, ReportMode::kApply);
    reporter.plan(testing::create_plan());
    reporter.error("Frontegg: POST /auth/vendor returned 401");
  }
  EXPECT_EQ(out.str(), "");
  const auto doc = parse(err.str());
  EXPECT_STREQ(doc["error"]["message"].GetString(), "Frontegg: POST /auth/vendor returned 401");
}

}  // namespace
}  // namespace linkform
