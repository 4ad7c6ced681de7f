// The Code Insights report of a plan (providers/bitbucket/code_insights.h): where it goes, what it holds,
// Bitbucket's limits, and no secret in it.

#include "providers/bitbucket/code_insights.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "core/apply.h"
#include "core/report.h"
#include "core/secret.h"

namespace linkform::bitbucket {
namespace {

MapEnvironment pipelines() {
  return {{"BITBUCKET_BUILD_NUMBER", "7"},
          {"BITBUCKET_WORKSPACE", "acme"},
          {"BITBUCKET_REPO_SLUG", "infra"},
          {"BITBUCKET_COMMIT", "0123abcd"}};
}

Plan sample_plan(int creates) {
  Plan plan;
  for (int i = 0; i < creates; ++i) {
    ResourceChange c;
    c.address = {"frontegg_connector", "c" + std::to_string(i), "prod"};
    c.action = Action::kCreate;
    c.headline = "will be created";
    c.attributes.push_back({"name", Value{}, Value::string("Bitbucket"), false, true});
    plan.changes.push_back(c);
  }
  ResourceChange manual;
  manual.address = {"bitbucket_consumer", "mcp", ""};
  manual.action = Action::kManual;
  manual.headline = "must be created by a person";
  manual.steps = {"Open https://bitbucket.org/acme/workspace/settings/oauth-consumers/new",
                  "Fill in the form"};
  plan.changes.push_back(manual);
  ResourceChange same;
  same.address = {"frontegg_connector", "same", "prod"};
  plan.changes.push_back(same);
  return plan;
}

TEST(CodeInsightsTarget, InsidePipelinesItIsTheProxyWithNoCredential) {
  auto t = insights_target(pipelines());
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->api_url, "http://api.bitbucket.org");
  EXPECT_EQ(t->proxy, "http://localhost:29418");
  EXPECT_FALSE(t->token);
  EXPECT_EQ(t->link, "https://bitbucket.org/acme/infra/pipelines/results/7");
}

TEST(CodeInsightsTarget, ATokenGoesOverHttpsAndNeverThroughAProxy) {
  MapEnvironment env = pipelines();
  env.set("LINKFORM_CODE_INSIGHTS_TOKEN", "tok-123456");
  auto t = insights_target(env);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->api_url, "https://api.bitbucket.org");
  EXPECT_TRUE(t->proxy.empty());
  ASSERT_TRUE(t->token);
}

TEST(CodeInsightsTarget, WhatIsMissingOrWrongIsNamed) {
  MapEnvironment outside{{"BITBUCKET_WORKSPACE", "acme"}};
  auto t = insights_target(outside);
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("LINKFORM_CODE_INSIGHTS_TOKEN is not set"), std::string::npos);

  MapEnvironment no_commit{{"BITBUCKET_BUILD_NUMBER", "7"}, {"BITBUCKET_WORKSPACE", "acme"}};
  t = insights_target(no_commit);
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("BITBUCKET_REPO_SLUG, BITBUCKET_COMMIT are not set"), std::string::npos)
      << t.error().message;

  MapEnvironment traversal = pipelines();
  traversal.set("BITBUCKET_REPO_SLUG", "../../users");
  EXPECT_FALSE(insights_target(traversal));

  MapEnvironment far_proxy = pipelines();
  far_proxy.set("LINKFORM_CODE_INSIGHTS_PROXY", "http://proxy.example.com:3128");
  t = insights_target(far_proxy);
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("loopback"), std::string::npos);
}

TEST(CodeInsightsReport, OneAnnotationPerChangeOnItsDeclaringLine) {
  const Plan plan = sample_plan(2);
  ReportContext context{
      "plan",
      "infra/linkform.toml",
      {{{"bitbucket_consumer", "mcp", ""}, 12}, {{"frontegg_connector", "c0", "prod"}, 30}}};
  const Report r = plan_report(&plan, context);
  EXPECT_EQ(r.id, report_id("infra/linkform.toml"));
  EXPECT_EQ(r.id.size(), std::string("linkform-").size() + 12);
  EXPECT_FALSE(r.failed);
  EXPECT_EQ(r.details, "Plan: 2 to add, 0 to change, 0 to destroy, 1 manual.");
  ASSERT_EQ(r.annotations.size(), 3u);  // the unchanged connector has none
  EXPECT_EQ(r.annotations[0].line, 30);
  EXPECT_EQ(r.annotations[1].line, 0);  // not declared where the report can point to
  EXPECT_EQ(r.annotations[2].line, 12);
  EXPECT_EQ(r.annotations[2].summary, "bitbucket_consumer.mcp must be created by a person");
  EXPECT_NE(r.annotations[2].details.find("1. Open https://bitbucket.org/"), std::string::npos);
  EXPECT_NE(r.annotations[0].external_id, r.annotations[1].external_id);

  rapidjson::Document body;
  body.Parse(report_body(r).c_str());
  EXPECT_STREQ(body["result"].GetString(), "PASSED");
  EXPECT_LE(body["data"].Size(), kMaxDataFields);
}

TEST(CodeInsightsReport, AFailedPlanIsFailed) {
  Plan plan = sample_plan(1);
  plan.errors.push_back("GET /applications: 500");
  const Report r = plan_report(&plan, {"plan", "linkform.toml"});
  EXPECT_TRUE(r.failed);
  EXPECT_NE(r.details.find("Error: GET /applications: 500"), std::string::npos);
}

TEST(CodeInsightsReport, APlanWhoseReadsFailedIsIncompleteNeverNoChanges) {
  Plan plan;
  plan.sources = {"Bitbucket", "Frontegg"};
  plan.errors = {"[frontegg]: 401", "[bitbucket]: 401"};
  const Report r = plan_report(&plan, {"plan", "linkform.toml"});
  EXPECT_EQ(r.details.rfind("Plan incomplete: 2 reads or checks failed (see the errors)", 0), 0U)
      << r.details;
  EXPECT_EQ(r.details.find("No changes"), std::string::npos) << r.details;
}

TEST(CodeInsightsReport, AnApplyThatLeftManualActionsSaysSoFirst) {
  const Plan plan = sample_plan(1);
  ReportContext context{"apply", "linkform.toml"};
  context.outcome = apply_headline([&] {
    ApplyReport report;
    report.pending_manual.push_back(plan.changes.front().address);
    return report;
  }());
  const Report r = plan_report(&plan, context);
  EXPECT_EQ(r.details.rfind("Apply incomplete: manual actions remain.\n", 0), 0U) << r.details;
  EXPECT_EQ(r.details.find("Apply complete"), std::string::npos) << r.details;
}

TEST(CodeInsightsReport, AnnotationsGoInBatchesOf100AndStopAt1000) {
  const Plan plan = sample_plan(1200);
  const Report r = plan_report(&plan, {"plan", "linkform.toml"});
  EXPECT_EQ(r.annotations.size(), kMaxAnnotations);
  EXPECT_NE(r.details.find("201 more changes are not annotated"), std::string::npos) << r.details;
  const auto bodies = annotation_bodies(r);
  ASSERT_EQ(bodies.size(), 10u);
  for (const auto& b : bodies) {
    rapidjson::Document d;
    d.Parse(b.c_str());
    ASSERT_TRUE(d.IsArray());
    EXPECT_EQ(d.Size(), kAnnotationsPerRequest);
  }
}

TEST(CodeInsightsReport, NoSecretReachesTheReportAndTextsAreCutAfterMasking) {
  const Secret secret("s3cr3t-value-9f8e7d6c");
  Plan plan = sample_plan(1);
  plan.changes[0].notes.push_back("echoed by the vendor: " + secret.reveal());
  plan.changes[0].headline = std::string(600, 'x') + secret.reveal();
  const Report r = plan_report(&plan, {"plan", "linkform.toml"});
  const std::string all = report_body(r) + annotation_bodies(r).front();
  EXPECT_EQ(all.find(secret.reveal()), std::string::npos);
  EXPECT_LE(r.annotations[0].summary.size(), kMaxSummaryChars);
  EXPECT_NE(r.annotations[0].details.find("(redacted)"), std::string::npos);
}

}  // namespace
}  // namespace linkform::bitbucket
