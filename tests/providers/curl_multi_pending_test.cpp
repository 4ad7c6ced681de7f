// Requests that libcurl itself queues (state PENDING: no connection may be opened to the host now) must
// still end within CurlOptions::total_timeout. libcurl 7.88 does not time out a PENDING transfer: it is
// looked at again only when another transfer ends (curl issues 13227 and 6744; fixed in libcurl 8.8.0 by
// "multi: timeout handles even without connection" and "multi: introduce SETUP state").
//
// Over HTTP/2 HostAdmission admits per_host x 100 requests, so a POST that must open a fresh connection
// (is_retry_safe false) finds all max_host_connections connections busy with streams and is queued by
// libcurl for as long as the streams keep coming.

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "providers/transport/curl_transport.h"
#include "tests/support/h2_front.h"
#include "tests/support/loopback_listen.h"

namespace linkform {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class PendingBackend {
 public:
  PendingBackend() {
    server_.Get("/fast",
                [](const httplib::Request&, httplib::Response& res) { res.set_content("ok", "text/plain"); });
    server_.Get("/wait", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(300ms);
      res.set_content("waited", "text/plain");
    });
    server_.Post("/create", [this](const httplib::Request&, httplib::Response& res) {
      ++posts_;
      res.status = 201;
      res.set_content("created", "text/plain");
    });
    port_ = testing::bind_loopback_with_backlog(server_);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i) std::this_thread::sleep_for(5ms);
  }
  ~PendingBackend() {
    server_.stop();
    thread_.join();
  }
  PendingBackend(const PendingBackend&) = delete;
  PendingBackend& operator=(const PendingBackend&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] int posts() const { return posts_.load(); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> posts_{0};
};

TEST(CurlMultiPending, APostNeedingItsOwnConnectionEndsWithinItsTimeoutWhileStreamsKeepTheHostBusy) {
  if (!testing::H2Front::available()) {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && *ci != '\0') FAIL() << "CI is set but nghttpx or openssl is missing";
    GTEST_SKIP() << "nghttpx or openssl missing; run scripts/deps.sh";
  }
  constexpr auto kTimeout = 1500ms;
  PendingBackend backend;
  testing::H2Front front(backend.port());
  CurlOptions options;
  options.max_host_connections = 1;
  options.total_timeout = kTimeout;
  options.ca_bundle = front.ca_file();
  CurlTransport transport(options);
  auto warm = transport.send({"GET", front.url() + "/fast", {}, {}});
  ASSERT_TRUE(warm) << warm.error().message;
  ASSERT_EQ(transport.stats().http2_replies, 1u);  // the host multiplexes: HostAdmission admits 100

  // Three readers, staggered, keep streams open on the one connection for up to 6 s.
  std::atomic<bool> stop{false};
  const auto readers_end = Clock::now() + 6s;
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&, r] {
      std::this_thread::sleep_for(r * 100ms);
      while (!stop && Clock::now() < readers_end)
        (void)transport.send({"GET", front.url() + "/wait", {}, {}});
    });
  }
  std::this_thread::sleep_for(500ms);

  const auto started = Clock::now();
  auto created = transport.send({"POST", front.url() + "/create", {}, "{}"});
  const auto took = Clock::now() - started;
  stop = true;
  for (auto& reader : readers) reader.join();

  // Either it went out on a connection of its own, or it failed as a timeout, but within its timeout
  // (plus room for a loaded machine or a sanitizer build); never only once the readers stop, 6 s later.
  EXPECT_LT(took, kTimeout + 1s) << "the POST waited "
                                 << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                                 << " ms: " << (created ? "created" : created.error().message);
  if (!created) {
    EXPECT_EQ(created.error().kind, ErrorKind::kTimeout) << created.error().message;
    EXPECT_NE(created.error().message.find("no connection to the host became free in time"),
              std::string::npos)
        << created.error().message;
  }
  EXPECT_LE(backend.posts(), 1);
}

}  // namespace
}  // namespace linkform
