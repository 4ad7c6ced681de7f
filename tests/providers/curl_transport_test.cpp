// CurlTransport against a real httplib server on 127.0.0.1 (no other network).

#include "providers/transport/curl_transport.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/version.h"
#include "tests/support/loopback_listen.h"

namespace linkform {
namespace {

using namespace std::chrono_literals;

// An httplib server on an ephemeral loopback port, running on its own thread for the test's lifetime.
class LoopbackServer {
 public:
  LoopbackServer() {
    server_.set_keep_alive_max_count(1000);
    server_.set_logger([this](const httplib::Request& req, const httplib::Response&) {
      const std::scoped_lock lock(mutex_);
      client_ports_.insert(req.remote_port);
    });
  }
  ~LoopbackServer() { stop(); }

  httplib::Server& server() { return server_; }

  void start() {
    port_ = testing::bind_loopback_with_backlog(server_);
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i) std::this_thread::sleep_for(5ms);
    ASSERT_TRUE(server_.is_running());
  }
  void stop() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::size_t distinct_client_ports() {
    const std::scoped_lock lock(mutex_);
    return client_ports_.size();
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::set<int> client_ports_;
};

// A loopback port with nothing listening: bind an ephemeral port, then close it.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

class CurlTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& s = server_.server();
    s.Get("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("frontegg-trace-id", "trace-123");
      res.set_content("GET " + req.get_header_value("X-Test") + " " + req.get_header_value("User-Agent"),
                      "text/plain");
    });
    auto echo_body = [](const httplib::Request& req, httplib::Response& res) {
      res.status = req.method == "POST" ? 201 : 200;
      res.set_content(req.method + ":" + req.body + ":" + req.get_header_value("Content-Type"), "text/plain");
    };
    s.Post("/echo", echo_body);
    s.Patch("/echo", echo_body);
    s.Delete("/echo", echo_body);
    s.Get("/status/404", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_content(R"({"errors":["not here"]})", "application/json");
    });
    s.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(1500ms);
      res.set_content("late", "text/plain");
    });
    // A hostile server that sends its body one byte every 50 ms, for up to 3 s.
    s.Get("/drip", [](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("application/json", [](size_t offset, httplib::DataSink& sink) {
        if (offset >= 60) {
          sink.done();
          return true;
        }
        std::this_thread::sleep_for(50ms);
        return sink.write("x", 1);
      });
    });
    s.Get("/wait", [this](const httplib::Request&, httplib::Response& res) {
      const int now = ++in_handler_;
      int seen = peak_in_handler_.load();
      while (now > seen && !peak_in_handler_.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(100ms);
      --in_handler_;
      res.set_content("waited", "text/plain");
    });
    s.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(10'000, 'x'), "text/plain");
    });
    s.Get("/bad-gzip", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content("this is not gzip at all", "text/plain");
    });
    s.Get("/big-chunked", [](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("text/plain", [](size_t, httplib::DataSink& sink) {
        const std::string chunk(1000, 'y');
        for (int i = 0; i < 10; ++i) sink.write(chunk.data(), chunk.size());
        sink.done();
        return true;
      });
    });
    server_.start();
  }

  LoopbackServer server_;
  std::atomic<int> in_handler_{0};
  std::atomic<int> peak_in_handler_{0};
};

TEST_F(CurlTransportTest, GetSendsHeadersAndReturnsReplyHeaders) {
  CurlTransport transport;
  auto reply = transport.send({"GET", server_.url("/echo"), {{"X-Test", "abc"}}, {}});
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, std::string("GET abc linkform/") + kVersion);
  EXPECT_EQ(reply->header("Frontegg-Trace-Id").value_or(""), "trace-123");
}

TEST_F(CurlTransportTest, CustomUserAgent) {
  CurlOptions options;
  options.user_agent = "probe/9";
  CurlTransport transport(options);
  auto reply = transport.send({"GET", server_.url("/echo"), {}, {}});
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->body, "GET  probe/9");
}

TEST_F(CurlTransportTest, PostPatchDeleteSendMethodAndBody) {
  CurlTransport transport;
  const HttpHeaders json{{"Content-Type", "application/json"}};
  auto post = transport.send({"POST", server_.url("/echo"), json, R"({"a":1})"});
  ASSERT_TRUE(post) << post.error().message;
  EXPECT_EQ(post->status, 201);
  EXPECT_EQ(post->body, R"(POST:{"a":1}:application/json)");
  auto patch = transport.send({"PATCH", server_.url("/echo"), json, R"({"b":2})"});
  ASSERT_TRUE(patch) << patch.error().message;
  EXPECT_EQ(patch->body, R"(PATCH:{"b":2}:application/json)");
  auto del = transport.send({"DELETE", server_.url("/echo?appId=x"), {}, {}});
  ASSERT_TRUE(del) << del.error().message;
  EXPECT_EQ(del->body, "DELETE::");
}

TEST_F(CurlTransportTest, LargePostBodyIsSentWhole) {
  CurlTransport transport;
  const std::string body(50'000, 'b');
  auto reply = transport.send({"POST", server_.url("/echo"), {{"Content-Type", "text/plain"}}, body});
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->body, "POST:" + body + ":text/plain");
}

TEST_F(CurlTransportTest, ErrorStatusIsAReplyNotAnError) {
  CurlTransport transport;
  auto reply = transport.send({"GET", server_.url("/status/404"), {}, {}});
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->status, 404);
  EXPECT_EQ(reply->body, R"({"errors":["not here"]})");
}

TEST_F(CurlTransportTest, TotalTimeoutIsKTimeout) {
  CurlOptions options;
  options.total_timeout = 200ms;
  CurlTransport transport(options);
  const auto start = std::chrono::steady_clock::now();
  auto reply = transport.send({"GET", server_.url("/slow?token=zzz"), {}, {}});
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().kind, ErrorKind::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1400ms);
  EXPECT_NE(reply.error().message.find("GET " + server_.url("/slow")), std::string::npos)
      << reply.error().message;
  EXPECT_EQ(reply.error().message.find("zzz"), std::string::npos) << "query must not be echoed";
}

TEST_F(CurlTransportTest, ConnectionRefusedIsKTransportNamingMethodAndUrl) {
  CurlTransport transport;
  const std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/x";
  auto reply = transport.send({"POST", url, {}, "{}"});
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().kind, ErrorKind::kTransport);
  EXPECT_NE(reply.error().message.find("POST " + url), std::string::npos) << reply.error().message;
}

TEST_F(CurlTransportTest, PlainHttpToNonLoopbackIsRefusedWithoutConnecting) {
  CurlTransport transport;
  for (const char* url : {"http://example.com/x", "http://10.0.0.1:8080/x", "http://127.example.com/",
                          "HTTP://example.com/x", "Http://[2001:db8::1]/x", "http://0.0.0.0/x"}) {
    auto reply = transport.send({"GET", url, {}, {}});
    ASSERT_FALSE(reply) << url;
    EXPECT_EQ(reply.error().kind, ErrorKind::kInvalid) << url;
    EXPECT_NE(reply.error().message.find("plain http"), std::string::npos) << reply.error().message;
  }
  EXPECT_EQ(transport.stats().requests_sent, 0u);
  EXPECT_EQ(transport.stats().connections_opened, 0u);
}

TEST_F(CurlTransportTest, CredentialsInTheUrlCannotSmuggleANonLoopbackHost) {
  CurlTransport transport;
  auto reply = transport.send({"GET", "http://127.0.0.1@example.com/x", {}, {}});
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(transport.stats().requests_sent, 0u);
}

TEST_F(CurlTransportTest, PlainHttpToLoopbackNamesIsAllowed) {
  CurlTransport transport;
  const std::string port = server_.url("").substr(std::string("http://127.0.0.1").size());
  for (const std::string host : {"127.0.0.1", "localhost"}) {
    auto reply = transport.send({"GET", "http://" + host + port + "/echo", {}, {}});
    ASSERT_TRUE(reply) << host << ": " << reply.error().message;
    EXPECT_EQ(reply->status, 200);
  }
}

TEST_F(CurlTransportTest, MalformedUrlAndHeaderInjectionAreInvalid) {
  CurlTransport transport;
  auto no_scheme = transport.send({"GET", "127.0.0.1/x", {}, {}});
  ASSERT_FALSE(no_scheme);
  EXPECT_EQ(no_scheme.error().kind, ErrorKind::kInvalid);
  auto ftp = transport.send({"GET", "ftp://127.0.0.1/x", {}, {}});
  ASSERT_FALSE(ftp);
  EXPECT_EQ(ftp.error().kind, ErrorKind::kInvalid);
  auto injected = transport.send({"GET", server_.url("/echo"), {{"X-Test", "a\r\nX-Evil: 1"}}, {}});
  ASSERT_FALSE(injected);
  EXPECT_EQ(injected.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(transport.stats().requests_sent, 0u);
}

TEST_F(CurlTransportTest, SlowDripIsCutOffByTheTotalTimeout) {
  CurlOptions options;
  options.total_timeout = 300ms;
  CurlTransport transport(options);
  const auto start = std::chrono::steady_clock::now();
  auto reply = transport.send({"GET", server_.url("/drip"), {}, {}});
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().kind, ErrorKind::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);
}

// Over the cap is a failure on this machine (kLocal): retrying would fetch the same oversize reply.
TEST_F(CurlTransportTest, BodyOverTheCapIsAnError) {
  CurlOptions options;
  options.max_body_bytes = 4096;
  CurlTransport transport(options);
  for (const char* path : {"/big", "/big-chunked"}) {
    auto reply = transport.send({"GET", server_.url(path), {}, {}});
    ASSERT_FALSE(reply) << path;
    EXPECT_EQ(reply.error().kind, ErrorKind::kLocal) << path;
    EXPECT_NE(reply.error().message.find("larger than the limit of 4096 bytes"), std::string::npos)
        << reply.error().message;
  }
  // A body under the cap still works on the same transport.
  auto small = transport.send({"GET", server_.url("/echo"), {}, {}});
  EXPECT_TRUE(small) << small.error().message;
}

// Issue 22: a body that its Content-Encoding does not describe is the server's fault, and was reported
// as "a failure on this machine".
TEST_F(CurlTransportTest, ABrokenContentEncodingIsTheServersFault) {
  CurlTransport transport;
  auto reply = transport.send({"GET", server_.url("/bad-gzip"), {}, {}});
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().kind, ErrorKind::kTransport);
  EXPECT_NE(
      reply.error().message.find("the server sent a body its Content-Encoding header does not describe"),
      std::string::npos)
      << reply.error().message;
  EXPECT_EQ(reply.error().message.find("on this machine"), std::string::npos) << reply.error().message;
}

TEST_F(CurlTransportTest, SequentialRequestsReuseOneConnection) {
  CurlTransport transport;
  for (int i = 0; i < 2; ++i) {
    auto reply = transport.send({"GET", server_.url("/echo"), {}, {}});
    ASSERT_TRUE(reply) << reply.error().message;
  }
  EXPECT_EQ(transport.stats().requests_sent, 2u);
  EXPECT_EQ(transport.stats().connections_opened, 1u);
  EXPECT_EQ(server_.distinct_client_ports(), 1u);
}

TEST_F(CurlTransportTest, ConcurrentSendsFromFourThreads) {
  CurlTransport transport;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const std::string body = std::to_string(t) + "-" + std::to_string(i);
        auto reply = transport.send({"PATCH", server_.url("/echo"), {{"Content-Type", "text/plain"}}, body});
        if (reply && reply->body == "PATCH:" + body + ":text/plain") ++ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 40);
  EXPECT_EQ(transport.stats().requests_sent, 40u);
  EXPECT_GE(transport.stats().connections_opened, 1u);
  EXPECT_LE(transport.stats().connections_opened, 4u);
}

TEST_F(CurlTransportTest, ParallelismBoundsConnectionsAndRequestsInFlightOverHttp11) {
  CurlOptions options;
  options.max_host_connections = 3;
  CurlTransport transport(options);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  const auto started = std::chrono::steady_clock::now();
  for (int t = 0; t < 9; ++t) {
    threads.emplace_back([&] {
      auto reply = transport.send({"GET", server_.url("/wait"), {}, {}});
      if (reply && reply->body == "waited") ++ok;
    });
  }
  for (auto& thread : threads) thread.join();
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(ok.load(), 9);
  EXPECT_EQ(peak_in_handler_.load(), 3);  // the server saw 3 at once, never more
  EXPECT_EQ(transport.stats().peak_in_flight, 3);
  EXPECT_LE(transport.stats().connections_opened, 3u);
  EXPECT_EQ(transport.stats().http2_replies, 0u);  // plain http: HTTP/1.1
  EXPECT_GE(elapsed, 300ms);                       // three waves of 100 ms
}

// A raw HTTP/1.1 server on loopback that answers GETs (keeping the connection) and closes the
// connection without a reply on anything else, counting what it received: the "create went through but
// the reply was lost" failure.
class DroppingServer {
 public:
  DroppingServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listener_, 8);
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~DroppingServer() {
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
    for (auto& t : connections_) t.join();  // the client has closed its connections by now
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int posts() const { return static_cast<int>(post_connections().size()); }
  // The connection each whole POST came on, numbered from 1 in the order they were accepted.
  std::vector<int> post_connections() const {
    const std::scoped_lock lock(mutex_);
    return post_connections_;
  }

 private:
  void serve() {
    for (int fd; (fd = ::accept(listener_, nullptr, nullptr)) >= 0;) {
      const int number = static_cast<int>(connections_.size()) + 1;
      connections_.emplace_back([this, fd, number] { serve_connection(fd, number); });
    }
  }

  void serve_connection(int fd, int number) {
    std::string buffer;
    char chunk[4096];
    for (;;) {
      const auto end = buffer.find("\r\n\r\n");
      if (end == std::string::npos) {
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) break;
        buffer.append(chunk, static_cast<std::size_t>(n));
        continue;
      }
      if (!buffer.starts_with("GET ")) {
        // The whole request, its body too (Content-Length), was received: close without a reply.
        const auto at = buffer.find("Content-Length: ");
        const std::size_t length = at == std::string::npos ? 0 : std::stoul(buffer.substr(at + 16));
        while (buffer.size() < end + 4 + length) {
          const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
          if (n <= 0) break;
          buffer.append(chunk, static_cast<std::size_t>(n));
        }
        if (buffer.size() >= end + 4 + length) {
          const std::scoped_lock lock(mutex_);
          post_connections_.push_back(number);
        }
        break;
      }
      buffer.erase(0, end + 4);
      const std::string reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
      ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
    }
    ::close(fd);
  }

  int listener_ = -1;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::vector<int> post_connections_;
  std::thread thread_;                    // accepts
  std::vector<std::thread> connections_;  // one per accepted connection; touched by thread_ only
};

// The create goes out on the kept-alive connection, which dies before the reply: libcurl would send it
// again on a new one (it does so for any request), but cannot read its body twice.
TEST(CurlTransportResend, APostWhoseReplyIsLostIsNeverSentAgainByLibcurl) {
  DroppingServer server;
  CurlTransport transport;
  auto warm = transport.send({"GET", server.url("/warm"), {}, {}});  // leaves a connection to reuse
  ASSERT_TRUE(warm) << warm.error().message;
  auto create = transport.send({"POST", server.url("/create"), {}, R"({"name":"c"})"});
  ASSERT_FALSE(create);
  EXPECT_EQ(create.error().kind, ErrorKind::kTransport);
  EXPECT_NE(create.error().message.find("closed after the request was sent"), std::string::npos)
      << create.error().message;
  EXPECT_EQ(server.post_connections(), std::vector<int>{1}) << "sent once, on the GET's connection";

  // A create without a body, which nothing would stop libcurl from sending again, takes a fresh one.
  auto warm_again = transport.send({"GET", server.url("/warm"), {}, {}});
  ASSERT_TRUE(warm_again) << warm_again.error().message;
  const auto connections = static_cast<int>(transport.stats().connections_opened);
  auto empty = transport.send({"POST", server.url("/create"), {}, ""});
  ASSERT_FALSE(empty);
  EXPECT_EQ(server.post_connections(), (std::vector<int>{1, connections + 1}));
}

// Creates keep the connection alive for the next request, as reads do: no new handshake per create.
TEST_F(CurlTransportTest, CreatesReuseTheKeptAliveConnection) {
  CurlTransport transport;
  const HttpHeaders json{{"Content-Type", "application/json"}};
  for (int i = 0; i < 3; ++i) {
    const std::string body = R"({"n":)" + std::to_string(i) + "}";
    auto reply = transport.send({"POST", server_.url("/echo"), json, body});
    ASSERT_TRUE(reply) << reply.error().message;
    EXPECT_EQ(reply->body, "POST:" + body + ":application/json");
  }
  EXPECT_EQ(transport.stats().connections_opened, 1u);
  EXPECT_EQ(server_.distinct_client_ports(), 1u);
}

}  // namespace
}  // namespace linkform
