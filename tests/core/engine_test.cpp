// The generic engine (core/engine.cpp) against fake providers: no vendor, no network. Ordering and
// exports between providers, parallel reads, a failing read, prevent_destroy, pruning across
// environments, targeting, and independent writes running at once.

#include "core/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>

namespace linkform {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Note final : ChangePayload {
  explicit Note(std::string t) : text(std::move(t)) {}
  std::string text;
};

// A provider whose read, plan and apply are scripted by the test.
class FakeProvider final : public Provider {
 public:
  FakeProvider(std::string type, std::string name) : type_(std::move(type)), name_(std::move(name)) {}

  std::chrono::milliseconds read_delay = 0ms;
  std::chrono::milliseconds apply_delay = 0ms;
  ProviderDiagnostics read_fails;  // returned by read()
  std::size_t environments = 1;
  std::vector<Address> protect;
  // Builds the plan from the upstream exports.
  std::function<ProviderPlan(const Exports&)> planner = [](const Exports&) { return ProviderPlan{}; };
  Exports exported;
  std::string digest = "state-1";

  // What the engine did with it.
  std::vector<std::string> applied;  // payload notes, in call order
  std::vector<std::string> verified;
  std::optional<Selection> selected;  // what select() was given before the read
  Replacements replaced;              // what replace() was given before the last plan
  ClientIdsInUse holds;               // what client_ids_in_use() says
  bool declares = true;               // what declares_anything() says
  ClientIdsInUse held;                // what held_downstream() was given
  // When set, what exports() returns instead of `exported` (it may look at `replaced`).
  std::function<Exports()> exporter;
  int peak_in_flight = 0;

  [[nodiscard]] std::string display_name() const override { return name_; }
  [[nodiscard]] std::vector<std::string> resource_types() const override { return {type_}; }
  void select(const Selection& selection) override { selected = selection; }
  ProviderDiagnostics read() override {
    std::this_thread::sleep_for(read_delay);
    return read_fails;
  }
  void replace(const Replacements& requested) override { replaced = requested; }
  [[nodiscard]] ClientIdsInUse client_ids_in_use() const override { return holds; }
  [[nodiscard]] bool declares_anything() const override { return declares; }
  void held_downstream(const ClientIdsInUse& all) override { held = all; }
  [[nodiscard]] Exports exports() const override { return exporter ? exporter() : exported; }
  [[nodiscard]] ProviderPlan plan(const Exports& upstream) const override { return planner(upstream); }
  Result<std::string> apply(const ResourceChange& change) override {
    const auto* note = dynamic_cast<const Note*>(change.payload.get());
    {
      const std::scoped_lock lock(mutex_);
      ++in_flight_;
      peak_in_flight = std::max(peak_in_flight, in_flight_);
    }
    std::this_thread::sleep_for(apply_delay);
    const std::scoped_lock lock(mutex_);
    --in_flight_;
    applied.push_back(note == nullptr ? "(no payload)" : note->text);
    return "done " + change.address.str();
  }
  std::vector<std::string> verify(const std::vector<const ResourceChange*>& written,
                                  bool /*shown*/) override {
    const std::scoped_lock lock(mutex_);  // environments are read back concurrently
    for (const auto* c : written) verified.push_back(c->address.label(true));
    return {};
  }
  void fingerprint(LiveDigest& live) const override { live.add(name_ + " state", digest); }
  [[nodiscard]] std::size_t environment_count() const override { return environments; }
  [[nodiscard]] std::vector<Address> protected_resources() const override { return protect; }

 private:
  std::string type_;
  std::string name_;
  std::mutex mutex_;
  int in_flight_ = 0;
};

ResourceChange change_of(Address a, Action action, std::string note = "") {
  ResourceChange c;
  c.address = std::move(a);
  c.action = action;
  if (!note.empty()) c.payload = std::make_shared<const Note>(std::move(note));
  return c;
}

const Address kConsumer{"thing", "up", ""};

// An upstream provider exporting one resource, and a downstream one that plans from that export.
struct TwoProviders {
  FakeProvider* up = nullptr;
  FakeProvider* down = nullptr;
  std::unique_ptr<Engine> engine;

  explicit TwoProviders(bool usable = true) {
    auto u = std::make_unique<FakeProvider>("thing", "Upstream");
    auto d = std::make_unique<FakeProvider>("widget", "Downstream");
    up = u.get();
    down = d.get();
    OAuthClientExport e;
    e.owner = kConsumer;
    e.usable = usable;
    e.client_id = Secret("key-1", Secret::Shown{});
    up->exported.add(e);
    up->planner = [](const Exports&) {
      ProviderPlan p;
      p.changes.push_back(change_of(kConsumer, Action::kNoop));
      return p;
    };
    down->planner = [](const Exports& upstream) {
      ProviderPlan p;
      const OAuthClientExport* e = upstream.find(kConsumer);
      ResourceChange c =
          change_of({"widget", "w", "prod"}, e != nullptr && e->usable ? Action::kCreate : Action::kBlocked,
                    e != nullptr ? "with " + e->client_id.reveal() : "");
      c.depends_on = {kConsumer};
      p.changes.push_back(c);
      return p;
    };
    std::vector<std::unique_ptr<Provider>> providers;
    providers.push_back(std::move(u));
    providers.push_back(std::move(d));
    engine = std::make_unique<Engine>(std::move(providers));
  }
};

TEST(Engine, PlansInDependencyOrderWithTheUpstreamExports) {
  TwoProviders t;
  const Plan plan = t.engine->plan();
  ASSERT_EQ(plan.changes.size(), 2U);
  EXPECT_EQ(plan.changes[0].address, kConsumer);
  EXPECT_EQ(plan.changes[1].action, Action::kCreate);
  EXPECT_EQ(plan.sources, (std::vector<std::string>{"Upstream", "Downstream"}));
  EXPECT_TRUE(plan.errors.empty());
}

TEST(Engine, AnUnusableExportBlocksWhatDependsOnIt) {
  TwoProviders t(/*usable=*/false);
  const Plan plan = t.engine->plan();
  EXPECT_EQ(plan.changes[1].action, Action::kBlocked);
  EXPECT_FALSE(plan.has_writes());
}

TEST(Engine, ReadsEveryProviderAtOnce) {
  TwoProviders t;
  t.up->read_delay = 150ms;
  t.down->read_delay = 150ms;
  const auto start = Clock::now();
  (void)t.engine->plan();
  EXPECT_LT(Clock::now() - start, 280ms) << "the two reads ran one after the other";
}

TEST(Engine, AFailedReadIsAnErrorAndTheRestIsStillPlanned) {
  TwoProviders t;
  t.up->read_fails = {error_about("thing.up", "GET /x returned 503")};
  const Plan plan = t.engine->plan();
  EXPECT_EQ(plan.errors, (std::vector<std::string>{"thing.up: GET /x returned 503"}));
  EXPECT_EQ(plan.changes.size(), 2U);
}

TEST(Engine, WarningsAreShownAndTheSameErrorIsSaidOnce) {
  TwoProviders t;
  t.up->read_fails = {error_about("", "auth failed"), error_about("", "auth failed"),
                      warning_about("", "template found by name")};
  const Plan plan = t.engine->plan();
  EXPECT_EQ(plan.errors, (std::vector<std::string>{"auth failed"}));
  EXPECT_EQ(plan.warnings, (std::vector<std::string>{"template found by name"}));
}

TEST(Engine, NoPlanDeletesAProtectedResource) {
  TwoProviders t;
  t.down->protect = {{"widget", "w", "prod"}};
  t.down->planner = [](const Exports&) {
    ProviderPlan p;
    p.changes.push_back(change_of({"widget", "w", "prod"}, Action::kDelete));
    p.changes.push_back(change_of({"widget", "w", "dev"}, Action::kDelete));  // same name, not protected
    return p;
  };
  const Plan plan = t.engine->plan();
  ASSERT_EQ(plan.errors.size(), 1U);
  EXPECT_NE(plan.errors[0].find("prevent_destroy = true"), std::string::npos) << plan.errors[0];
}

// The upstream client exists but its secret is not held; the downstream write needs the secret, asks for
// the client to be replaced, and is planned again with the replacement's values, known after apply.
struct SecretNotHeld : TwoProviders {
  bool honour = true;  // false: the upstream provider cannot replace
  SecretNotHeld() {
    up->exporter = [this] {
      OAuthClientExport e;
      e.owner = kConsumer;
      e.usable = true;
      const bool replaced = honour && !up->replaced.reasons_for(kConsumer).empty();
      if (replaced) e.pending = std::make_shared<PendingClient>();
      e.secret_held = replaced;
      Exports out;
      out.add(e);
      return out;
    };
    up->planner = [this](const Exports&) {
      ProviderPlan p;
      const bool replaced = honour && !up->replaced.reasons_for(kConsumer).empty();
      p.changes.push_back(change_of(kConsumer, replaced ? Action::kReplace : Action::kNoop));
      return p;
    };
    down->planner = [](const Exports& upstream) {
      ProviderPlan p;
      const OAuthClientExport* e = upstream.find(kConsumer);
      ResourceChange c = change_of({"widget", "w", "prod"}, Action::kCreate);
      c.depends_on = {kConsumer};
      if (e != nullptr && !e->secret_held && !e->pending) {
        c.action = Action::kBlocked;
        p.replace_requests.push_back({kConsumer, "widget.w needs its secret"});
      }
      p.changes.push_back(c);
      return p;
    };
  }
};

TEST(Engine, AWriteThatNeedsASecretNotHeldHasItsClientReplacedAndIsPlannedAgain) {
  SecretNotHeld t;
  const Plan plan = t.engine->plan();
  EXPECT_TRUE(plan.errors.empty()) << plan.errors.front();
  ASSERT_EQ(plan.changes.size(), 2U);
  EXPECT_EQ(plan.changes[0].action, Action::kReplace);
  EXPECT_EQ(plan.changes[1].action, Action::kCreate);
  EXPECT_EQ(t.up->replaced.reasons_for(kConsumer), std::vector<std::string>{"widget.w needs its secret"});
}

TEST(Engine, AReplaceNoProviderPlansIsAnError) {
  SecretNotHeld t;
  t.honour = false;
  const Plan plan = t.engine->plan();
  ASSERT_EQ(plan.errors.size(), 1U);
  EXPECT_EQ(plan.errors[0],
            "thing.up: cannot be replaced (widget.w needs its secret): linkform does not create this kind of "
            "resource, so it cannot make a new one");
  EXPECT_EQ(plan.changes[1].action, Action::kBlocked);
}

TEST(Engine, ReplaceAsksTheOwnerToPlanAReplace) {
  TwoProviders t;
  t.up->planner = [&t](const Exports&) {
    ProviderPlan p;
    p.changes.push_back(change_of(
        kConsumer, t.up->replaced.reasons_for(kConsumer).empty() ? Action::kNoop : Action::kReplace));
    return p;
  };
  EXPECT_EQ(t.engine->plan().changes[0].action, Action::kNoop);
  const Plan plan = t.engine->plan({}, {kConsumer});
  EXPECT_EQ(plan.changes[0].action, Action::kReplace);
  EXPECT_TRUE(plan.errors.empty());
  // One its provider does not replace is refused by name.
  t.down->planner = [](const Exports&) {
    ProviderPlan p;
    p.changes.push_back(change_of({"widget", "w", "prod"}, Action::kUpdate));
    return p;
  };
  const Plan refused = t.engine->plan({}, {{"widget", "w", ""}});
  ASSERT_EQ(refused.errors.size(), 1U);
  EXPECT_NE(refused.errors[0].find("widget.w: cannot be replaced (--replace asks for it)"), std::string::npos)
      << refused.errors[0];
}

TEST(Engine, EveryProviderIsToldWhichClientIdsTheLiveObjectsHold) {
  TwoProviders t;
  t.down->holds = {{kConsumer, {"id-a"}}};
  t.up->holds = {{kConsumer, {"id-b"}}};
  (void)t.engine->plan();
  const ClientIdsInUse both{{kConsumer, {"id-a", "id-b"}}};
  EXPECT_EQ(t.up->held, both);
  EXPECT_EQ(t.down->held, both);
}

TEST(Engine, AProviderThatDeclaresNothingIsNotNamedAsASource) {
  TwoProviders t;
  t.up->declares = false;
  EXPECT_EQ(t.engine->plan().sources, std::vector<std::string>{"Downstream"});
}

TEST(Engine, NoPlanReplacesAProtectedResource) {
  TwoProviders t;
  t.down->protect = {{"widget", "w", "prod"}};
  t.down->planner = [](const Exports&) {
    ProviderPlan p;
    p.changes.push_back(change_of({"widget", "w", "prod"}, Action::kReplace));
    return p;
  };
  const Plan plan = t.engine->plan();
  ASSERT_EQ(plan.errors.size(), 1U);
  EXPECT_NE(plan.errors[0].find("would replace it"), std::string::npos) << plan.errors[0];
}

// Two environments each prune a connector with one slug, and one prunes a name that only another
// environment configures: no clash (each environment is its own namespace). A pruned delete that
// shadows a configured resource of its own environment is one.
TEST(Engine, APruneClashesOnlyWithAResourceOfItsOwnEnvironment) {
  TwoProviders t;
  t.down->planner = [](const Exports&) {
    ProviderPlan p;
    p.changes.push_back(change_of({"widget", "w", "dev"}, Action::kNoop));
    const auto prune = [&p](const char* name, const char* env, const char* id) {
      ResourceChange c = change_of({"widget", name, env}, Action::kDelete);
      c.pruned = true;
      c.remote_id = id;
      p.changes.push_back(c);
      p.observations.push_back({c.address, "made by linkform, not in the configuration"});
    };
    prune("old", "dev", "id-old-dev");
    prune("old", "prod", "id-old-prod");
    prune("w", "prod", "id-w-prod");
    prune("w", "dev", "id-shadow");
    return p;
  };
  const Plan plan = t.engine->plan();
  ASSERT_EQ(plan.errors.size(), 1U) << plan.errors.front();
  EXPECT_NE(plan.errors[0].find("id-shadow"), std::string::npos) << plan.errors[0];
  EXPECT_EQ(plan.summary().destroy, 3) << "the other prunes stay in the plan";
  EXPECT_EQ(plan.observations.size(), 3U);
}

TEST(Engine, LabelsEnvironmentsWhenAProviderHasSeveral) {
  TwoProviders t;
  EXPECT_FALSE(t.engine->plan().show_environments);
  t.down->environments = 2;
  EXPECT_TRUE(t.engine->plan().show_environments);
}

TEST(Engine, TargetingKeepsWhatATargetDependsOnAndTakesThePrintedLabel) {
  TwoProviders t;
  const Plan plan = t.engine->plan();
  for (const char* target : {"widget.w", "widget.w [prod]"}) {
    auto narrowed = target_plan(plan, {target});
    ASSERT_TRUE(narrowed) << narrowed.error().message;
    EXPECT_EQ(narrowed->changes.size(), 2U) << target << ": its upstream goes with it";
  }
  auto upstream_only = target_plan(plan, {"thing.up"});
  ASSERT_TRUE(upstream_only);
  EXPECT_EQ(upstream_only->changes.size(), 1U);
  auto other_environment = target_plan(plan, {"widget.w [dev]"});
  ASSERT_FALSE(other_environment);
  EXPECT_NE(other_environment.error().message.find("no such resource"), std::string::npos)
      << other_environment.error().message;
}

TEST(Engine, TargetingTakesWhatATargetDependsOnTransitively) {
  // c -> b -> a, each listed before what needs it: one pass over the plan would keep c and b only.
  Plan plan;
  ResourceChange a;
  a.address = {"thing", "a", ""};
  ResourceChange b;
  b.address = {"thing", "b", ""};
  b.depends_on = {a.address};
  ResourceChange c;
  c.address = {"widget", "c", ""};
  c.depends_on = {b.address};
  plan.changes = {a, b, c};
  auto narrowed = target_plan(plan, {"widget.c"});
  ASSERT_TRUE(narrowed) << narrowed.error().message;
  EXPECT_EQ(narrowed->changes.size(), 3U);
}

TEST(Engine, EveryProviderIsToldTheSelectionBeforeItReads) {
  TwoProviders t;
  const Selection only = Selection::of({{"thing", "up", ""}});
  (void)t.engine->plan(only);
  ASSERT_TRUE(t.up->selected.has_value());
  EXPECT_TRUE(t.up->selected->contains({"thing", "up", ""}));
  EXPECT_FALSE(t.up->selected->contains({"widget", "w", "prod"}));
  ASSERT_TRUE(t.down->selected.has_value());
}

TEST(Engine, ApplyHandsEachWriteToItsProviderWithThePayloadItPlanned) {
  TwoProviders t;
  const Plan plan = t.engine->plan();
  const ApplyReport report = apply_plan(plan, *t.engine, {});
  EXPECT_FALSE(report.failed) << report.failure;
  EXPECT_EQ(t.down->applied, (std::vector<std::string>{"with key-1"}));
  EXPECT_TRUE(t.up->applied.empty());
  EXPECT_TRUE(report.inconsistent.empty());
  EXPECT_EQ(t.down->verified, (std::vector<std::string>{"widget.w [prod]"}));
  auto unknown = t.engine->execute(change_of({"gadget", "g", ""}, Action::kCreate));
  EXPECT_FALSE(unknown);
}

TEST(Engine, IndependentWritesRunAtOnceBoundedByParallelism) {
  TwoProviders t;
  t.down->apply_delay = 120ms;
  t.down->planner = [](const Exports&) {
    ProviderPlan p;
    for (const char* env : {"a", "b", "c", "d"})
      p.changes.push_back(change_of({"widget", "w", env}, Action::kCreate, env));
    return p;
  };
  const Plan plan = t.engine->plan();
  const auto start = Clock::now();
  const ApplyReport report = apply_plan(plan, *t.engine, {}, {}, /*parallelism=*/2);
  const auto took = Clock::now() - start;
  EXPECT_EQ(report.done.size(), 4U);
  EXPECT_EQ(t.down->peak_in_flight, 2) << "at most --parallelism writes at once";
  EXPECT_LT(took, 400ms) << "four 120 ms writes in two lanes take two rounds, not four";
}

TEST(Engine, TheLiveDigestFollowsEveryProvidersState) {
  TwoProviders t;
  (void)t.engine->plan();
  const std::string before = t.engine->live_fingerprint();
  EXPECT_EQ(t.engine->live_fingerprint(), before);
  t.down->digest = "state-2";
  EXPECT_NE(t.engine->live_fingerprint(), before);
}

}  // namespace
}  // namespace linkform
