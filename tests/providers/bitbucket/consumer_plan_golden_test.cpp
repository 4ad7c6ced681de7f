// plan_consumer for every state Bitbucket can report of a consumer, built from observation literals and
// rendered as `linkform plan` shows it (tests/golden/planner/consumer_*.txt; regenerate on purpose with
// LINKFORM_UPDATE_GOLDEN=1 and review the diff).

#include <gtest/gtest.h>

#include "providers/bitbucket/consumer_plan.h"
#include "tests/support/golden.h"
#include "tests/support/plan_text.h"

namespace linkform::bitbucket {
namespace {

using Status = ConsumerObservation::Status;

Consumer declared() {
  Consumer c;
  c.id = "mcp";
  c.name = "Frontegg Integration";
  c.description = "OAuth consumer for the Frontegg MCP gateway";
  c.callback_url = "https://acme.mcp-gw.frontegg.com/integration-callback";
  for (const char* p : {"account", "repository", "pullrequest", "issue"}) c.permissions.push_back({p, {}});
  c.key = CredentialSource{CredentialSource::Kind::kEnv, "BITBUCKET_MCP_KEY", {}};
  c.secret = CredentialSource{CredentialSource::Kind::kFile, "/ci/secrets/bitbucket-secret", {}};
  return c;
}

ConsumerObservation observed(Status status, std::vector<std::string> granted = {}) {
  ConsumerObservation o;
  o.status = status;
  o.granted = std::move(granted);
  return o;
}

struct Case {
  const char* name;
  ConsumerObservation observation;
  bool is_private = true;
};

std::vector<Case> cases() {
  ConsumerObservation not_set = observed(Status::kNotSet);
  not_set.not_set_reason = "key not set (environment variable BITBUCKET_MCP_KEY is not set)";
  ConsumerObservation secret_missing = observed(Status::kNotSet);
  secret_missing.not_set_reason = "secret not set (file /ci/secrets/bitbucket-secret does not exist)";
  secret_missing.only_secret_missing = true;
  ConsumerObservation unreachable =
      observed(Status::kValid, {"account", "issue", "pullrequest", "repository"});
  unreachable.workspace_problem = "GET /2.0/workspaces/acme returned 404";
  return {
      {"consumer_as_declared", observed(Status::kValid, {"account", "issue", "pullrequest", "repository"})},
      {"consumer_not_made", not_set},
      {"consumer_secret_missing", secret_missing},
      {"consumer_rejected", observed(Status::kBadCredentials)},
      {"consumer_public", observed(Status::kPublic)},
      {"consumer_public_as_declared", observed(Status::kPublic), false},
      {"consumer_no_callback", observed(Status::kNoCallback)},
      {"consumer_permissions_differ", observed(Status::kValid, {"account", "repository", "webhook"})},
      {"consumer_workspace_unreachable", unreachable},
  };
}

class ConsumerPlanGolden : public ::testing::TestWithParam<Case> {};

TEST_P(ConsumerPlanGolden, RendersAsReviewed) {
  Consumer consumer = declared();
  consumer.is_private = GetParam().is_private;
  BitbucketSettings settings;
  settings.workspace = "acme";
  settings.connector_system = "Frontegg";
  const ResourceChange change = plan_consumer(consumer, settings, GetParam().observation);
  EXPECT_EQ(change.payload, nullptr) << "a consumer is never written";
  testing::expect_golden(std::string("planner/") + GetParam().name + ".txt",
                         testing::plan_text(change, describe_observation(GetParam().observation)));
}

INSTANTIATE_TEST_SUITE_P(States, ConsumerPlanGolden, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace linkform::bitbucket
