// The real providers (make_providers) under the generic engine against the in-memory emulator: a whole
// plan → apply → plan, drift and a failed read, with no socket, in milliseconds.

#include "providers/registry.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "core/engine.h"
#include "tests/support/in_memory_emulator.h"

namespace linkform {
namespace {

using testing::InMemoryEmulator;

std::string configuration() {
  const std::string url = InMemoryEmulator::kUrl;
  return "[bitbucket]\nworkspace = \"acme\"\napi_url = \"" + url + "\"\noauth_url = \"" + url +
         "\"\n\n[frontegg]\nbase_url = \"" + url +
         "\"\nclient_id = { env = \"FRONTEGG_CLIENT_ID\" }\nsecret = { env = \"FRONTEGG_SECRET\" }\n\n"
         "[consumers.mcp]\nname = \"Frontegg Integration\"\n"
         "callback_url = \"https://acme.mcp-gw.frontegg.com/integration-callback\"\n"
         "permissions = [\"account\", \"repository\"]\nkey = { env = \"BITBUCKET_MCP_KEY\" }\n"
         "secret = { env = \"BITBUCKET_MCP_SECRET\" }\n\n"
         "[connectors.bitbucket]\napp = \"Agen for Work\"\nconsumer = \"mcp\"\n";
}

struct Wired {
  InMemoryEmulator emulator;
  MapEnvironment env{{"FRONTEGG_CLIENT_ID", "prod-client-id"}, {"FRONTEGG_SECRET", "prod-secret"}};
  std::optional<Config> config;

  Wired() {
    const auto consumer = emulator.control(
        "POST", "/_emulator/bitbucket/consumers",
        R"({"workspace":"acme","name":"Frontegg Integration","callback_url":"https://acme.mcp-gw.frontegg.com/integration-callback","private":true,"permissions":["account","repository"]})");
    rapidjson::Document d;
    d.Parse(consumer.body.c_str());
    env.set("BITBUCKET_MCP_KEY", d["key"].GetString());
    env.set("BITBUCKET_MCP_SECRET", d["secret"].GetString());
    auto loaded = load_config_text(configuration(), "linkform.toml", env);
    EXPECT_FALSE(loaded.diagnostics.has_errors());
    config = std::move(loaded.config);
  }

  Engine engine() { return Engine(make_providers(emulator, *config, env)); }
};

TEST(Providers, PlanApplyPlanConvergesInMemory) {
  Wired run;
  Engine engine = run.engine();
  const Plan first = engine.plan();
  ASSERT_TRUE(first.errors.empty()) << first.errors.front();
  EXPECT_EQ(first.summary().add, 1);
  EXPECT_EQ(first.sources, (std::vector<std::string>{"Bitbucket", "Frontegg"}));
  const ApplyReport report = apply_plan(first, engine, {});
  EXPECT_FALSE(report.failed) << report.failure;
  EXPECT_TRUE(report.inconsistent.empty());
  const Plan second = run.engine().plan();
  EXPECT_TRUE(second.errors.empty());
  EXPECT_TRUE(second.summary().empty()) << "apply converged";
}

TEST(Providers, ARotatedConsumerSecretIsWrittenOnceAndThenMatches) {
  Wired run;
  {
    Engine engine = run.engine();
    const Plan plan = engine.plan();
    ASSERT_FALSE(apply_plan(plan, engine, {}).failed);
  }
  const auto rotated = run.emulator.control(
      "POST", "/_emulator/bitbucket/consumers/" + *run.env.get("BITBUCKET_MCP_KEY") + "/regenerate-secret");
  rapidjson::Document d;
  d.Parse(rotated.body.c_str());
  run.env.set("BITBUCKET_MCP_SECRET", d["secret"].GetString());
  Engine engine = run.engine();
  const Plan drift = engine.plan();
  ASSERT_EQ(drift.summary().change, 1);
  const auto& change = drift.changes.back();
  EXPECT_TRUE(std::ranges::any_of(change.attributes, [](const AttributeChange& a) {
    return a.name == "client_secret" && a.sensitive && a.changed;
  }));
  ASSERT_FALSE(apply_plan(drift, engine, {}).failed);
  EXPECT_TRUE(run.engine().plan().summary().empty());
}

// What a client's provider learns of its own objects from downstream: the client id each connector holds.
TEST(Providers, TheConnectorsTellWhichClientIdsTheyHold) {
  Wired run;
  {
    Engine engine = run.engine();
    const Plan plan = engine.plan();
    ASSERT_FALSE(apply_plan(plan, engine, {}).failed);
  }
  Engine engine = run.engine();
  (void)engine.plan();
  const auto frontegg = std::ranges::find(engine.providers(), std::string("Frontegg"),
                                          [](const auto& p) { return p->display_name(); });
  ASSERT_NE(frontegg, engine.providers().end());
  const ClientIdsInUse held = (*frontegg)->client_ids_in_use();
  ASSERT_EQ(held.size(), 1U);
  EXPECT_EQ(held.begin()->first.str(), "bitbucket_consumer.mcp");
  EXPECT_EQ(held.begin()->second, std::set<std::string>{*run.env.get("BITBUCKET_MCP_KEY")});
}

TEST(Providers, AFailedFronteggReadLeavesTheConsumerPlanned) {
  Wired run;
  run.env.set("FRONTEGG_SECRET", "not-the-secret");
  const Plan plan = run.engine().plan();
  ASSERT_FALSE(plan.errors.empty());
  EXPECT_NE(plan.errors.front().find("[frontegg]"), std::string::npos) << plan.errors.front();
  ASSERT_EQ(plan.changes.size(), 1U);
  EXPECT_EQ(plan.changes[0].address.str(), "bitbucket_consumer.mcp");
}

}  // namespace
}  // namespace linkform
