// CurlTransport's multi-handle loop: how it behaves with many senders, signals, and libcurl's per-host
// connection bound. Loopback only (httplib, and nghttpx as an HTTP/2 TLS front where installed).

#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
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

// An httplib server on an ephemeral loopback port: GET /fast, GET /wait?ms=N, POST /create.
class Backend {
 public:
  Backend() {
    server_.Get("/fast",
                [](const httplib::Request&, httplib::Response& res) { res.set_content("ok", "text/plain"); });
    server_.Get("/wait", [](const httplib::Request& req, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(req.get_param_value("ms"))));
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
  ~Backend() {
    server_.stop();
    thread_.join();
  }
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  [[nodiscard]] int posts() const { return posts_.load(); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> posts_{0};
};

// Skips without nghttpx and openssl, except under CI, where that is a failure (as in http2_e2e_test).
bool h2_front_missing() {
  if (testing::H2Front::available()) return false;
  const char* ci = std::getenv("CI");
  if (ci != nullptr && *ci != '\0') ADD_FAILURE() << "CI is set but nghttpx or openssl is missing";
  return true;
}

// Over HTTP/1.1 at most max_host_connections connections exist to a host. A POST that must not reuse a
// connection (a create without a body: curl_transport.h) still goes out at once when they are all idle:
// libcurl closes the oldest to make room.
TEST(CurlMulti, AFreshConnectionPostTakesTheRoomOfAnIdleConnection) {
  Backend backend;
  CurlOptions options;
  options.max_host_connections = 2;
  options.total_timeout = 2s;
  CurlTransport transport(options);
  std::thread first([&] { EXPECT_TRUE(transport.send({"GET", backend.url("/wait?ms=200"), {}, {}})); });
  std::thread second([&] { EXPECT_TRUE(transport.send({"GET", backend.url("/wait?ms=200"), {}, {}})); });
  first.join();
  second.join();
  ASSERT_EQ(transport.stats().connections_opened, 2u);  // both now idle in the pool

  const auto started = Clock::now();
  auto created = transport.send({"POST", backend.url("/create"), {}, ""});
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->status, 201);
  EXPECT_LT(Clock::now() - started, 1s);
  EXPECT_EQ(transport.stats().connections_opened, 3u);
  EXPECT_EQ(backend.posts(), 1);
}

// Options for a transport that may open one connection to `front` (trusting its certificate).
CurlOptions one_connection_to(const testing::H2Front& front) {
  CurlOptions options;
  options.max_host_connections = 1;
  options.total_timeout = 5s;
  options.ca_bundle = front.ca_file();
  return options;
}

// The same over HTTP/2 with one connection allowed: the idle multiplexed connection gives way.
TEST(CurlMulti, AFreshConnectionPostReplacesTheIdleHttp2Connection) {
  if (h2_front_missing()) GTEST_SKIP() << "nghttpx or openssl missing; run scripts/deps.sh";
  Backend backend;
  testing::H2Front front(backend.port());
  CurlTransport transport(one_connection_to(front));
  auto warm = transport.send({"GET", front.url() + "/fast", {}, {}});
  ASSERT_TRUE(warm) << warm.error().message;
  ASSERT_EQ(transport.stats().http2_replies, 1u);

  auto created = transport.send({"POST", front.url() + "/create", {}, ""});
  ASSERT_TRUE(created) << created.error().message << front.error_log();
  EXPECT_EQ(created->status, 201);
  EXPECT_EQ(transport.stats().connections_opened, 2u);
  EXPECT_EQ(backend.posts(), 1);
}

// Creates with a body share the multiplexed connection like reads (libcurl cannot send them twice:
// curl_transport.h): five at once over the one connection allowed, none waiting for another.
TEST(CurlMulti, CreatesShareTheHttp2Connection) {
  if (h2_front_missing()) GTEST_SKIP() << "nghttpx or openssl missing; run scripts/deps.sh";
  Backend backend;
  testing::H2Front front(backend.port());
  CurlTransport transport(one_connection_to(front));
  auto warm = transport.send({"GET", front.url() + "/fast", {}, {}});
  ASSERT_TRUE(warm) << warm.error().message;
  std::vector<std::thread> creates;
  std::atomic<int> created{0};
  for (int i = 0; i < 5; ++i) {
    creates.emplace_back([&, i] {
      auto reply = transport.send({"POST", front.url() + "/create", {}, "{\"n\":" + std::to_string(i) + "}"});
      if (reply && reply->status == 201) ++created;
    });
  }
  for (auto& t : creates) t.join();
  EXPECT_EQ(created.load(), 5) << front.error_log();
  EXPECT_EQ(backend.posts(), 5);
  EXPECT_EQ(transport.stats().connections_opened, 1u);
  EXPECT_EQ(transport.stats().http2_replies, 6u);
}

extern "C" void ignore_signal(int /*signal*/) {}

// The CLI handles SIGINT and SIGTERM without SA_RESTART (cmd/linkform/signals.cpp), so a signal makes a
// blocking call on any thread, the loop's poll included, fail with EINTR. No send may fail for that.
TEST(CurlMulti, SendsSurviveSignalsThatInterruptBlockingCalls) {
  Backend backend;
  struct sigaction action {};
  action.sa_handler = ignore_signal;
  sigemptyset(&action.sa_mask);
  struct sigaction previous {};
  ASSERT_EQ(::sigaction(SIGUSR1, &action, &previous), 0);
  CurlTransport transport;
  std::atomic<bool> done{false};
  std::thread signaller([&] {
    while (!done) {
      ::kill(::getpid(), SIGUSR1);  // to the process: any thread may take it
      std::this_thread::sleep_for(1ms);
    }
  });
  int replies = 0;
  for (int i = 0; i < 30; ++i) {
    auto reply = transport.send({"GET", backend.url("/wait?ms=20"), {}, {}});
    EXPECT_TRUE(reply) << reply.error().message;
    if (reply && reply->body == "waited") ++replies;
  }
  done = true;
  signaller.join();
  // The default action ends the process: let a signal still pending be taken before it comes back.
  for (int i = 0; i < 100; ++i) {
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGUSR1) == 0) break;
    std::this_thread::sleep_for(1ms);
  }
  ::sigaction(SIGUSR1, &previous, nullptr);
  EXPECT_EQ(replies, 30);
}

// A sender wakes the loop with curl_multi_wakeup, which also covers the case where the loop is not yet in
// curl_multi_poll. A lost wakeup would leave the request until the loop's 1 s poll timeout.
TEST(CurlMulti, NoSendWaitsForTheLoopsPollTimeout) {
  Backend backend;
  CurlTransport transport;
  std::atomic<int> replies{0};
  std::atomic<long long> slowest_ms{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < 8; ++t) {
    senders.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        const auto started = Clock::now();
        auto reply = transport.send({"GET", backend.url("/fast"), {}, {}});
        const long long ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
        long long seen = slowest_ms.load();
        while (ms > seen && !slowest_ms.compare_exchange_weak(seen, ms)) {
        }
        if (reply && reply->body == "ok") ++replies;
      }
    });
  }
  for (auto& sender : senders) sender.join();
  EXPECT_EQ(replies.load(), 200);
  EXPECT_LT(slowest_ms.load(), 800) << "a send waited about as long as the loop's poll timeout";
}

// Requests that libcurl itself queues (state PENDING: no connection may be opened to the host now) must
// still end within CurlOptions::total_timeout. libcurl 7.88 does not time out a PENDING transfer: it is
// looked at again only when another transfer ends (curl issues 13227 and 6744; fixed in libcurl 8.8.0 by
// "multi: timeout handles even without connection" and "multi: introduce SETUP state").
//
// Over HTTP/2 HostAdmission admits per_host x 100 requests, so a POST that must open a fresh connection
// (is_retry_safe false, without a body: curl_transport.h) finds all max_host_connections connections busy
// with streams and is queued by libcurl for as long as the streams keep coming.
TEST(CurlMultiPending, APostNeedingItsOwnConnectionEndsWithinItsTimeoutWhileStreamsKeepTheHostBusy) {
  if (h2_front_missing()) GTEST_SKIP() << "nghttpx or openssl missing; run scripts/deps.sh";
  constexpr auto kTimeout = 1500ms;
  Backend backend;
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
        (void)transport.send({"GET", front.url() + "/wait?ms=300", {}, {}});
    });
  }
  std::this_thread::sleep_for(500ms);

  const auto started = Clock::now();
  auto created = transport.send({"POST", front.url() + "/create", {}, ""});
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
