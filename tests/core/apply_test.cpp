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
  EXPECT_EQ(executor.calls(), (std::vector<std::string>{"frontegg_connector.c", "frontegg_connector.a",
                                                        "frontegg_connector.b", "frontegg_connector.d"}));
  EXPECT_EQ(executor.peak(), 1);
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
  EXPECT_EQ(executor.calls().size(), 2U);
}

}  // namespace
}  // namespace linkform
