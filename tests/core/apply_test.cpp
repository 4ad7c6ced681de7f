// apply_plan (core/apply.cpp) with a fake executor: order within an environment, environments at once,
// and what a failure stops.

#include "core/apply.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

namespace linkform {
namespace {

using namespace std::chrono_literals;

ResourceChange write(const std::string& address, const std::string& environment, Action action) {
  ResourceChange c;
  c.address = *Address::parse(address);
  c.address.environment = environment;
  c.action = action;
  return c;
}

// Records the order of calls; each write takes `delay` (`failing_delay` for the addresses in `failing`,
// which fail).
class FakeExecutor final : public ChangeExecutor {
 public:
  explicit FakeExecutor(std::chrono::milliseconds delay, std::vector<std::string> failing = {},
                        std::chrono::milliseconds failing_delay = 0ms)
      : delay_(delay), failing_delay_(failing_delay), failing_(std::move(failing)) {}
  Result<std::string> execute(const ResourceChange& change) override {
    {
      const std::scoped_lock lock(mutex_);
      calls_.push_back(change.address.str());
      in_flight_ = in_flight_ + 1;
      peak_ = std::max(peak_, in_flight_);
    }
    const bool fails = std::ranges::find(failing_, change.address.str()) != failing_.end();
    std::this_thread::sleep_for(fails ? failing_delay_ : delay_);
    const std::scoped_lock lock(mutex_);
    in_flight_ = in_flight_ - 1;
    if (fails) return fail(Error::invalid("refused"));
    return std::string("ok");
  }
  // Records "verify <environment>: <addresses>"; says each written address differs when asked to.
  std::vector<std::string> verify(const std::vector<const ResourceChange*>& written) override {
    std::string line = "verify " + written.front()->address.environment + ":";
    std::vector<std::string> problems;
    for (const ResourceChange* c : written) {
      line += " " + c->address.str();
      if (differs) problems.push_back(c->address.str() + " [" + c->address.environment + "] differs");
    }
    const std::scoped_lock lock(mutex_);
    calls_.push_back(line);
    return problems;
  }
  bool differs = false;
  std::vector<std::string> calls() {
    const std::scoped_lock lock(mutex_);
    return calls_;
  }
  int peak() {
    const std::scoped_lock lock(mutex_);
    return peak_;
  }

 private:
  std::chrono::milliseconds delay_;
  std::chrono::milliseconds failing_delay_;
  std::vector<std::string> failing_;
  std::mutex mutex_;
  std::vector<std::string> calls_;
  int in_flight_ = 0;
  int peak_ = 0;
};

Plan two_environments() {
  Plan plan;
  plan.changes = {write("frontegg_connector.a", "dev", Action::kCreate),
                  write("frontegg_connector.b", "prod", Action::kCreate),
                  write("frontegg_connector.c", "dev", Action::kDelete),
                  write("frontegg_connector.d", "prod", Action::kUpdate)};
  return plan;
}

TEST(ApplyPlan, WithinAnEnvironmentDeletesComeFirstAndWritesGoOneAtATime) {
  FakeExecutor executor(0ms);
  const ApplyReport report = apply_plan(two_environments(), executor, {}, {}, 1);
  EXPECT_FALSE(report.failed);
  auto calls = executor.calls();
  // Each environment is read back once, after its writes, on a thread of its own.
  const auto verify_dev = std::ranges::find(calls, "verify dev: frontegg_connector.c frontegg_connector.a");
  ASSERT_NE(verify_dev, calls.end());
  EXPECT_GT(verify_dev - calls.begin(), 1);
  calls.erase(verify_dev);
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back(), "verify prod: frontegg_connector.b frontegg_connector.d");
  calls.pop_back();
  EXPECT_EQ(calls, (std::vector<std::string>{"frontegg_connector.c", "frontegg_connector.a",
                                             "frontegg_connector.b", "frontegg_connector.d"}));
  EXPECT_EQ(executor.peak(), 1);
}

TEST(ApplyPlan, AnEnvironmentIsReadBackWhileAnotherIsStillWritten) {
  // dev: one write; prod: three. dev's read-back must not wait for prod's writes.
  Plan plan;
  plan.changes = {write("frontegg_connector.a", "dev", Action::kCreate),
                  write("frontegg_connector.b", "prod", Action::kCreate),
                  write("frontegg_connector.c", "prod", Action::kCreate),
                  write("frontegg_connector.d", "prod", Action::kCreate)};
  FakeExecutor executor(60ms);
  executor.differs = true;
  const ApplyReport report = apply_plan(plan, executor, {}, {}, 8);
  const auto calls = executor.calls();
  const auto at = [&](const std::string& call) { return std::ranges::find(calls, call) - calls.begin(); };
  EXPECT_LT(at("verify dev: frontegg_connector.a"), at("frontegg_connector.d"));
  EXPECT_LT(at("frontegg_connector.d"), at("verify prod: frontegg_connector.b frontegg_connector.c "
                                           "frontegg_connector.d"));
  // What differs is reported in the plan's order of environments, whichever was read back first.
  EXPECT_EQ(report.inconsistent,
            (std::vector<std::string>{
                "frontegg_connector.a [dev] differs", "frontegg_connector.b [prod] differs",
                "frontegg_connector.c [prod] differs", "frontegg_connector.d [prod] differs"}));
}

TEST(ApplyPlan, DifferentEnvironmentsAreWrittenAtOnce) {
  FakeExecutor executor(150ms);
  const auto started = std::chrono::steady_clock::now();
  const ApplyReport report = apply_plan(two_environments(), executor, {}, {}, 8);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_FALSE(report.failed);
  EXPECT_EQ(report.done.size(), 4U);
  EXPECT_EQ(executor.peak(), 2);  // one per environment, never two in one
  EXPECT_LT(took, 550ms);         // 2 rounds of 150 ms, not 4
}

TEST(ApplyPlan, AFailureStartsNoFurtherWriteAnywhere) {
  // c (dev, written first there) fails after 50 ms, while b (prod) takes 300 ms.
  FakeExecutor executor(300ms, {"frontegg_connector.c"}, 50ms);
  std::vector<ApplyStep> steps;
  const ApplyReport report = apply_plan(
      two_environments(), executor, [&](const ApplyEvent& e) { steps.push_back(e.step); }, {}, 8);
  EXPECT_TRUE(report.failed);
  EXPECT_EQ(report.failure, "frontegg_connector.c: refused");
  // b was in flight and completes; a (dev) and d (prod) never start.
  ASSERT_EQ(report.done.size(), 1U);
  EXPECT_EQ(report.done[0].str(), "frontegg_connector.b");
  EXPECT_EQ(report.not_done.size(), 3U);
  // Only what was written is read back: b, in prod; dev wrote nothing.
  const auto calls = executor.calls();
  ASSERT_EQ(calls.size(), 3U);  // c and b, in either order, then b's read-back
  EXPECT_EQ(calls.back(), "verify prod: frontegg_connector.b");
}

TEST(ApplyPlan, AWriteWaitsForTheWritesItDependsOnWhileIndependentChainsRun) {
  // An OAuth client's create (no environment), the connector in prod that uses it, and a connector in dev
  // that uses nothing written here.
  Plan plan;
  plan.changes = {write("acme_client.app", "", Action::kCreate),
                  write("frontegg_connector.x", "prod", Action::kUpdate),
                  write("frontegg_connector.y", "dev", Action::kCreate)};
  plan.changes[1].depends_on = {plan.changes[0].address};
  FakeExecutor executor(100ms);
  std::vector<std::string> events;
  const ApplyReport report = apply_plan(
      plan, executor,
      [&](const ApplyEvent& e) {
        events.push_back((e.step == ApplyStep::kStarting ? "start " : "end ") + e.change->address.str());
      },
      {}, 8);
  EXPECT_FALSE(report.failed);
  const auto at = [&](const std::string& e) { return std::ranges::find(events, e) - events.begin(); };
  EXPECT_LT(at("end acme_client.app"), at("start frontegg_connector.x"));
  EXPECT_LT(at("start frontegg_connector.y"), at("end acme_client.app"));  // beside it, not after
  EXPECT_EQ(executor.peak(), 2);
}

TEST(ApplyPlan, AWriteWhoseDependencyFailedIsNotStarted) {
  Plan plan;
  plan.changes = {write("acme_client.app", "", Action::kCreate),
                  write("frontegg_connector.x", "prod", Action::kUpdate)};
  plan.changes[1].depends_on = {plan.changes[0].address};
  FakeExecutor executor(0ms, {"acme_client.app"}, 50ms);  // it fails after 50 ms
  const ApplyReport report = apply_plan(plan, executor, {}, {}, 8);
  EXPECT_TRUE(report.failed);
  EXPECT_EQ(executor.calls(), std::vector<std::string>{"acme_client.app"});
  ASSERT_EQ(report.not_done.size(), 2U);
  EXPECT_EQ(report.not_done[1].str(), "frontegg_connector.x");
}

// "<step> <action> <address>" for each start and end, in order.
std::vector<std::string> record_steps(const Plan& plan, ChangeExecutor& executor, ApplyReport& report) {
  std::vector<std::string> events;
  report = apply_plan(
      plan, executor,
      [&](const ApplyEvent& e) {
        const std::string step = e.step == ApplyStep::kStarting ? "start"
                                 : e.step == ApplyStep::kDone   ? "end"
                                                                : "stop";
        events.push_back(step + " " + action_marker(e.change->action) + " " + e.change->address.str());
      },
      {}, 8);
  return events;
}

TEST(ApplyPlan, AReplaceCreatesTheNewObjectWritesWhatUsesItAndOnlyThenDestroysTheOld) {
  Plan plan;
  plan.changes = {write("acme_client.app", "", Action::kReplace),
                  write("frontegg_connector.x", "prod", Action::kUpdate),
                  write("frontegg_connector.y", "dev", Action::kUpdate),
                  write("frontegg_connector.z", "dev", Action::kCreate)};
  plan.changes[1].depends_on = {plan.changes[0].address};
  plan.changes[2].depends_on = {plan.changes[0].address};
  FakeExecutor executor(30ms);
  ApplyReport report;
  const auto events = record_steps(plan, executor, report);
  EXPECT_FALSE(report.failed);
  const auto at = [&](const std::string& e) {
    const auto it = std::ranges::find(events, e);
    EXPECT_NE(it, events.end()) << e;
    return it - events.begin();
  };
  EXPECT_LT(at("end -/+ acme_client.app"), at("start ~ frontegg_connector.x"));
  EXPECT_LT(at("end -/+ acme_client.app"), at("start ~ frontegg_connector.y"));
  EXPECT_LT(at("end ~ frontegg_connector.x"), at("start - acme_client.app"));
  EXPECT_LT(at("end ~ frontegg_connector.y"), at("start - acme_client.app"));
  EXPECT_EQ(std::ranges::count(report.done, plan.changes[0].address), 2);
  EXPECT_EQ(applied_counts_line(plan, report), "Resources: 2 added, 2 changed, 1 destroyed.");
  // The old object's lane is read back once, after both of its writes.
  const auto calls = executor.calls();
  EXPECT_EQ(std::ranges::count(calls, std::string("verify : acme_client.app acme_client.app")), 1);
}

TEST(ApplyPlan, AReplaceWhoseDependentFailedKeepsTheOldObject) {
  Plan plan;
  plan.changes = {write("acme_client.app", "", Action::kReplace),
                  write("frontegg_connector.x", "prod", Action::kUpdate)};
  plan.changes[1].depends_on = {plan.changes[0].address};
  FakeExecutor executor(0ms, {"frontegg_connector.x"});
  ApplyReport report;
  const auto events = record_steps(plan, executor, report);
  EXPECT_TRUE(report.failed);
  EXPECT_EQ(std::ranges::count(events, std::string("start - acme_client.app")), 0);
  EXPECT_EQ(applied_counts_line(plan, report), "Resources: 1 added, 0 changed, 0 destroyed.");
  EXPECT_EQ(report.not_done.back().str(), "acme_client.app");
}

}  // namespace
}  // namespace linkform
