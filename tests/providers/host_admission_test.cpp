#include "providers/transport/host_admission.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace linkform {
namespace {

using namespace std::chrono_literals;

// Threads that enter, hold the slot until released, and leave.
struct Holders {
  explicit Holders(HostAdmission& a) : admission(a) {}
  Holders(const Holders&) = delete;
  Holders& operator=(const Holders&) = delete;
  ~Holders() {
    release = true;
    for (auto& t : threads)
      if (t.joinable()) t.join();
  }

  HostAdmission& admission;
  std::atomic<int> inside{0};
  std::atomic<bool> release{false};
  std::vector<std::thread> threads;

  void start(int n, const std::string& host) {
    for (int i = 0; i < n; ++i) {
      threads.emplace_back([this, host] {
        admission.enter(host);
        ++inside;
        while (!release) std::this_thread::sleep_for(1ms);
        --inside;
        admission.leave(host);
      });
    }
  }
  // Waits until `n` threads are inside (or 2 s pass) and returns how many are.
  int wait_inside(int n) {
    for (int i = 0; i < 2000 && inside < n; ++i) std::this_thread::sleep_for(1ms);
    std::this_thread::sleep_for(20ms);  // room for any thread that should not get in
    return inside;
  }
  void finish() {
    release = true;
    for (auto& t : threads) t.join();
    threads.clear();
  }
};

TEST(HostAdmission, AHostGetsAtMostItsBoundAndOtherHostsAreNotHeldUp) {
  HostAdmission admission(3);
  Holders holders(admission);
  holders.start(5, "https://a:443");
  EXPECT_EQ(holders.wait_inside(3), 3);
  holders.start(2, "https://b:443");
  EXPECT_EQ(holders.wait_inside(5), 5);  // b's two are in, a's other two still wait
  holders.finish();
  EXPECT_EQ(admission.peak_in_flight(), 3);
}

TEST(HostAdmission, AMultiplexingHostReleasesItsWaiters) {
  HostAdmission admission(2);
  Holders holders(admission);
  holders.start(10, "https://a:443");
  EXPECT_EQ(holders.wait_inside(2), 2);
  admission.set_multiplexing("https://a:443");
  EXPECT_EQ(holders.wait_inside(10), 10);
  holders.finish();
  EXPECT_EQ(admission.peak_in_flight(), 10);
}

TEST(HostAdmission, ABoundBelowOneIsOne) {
  HostAdmission admission(0);
  EXPECT_EQ(admission.per_host(), 1);
  Holders holders(admission);
  holders.start(3, "http://127.0.0.1:1");
  EXPECT_EQ(holders.wait_inside(1), 1);
  holders.finish();
  EXPECT_EQ(admission.peak_in_flight(), 1);
}

}  // namespace
}  // namespace linkform
