#pragma once
// The emulator as an HttpTransport, in memory: each request goes straight to
// EmulatorCore (providers/emulator/core.h) with every vendor half
// (providers/emulator_halves.h), the same code linkform-emulator serves, with
// no socket, no server thread and no port. For fast tests of the
// providers and the engine; faults and latency stay with the real server.

#include <httplib.h>

#include <atomic>
#include <memory>
#include <string>

#include "core/http.h"
#include "providers/emulator/core.h"
#include "providers/emulator_halves.h"

namespace linkform::testing {

class InMemoryEmulator final : public HttpTransport {
 public:
  static constexpr const char* kUrl = "http://127.0.0.1:1";  // what configurations name; never dialled

  InMemoryEmulator() : core_(make_core()) {}

  Result<HttpResponse> send(const HttpRequest& request) override {
    ++sent_;
    const httplib::Request req = to_httplib(request);
    const emulator::Reply reply = emulator::EmulatorCore::is_control_path(req.path)
                                      ? core_->handle_control(req)
                                      : core_->handle_vendor(req);
    HttpResponse response;
    response.status = reply.status;
    response.headers = reply.headers;
    if (!reply.content_type.empty()) response.headers.emplace_back("Content-Type", reply.content_type);
    response.body = reply.body;
    return response;
  }

  // A control-API call ("POST", "/_emulator/bitbucket/consumers", body), as a person or a test makes it.
  HttpResponse control(const std::string& method, const std::string& path, const std::string& body = "") {
    HttpRequest r{method, std::string(kUrl) + path, {{"Content-Type", "application/json"}}, body};
    return *send(r);
  }

  emulator::EmulatorCore& core() { return *core_; }
  [[nodiscard]] int sent() const { return sent_.load(); }

 private:
  // Every half with its default options, starting from and reset to a default state each.
  static std::unique_ptr<emulator::EmulatorCore> make_core() {
    emulator::Halves halves = emulator::make_halves({}).value();
    emulator::EmulatorState start = emulator::default_state(halves);
    emulator::EmulatorState current = emulator::default_state(halves);
    return std::make_unique<emulator::EmulatorCore>(std::move(halves), std::move(start), std::move(current),
                                                    emulator::CoreOptions{});
  }

  static httplib::Request to_httplib(const HttpRequest& request) {
    httplib::Request req;
    req.method = request.method;
    std::string rest = request.url;
    if (const auto scheme = rest.find("://"); scheme != std::string::npos) rest.erase(0, scheme + 3);
    const auto slash = rest.find('/');
    rest = slash == std::string::npos ? "/" : rest.substr(slash);
    req.target = rest;
    if (const auto q = rest.find('?'); q != std::string::npos) {
      httplib::detail::parse_query_text(rest.substr(q + 1), req.params);
      rest.resize(q);
    }
    req.path = httplib::detail::decode_url(rest, false);
    for (const auto& [name, value] : request.headers) req.headers.emplace(name, value);
    req.body = request.body;
    return req;
  }

  std::unique_ptr<emulator::EmulatorCore> core_;
  std::atomic<int> sent_{0};
};

}  // namespace linkform::testing
