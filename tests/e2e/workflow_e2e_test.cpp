// Issue 5's CI workflow against the real emulator: saved plans, targeting,
// machine-readable output, safety switches and the debug log.

#include <gmock/gmock.h>

#include <filesystem>

#include "tests/e2e/e2e_fixture.h"
#include "tests/support/binaries.h"

namespace linkform::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class WorkflowE2E : public E2E {
 protected:
  std::string plan_path() {
    return (std::filesystem::temp_directory_path() / ("linkform_e2e_" + std::to_string(::getpid()) + ".plan"))
        .string();
  }
  void TearDown() override {
    std::filesystem::remove(plan_path());
    E2E::TearDown();
  }
};

TEST_F(WorkflowE2E, SavedPlanAppliesExactlyWhatItShowed) {
  create_consumer();
  const auto plan = linkform({"plan", "--out", plan_path()});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  const std::string file = read_all(plan_path());
  outputs_.push_back(file);  // the leak check covers the plan file too
  EXPECT_NE(file.find("\"format\": \"linkform-plan\""), std::string::npos);

  const auto show = run_process({LINKFORM_BINARY, "show", plan_path()}, env_);
  outputs_.push_back(show.out);
  EXPECT_EQ(show.exit_code, 0);
  EXPECT_NE(show.out.find("+ frontegg_connector.bitbucket will be created"), std::string::npos);

  emulator_.clear_requests();
  const auto apply = run_process({LINKFORM_BINARY, "apply", plan_path()}, env_);
  outputs_.push_back(apply.out);
  outputs_.push_back(apply.err);
  EXPECT_EQ(apply.exit_code, 0) << apply.err;
  EXPECT_THAT(writes(), ElementsAre("POST /app-integrations/resources/custom-integrations/v1"));
  EXPECT_EQ(emulator_.connectors("prod").Size(), 1U);
}

TEST_F(WorkflowE2E, SavedPlanIsRefusedWhenTheLiveStateChanged) {
  create_consumer();
  ASSERT_EQ(linkform({"apply", "--auto-approve"}).exit_code, 0);
  ASSERT_EQ(
      emulator_.call("PATCH", "/_emulator/bitbucket/consumers/" + keys_[0], R"({"permissions":["account"]})")
          ->status,
      200);
  ASSERT_EQ(linkform({"plan", "--out", plan_path()}).exit_code, 0);
  // Someone fixes the permissions between plan and apply.
  ASSERT_EQ(emulator_
                .call("PATCH", "/_emulator/bitbucket/consumers/" + keys_[0],
                      R"({"permissions":["account","repository","pullrequest","issue"]})")
                ->status,
            200);
  emulator_.clear_requests();
  const auto apply = run_process({LINKFORM_BINARY, "apply", plan_path()}, env_);
  outputs_.push_back(apply.err);
  EXPECT_EQ(apply.exit_code, 1);
  EXPECT_NE(apply.err.find("plan is stale: the live state changed since the plan was made "
                           "(bitbucket_consumer.mcp changed)"),
            std::string::npos)
      << apply.err;
  EXPECT_THAT(writes(), IsEmpty());
}

TEST_F(WorkflowE2E, TheStaleRefusalNamesTheConnectorThatChangedLive) {
  create_consumer();
  ASSERT_EQ(linkform({"apply", "--auto-approve"}).exit_code, 0);
  // A plan with a change in it, saved; then a person disables the connector in the portal.
  env_["BITBUCKET_MCP_SECRET"] = emulator_.regenerate_secret(keys_[0]);
  secrets_.push_back(env_["BITBUCKET_MCP_SECRET"]);
  ASSERT_EQ(linkform({"plan", "--out", plan_path()}).exit_code, 0);
  const auto connectors = emulator_.call("GET", "/_emulator/frontegg/connectors?environment=prod");
  rapidjson::Document d;
  d.Parse(connectors->body.c_str());
  ASSERT_TRUE(d.IsArray() && d.Size() == 1) << connectors->body;
  const std::string id = d[0]["id"].GetString();
  ASSERT_EQ(emulator_
                .call("PATCH", "/_emulator/frontegg/connectors/" + id + "?environment=prod",
                      R"({"isActive":false})")
                ->status,
            200);
  const auto apply = run_process({LINKFORM_BINARY, "apply", plan_path()}, env_);
  outputs_.push_back(apply.err);
  EXPECT_EQ(apply.exit_code, 1);
  EXPECT_NE(apply.err.find("(frontegg_connector.bitbucket changed)"), std::string::npos) << apply.err;
  EXPECT_EQ(apply.err.find("bitbucket_consumer.mcp changed"), std::string::npos) << apply.err;
}

TEST_F(WorkflowE2E, SavedPlanIsRefusedWhenTheConfigurationChanged) {
  create_consumer();
  std::string text = read_all(quickstart());
  const std::string config = write_config("changing.toml", text);
  ASSERT_EQ(linkform({"plan", "--out", plan_path()}, config).exit_code, 0);
  text.replace(text.find("name = \"Bitbucket\""), 18, "name = \"Bitbucket 2\"");
  write_config("changing.toml", text);
  const auto apply = run_process({LINKFORM_BINARY, "apply", plan_path()}, env_);
  outputs_.push_back(apply.err);
  EXPECT_EQ(apply.exit_code, 1);
  EXPECT_NE(apply.err.find("plan is stale: the configuration changed"), std::string::npos) << apply.err;
  EXPECT_EQ(emulator_.connectors("prod").Size(), 0U);
}

TEST_F(WorkflowE2E, SavedPlanWhoseConfigurationIsNotFoundSaysWhereItWasPlanned) {
  create_consumer();
  const std::string config = write_config("moving.toml", read_all(quickstart()));
  ASSERT_EQ(linkform({"plan", "--out", plan_path()}, config).exit_code, 0);
  std::filesystem::remove(config);
  emulator_.clear_requests();
  const auto apply = run_process({LINKFORM_BINARY, "apply", plan_path()}, env_);
  outputs_.push_back(apply.err);
  EXPECT_EQ(apply.exit_code, 1);
  EXPECT_NE(apply.err.find("was planned with the configuration " + config + ", which is not found from here"),
            std::string::npos)
      << apply.err;
  EXPECT_THAT(emulator_.requests(), IsEmpty());

  const auto misused = run_process({LINKFORM_BINARY, "apply", quickstart()}, env_);
  EXPECT_EQ(misused.exit_code, 1);
  EXPECT_NE(misused.err.find("to apply a configuration, use: linkform apply -c " + quickstart()),
            std::string::npos)
      << misused.err;
}

TEST_F(WorkflowE2E, TargetLimitsThePlanToOneResourceAndItsDependencies) {
  create_consumer();
  std::string text =
      read_all(quickstart()) + "\n[connectors.other]\napp = \"Agen for Work\"\nconsumer = \"mcp\"\n";
  const std::string config = write_config("two.toml", text);
  const auto plan = linkform({"plan", "--target", "frontegg_connector.other"}, config);
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("frontegg_connector.other will be created"), std::string::npos);
  EXPECT_EQ(plan.out.find("frontegg_connector.bitbucket will"), std::string::npos);
  ASSERT_EQ(linkform({"apply", "--auto-approve", "--target", "frontegg_connector.other"}, config).exit_code,
            0);
  const auto stored = emulator_.connectors("prod");
  ASSERT_EQ(stored.Size(), 1U);
  EXPECT_STREQ(stored[0]["slug"].GetString(), "other");

  emulator_.clear_requests();
  const auto typo = linkform({"plan", "--target", "frontegg_connector.othr"}, config);
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_NE(typo.err.find("did you mean \"frontegg_connector.other\"?"), std::string::npos) << typo.err;
  EXPECT_THAT(emulator_.requests(), ::testing::IsEmpty());  // checked before reading anything
}

// --replace (and Terraform's -replace=ADDR) names a declared resource; one linkform cannot make anew (a
// Bitbucket consumer, which only a person creates) is refused with why, and nothing is written.
TEST_F(WorkflowE2E, ReplaceOfAResourceLinkformCannotCreateIsRefused) {
  create_consumer();
  const auto typo = linkform({"plan", "--replace", "bitbucket_consumer.mpc"});
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_NE(typo.err.find("--replace bitbucket_consumer.mpc: no such resource in the configuration (did you "
                          "mean \"bitbucket_consumer.mcp\"?)"),
            std::string::npos)
      << typo.err;
  const auto refused = linkform({"apply", "--auto-approve", "-replace=bitbucket_consumer.mcp"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("bitbucket_consumer.mcp: cannot be replaced (--replace asks for it): linkform "
                             "does not create this kind of resource"),
            std::string::npos)
      << refused.out << refused.err;
  EXPECT_EQ(emulator_.connectors("prod").Size(), 0U);
}

// As Terraform does, a targeted plan says that it is partial, also when it shows "No changes" while
// other resources have changes pending.
TEST_F(WorkflowE2E, ATargetedPlanWarnsThatItIsPartial) {
  create_consumer();
  const auto plan = linkform({"plan", "--detailed-exitcode", "--target", "bitbucket_consumer.mcp"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("No changes."), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("resource targeting is in effect (--target bitbucket_consumer.mcp)"),
            std::string::npos)
      << plan.out;
  const auto json = linkform({"plan", "--json", "--target", "bitbucket_consumer.mcp"});
  EXPECT_NE(json.out.find("resource targeting is in effect"), std::string::npos) << json.out;
  const auto whole = linkform({"plan"});
  EXPECT_EQ(whole.out.find("targeting"), std::string::npos) << "no warning without --target";
}

// linkform -C DIR runs as if started in DIR: linkform.toml and relative paths are found from there.
TEST_F(WorkflowE2E, ChdirRunsAsIfStartedThere) {
  create_consumer();
  const auto dir =
      std::filesystem::path(write_config("chdir/linkform.toml", read_all(quickstart()))).parent_path();
  Completed plan = run_process({LINKFORM_BINARY, "-C", dir.string(), "plan", "--out", "saved.plan"}, env_);
  outputs_.push_back(plan.out);
  outputs_.push_back(plan.err);
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "saved.plan")) << "--out is relative to DIR";
  Completed missing = run_process({LINKFORM_BINARY, "-C", (dir / "nope").string(), "validate"}, env_);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("cannot change to that directory"), std::string::npos) << missing.err;
}

TEST_F(WorkflowE2E, NoInputFailsInsteadOfPrompting) {
  create_consumer();
  const auto apply = linkform({"apply", "--no-input"});
  EXPECT_EQ(apply.exit_code, 1);
  EXPECT_NE(apply.err.find("--no-input"), std::string::npos);
  EXPECT_EQ(emulator_.connectors("prod").Size(), 0U);
}

TEST_F(WorkflowE2E, DestroyingMoreThanOneConnectorNeedsAllowDestroy) {
  create_consumer();
  std::string text =
      read_all(quickstart()) + "\n[connectors.other]\napp = \"Agen for Work\"\nconsumer = \"mcp\"\n";
  ASSERT_EQ(linkform({"apply", "--auto-approve"}, write_config("two.toml", text)).exit_code, 0);
  text.replace(text.find("enabled = true"), 14, "ensure = \"absent\"");
  text += "ensure = \"absent\"\n";
  const std::string absent = write_config("absent.toml", text);
  const auto refused = linkform({"apply", "--auto-approve"}, absent);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("--allow-destroy"), std::string::npos) << refused.err;
  EXPECT_EQ(emulator_.connectors("prod").Size(), 2U);
  EXPECT_EQ(linkform({"apply", "--auto-approve", "--allow-destroy"}, absent).exit_code, 0);
  EXPECT_EQ(emulator_.connectors("prod").Size(), 0U);
}

TEST_F(WorkflowE2E, JsonPlanIsOneValidDocumentWithoutSecrets) {
  create_consumer();
  const auto plan = linkform({"plan", "--json"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  rapidjson::Document d;
  d.Parse(plan.out.c_str());
  ASSERT_FALSE(d.HasParseError()) << plan.out;
  EXPECT_EQ(d["summary"]["add"].GetInt(), 1);
  const auto markdown = linkform({"plan", "--markdown"});
  EXPECT_EQ(markdown.exit_code, 0);
  EXPECT_NE(markdown.out.find("frontegg_connector.bitbucket"), std::string::npos);
}

TEST_F(WorkflowE2E, DebugLogShowsEachExchangeWithoutCredentials) {
  create_consumer();
  const auto plan = linkform({"plan", "--debug"});
  EXPECT_EQ(plan.exit_code, 0);
  EXPECT_NE(plan.err.find("debug: http: POST " + emulator_.url() + "/auth/vendor -> 200"), std::string::npos)
      << plan.err;
  EXPECT_NE(plan.err.find("trace id "), std::string::npos);
  env_["LINKFORM_LOG"] = "debug";
  const auto via_env = linkform({"plan"});
  EXPECT_NE(via_env.err.find("debug: http: GET "), std::string::npos);
}

TEST_F(WorkflowE2E, PruneDeletesOnlyUnnamedConnectorsThatLinkformMade) {
  create_consumer();
  std::string base = read_all(quickstart());
  base.replace(base.find("secret = { env = \"FRONTEGG_SECRET\" }"), 36,
               "secret = { env = \"FRONTEGG_SECRET\" }\nprune = true");
  const std::string with_old = write_config(
      "with_old.toml", base + "\n[connectors.old]\napp = \"Agen for Work\"\nconsumer = \"mcp\"\n");
  ASSERT_EQ(linkform({"apply", "--auto-approve"}, with_old).exit_code, 0);
  // A connector someone made by hand: no linkform marker.
  const std::string app = emulator_.connectors("prod")[0]["appId"].GetString();
  const std::string body =
      R"({"appId":")" + app +
      R"(","integrationTemplateId":"bitbucket","name":"By hand","slug":"by-hand",)"
      R"("apiNames":["bitbucket_repositories_list"],"authType":"oauth","configuration":)"
      R"({"clientId":"x","clientSecret":"hand-made-secret","customConfiguration":{"workspace":"acme"}}})";
  secrets_.push_back("hand-made-secret");
  ASSERT_EQ(frontegg("POST", "/app-integrations/resources/custom-integrations/v1", body)->status, 201);

  const std::string without_old = write_config("without_old.toml", base);
  const auto plan = linkform({"plan"}, without_old);
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  expect_golden("prune_plan.txt", plan.out);
  EXPECT_EQ(linkform({"apply", "--auto-approve"}, without_old).exit_code, 0);
  std::vector<std::string> slugs;
  const auto stored = emulator_.connectors("prod");
  for (const auto& c : stored.GetArray()) slugs.emplace_back(c["slug"].GetString());
  std::ranges::sort(slugs);
  EXPECT_THAT(slugs, ElementsAre("bitbucket", "by-hand"));
}

TEST_F(WorkflowE2E, PreventDestroyRefusesAnyPlanThatWouldDeleteTheConnector) {
  create_consumer();
  ASSERT_EQ(linkform({"apply", "--auto-approve"}).exit_code, 0);
  std::string text = read_all(quickstart());
  text.replace(text.find("enabled = true"), 14, "ensure = \"absent\"\nprevent_destroy = true");
  const auto plan = linkform({"plan"}, write_config("guarded.toml", text));
  EXPECT_EQ(plan.exit_code, 1);
  EXPECT_NE(plan.err.find("prevent_destroy"), std::string::npos) << plan.err;
  EXPECT_EQ(emulator_.connectors("prod").Size(), 1U);
}

TEST_F(WorkflowE2E, ImportOutputFedBackAsConfigurationPlansNoChanges) {
  create_consumer();
  ASSERT_EQ(linkform({"apply", "--auto-approve"}).exit_code, 0);
  std::string text = read_all(quickstart());
  const std::string without_connector = text.substr(0, text.find("[connectors.bitbucket]"));
  const std::string config = write_config("adopt.toml", without_connector);
  const auto imported = linkform({"import"}, config);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  expect_golden("import.toml", imported.out);
  EXPECT_NE(imported.out.find("[connectors.bitbucket]"), std::string::npos);
  EXPECT_NE(imported.out.find("consumer = \"mcp\""), std::string::npos);

  const std::string adopted = write_config("adopted.toml", without_connector + imported.out);
  const auto plan = linkform({"plan", "--detailed-exitcode"}, adopted);
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  const auto again = linkform({"import"}, adopted);
  EXPECT_NE(again.out.find("already in the configuration"), std::string::npos);

  // A connector made by hand with a client id no configured consumer has: the import names that id (the
  // OAuth client id is public), so a person can find the consumer whose Key it is.
  const std::string app = emulator_.connectors("prod")[0]["appId"].GetString();
  const std::string body = R"({"appId":")" + app +
                           R"(","integrationTemplateId":"bitbucket","name":"By hand","slug":"by-hand",)"
                           R"("apiNames":["bitbucket_repositories_list"],"authType":"oauth","configuration":)"
                           R"({"clientId":"HandMadeClientId123","clientSecret":"hand-made-secret-value",)"
                           R"("customConfiguration":{"workspace":"acme"}}})";
  secrets_.push_back("hand-made-secret-value");
  ASSERT_EQ(frontegg("POST", "/app-integrations/resources/custom-integrations/v1", body)->status, 201);
  const auto unknown = linkform({"import"}, adopted);
  ASSERT_EQ(unknown.exit_code, 0) << unknown.err;
  EXPECT_NE(unknown.out.find("whose Key is this connector's client id, HandMadeClientId123."),
            std::string::npos)
      << unknown.out;

  // A second hand-made connector with the same client id: one consumer table for both.
  std::string second = body;
  const std::string slug = "\"slug\":\"by-hand\"";
  second.replace(second.find(slug), slug.size(), "\"slug\":\"by-hand-2\"");
  ASSERT_EQ(frontegg("POST", "/app-integrations/resources/custom-integrations/v1", second)->status, 201);
  const auto shared = linkform({"import"}, adopted);
  ASSERT_EQ(shared.exit_code, 0) << shared.err;
  std::size_t consumer_tables = 0;
  for (auto at = shared.out.find("[consumers."); at != std::string::npos;
       at = shared.out.find("[consumers.", at + 1))
    ++consumer_tables;
  EXPECT_EQ(consumer_tables, 1U) << shared.out;
  EXPECT_NE(shared.out.find("[connectors.by-hand-2]"), std::string::npos) << shared.out;
}

}  // namespace
}  // namespace linkform::testing
