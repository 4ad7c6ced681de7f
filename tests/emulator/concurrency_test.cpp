// 2,000 requests from 8 concurrent clients, mixing reads and creates: none
// fails, and the connectors stored are exactly the creates that succeeded.

#include <atomic>
#include <thread>

#include "tests/emulator/emulator_fixture.h"

namespace linkform::emulator::testing {
namespace {

TEST(EmulatorConcurrency, EightClientsTwoThousandRequests) {
  auto emu = start_emulator();
  ASSERT_NE(emu, nullptr);
  constexpr int kClients = 8;
  constexpr int kRequestsPerClient = 250;
  std::atomic<int> creates{0};
  std::atomic<int> unexpected{0};
  std::atomic<int> requests{0};
  std::string app;
  {
    httplib::Client c("127.0.0.1", emu->port());
    app = first_app_id(c, frontegg_token(c));
  }
  const auto run_client = [&](int n) {
    httplib::Client c("127.0.0.1", emu->port());
    c.set_keep_alive(true);
    c.set_tcp_nodelay(true);
    std::string token;
    for (int i = 0; i < kRequestsPerClient; ++i) {
      int expected = 200;
      const auto send = [&]() -> httplib::Result {
        if (i == 0 || token.empty()) {
          auto r = c.Post("/auth/vendor", R"({"clientId":"dev-client-id","secret":"dev-secret"})", kJson);
          if (r && r->status == 200) token = parse(r->body)["token"].GetString();
          return r;
        }
        if (i % 3 == 0) {
          expected = 201;
          auto r = c.Post(kConnectors, bearer(token),
                          connector_body(app, "c" + std::to_string(n) + "-" + std::to_string(i)), kJson);
          if (r && r->status == 201) ++creates;
          return r;
        }
        if (i % 3 == 1) return c.Get(std::string(kConnectors) + "?appId=" + app, bearer(token));
        return c.Get(std::string(kConnectors) + "/templates", bearer(token));
      };
      const httplib::Result r = send();
      ++requests;
      if (!r || r->status != expected) ++unexpected;
    }
  };
  std::vector<std::thread> threads;
  for (int n = 0; n < kClients; ++n) threads.emplace_back(run_client, n);
  for (auto& t : threads) t.join();

  EXPECT_EQ(requests.load(), kClients * kRequestsPerClient);
  EXPECT_EQ(unexpected.load(), 0);
  httplib::Client c("127.0.0.1", emu->port());
  const auto listed =
      parse(c.Get(std::string(kConnectors) + "?appId=" + app, bearer(frontegg_token(c)))->body);
  EXPECT_EQ(static_cast<int>(listed.Size()), creates.load());
  EXPECT_GT(creates.load(), 600);
  EXPECT_EQ(static_cast<int>(parse(c.Get("/_emulator/requests")->body).Size()),
            kClients * kRequestsPerClient + 4);
}

}  // namespace
}  // namespace linkform::emulator::testing
