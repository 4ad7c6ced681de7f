#pragma once
// A scriptable HttpTransport for tests: a queue of expected requests, each answered with a canned reply
// or a transport error, in order. Every request is recorded. A request that does not match the next
// expectation (or arrives when none is left) fails the test and gets a kTransport error; expectations left
// unused when the fake is destroyed fail the test too (call allow_unused() to opt out).
//
//   FakeTransport fake;
//   fake.expect("POST", "https://api.example/auth/vendor", FakeTransport::json(200, R"({"token":"t"})"));
//   ... run the code under test ...
//   EXPECT_EQ(fake.requests().at(0).body, ...);

#include <gtest/gtest.h>

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/http.h"

namespace linkform::testing {

class FakeTransport : public HttpTransport {
 public:
  struct Expectation {
    std::string method;
    std::string url;  // exact, including the query
    std::optional<HttpResponse> response;
    std::optional<Error> error;  // used when response is empty
  };

  FakeTransport() = default;
  FakeTransport(const FakeTransport&) = delete;
  FakeTransport& operator=(const FakeTransport&) = delete;
  ~FakeTransport() override {
    const std::scoped_lock lock(mutex_);
    if (!allow_unused_ && !queue_.empty()) {
      ADD_FAILURE() << "FakeTransport: " << queue_.size()
                    << " expected request(s) never sent, first: " << queue_.front().method << " "
                    << queue_.front().url;
    }
  }

  FakeTransport& expect(std::string method, std::string url, HttpResponse response) {
    const std::scoped_lock lock(mutex_);
    queue_.push_back({std::move(method), std::move(url), std::move(response), std::nullopt});
    return *this;
  }

  FakeTransport& expect_error(std::string method, std::string url, Error error) {
    const std::scoped_lock lock(mutex_);
    queue_.push_back({std::move(method), std::move(url), std::nullopt, std::move(error)});
    return *this;
  }

  Result<HttpResponse> send(const HttpRequest& request) override {
    const std::scoped_lock lock(mutex_);
    requests_.push_back(request);
    if (queue_.empty()) {
      ADD_FAILURE() << "FakeTransport: unexpected request " << request.method << " " << request.url;
      return std::unexpected(Error{ErrorKind::kTransport, "FakeTransport: unexpected request", 0});
    }
    Expectation next = std::move(queue_.front());
    queue_.pop_front();
    if (next.method != request.method || next.url != request.url) {
      ADD_FAILURE() << "FakeTransport: expected " << next.method << " " << next.url << ", got "
                    << request.method << " " << request.url;
      return std::unexpected(Error{ErrorKind::kTransport, "FakeTransport: request out of script", 0});
    }
    if (next.response) return *next.response;
    return std::unexpected(
        next.error.value_or(Error{ErrorKind::kTransport, "FakeTransport: scripted failure", 0}));
  }

  // Every request received, in order (also the unexpected ones).
  std::vector<HttpRequest> requests() const {
    const std::scoped_lock lock(mutex_);
    return requests_;
  }
  HttpRequest last_request() const {
    const std::scoped_lock lock(mutex_);
    return requests_.empty() ? HttpRequest{} : requests_.back();
  }
  std::size_t pending() const {
    const std::scoped_lock lock(mutex_);
    return queue_.size();
  }
  void allow_unused() {
    const std::scoped_lock lock(mutex_);
    allow_unused_ = true;
  }

  // Canned replies.
  static HttpResponse json(int status, std::string body, HttpHeaders extra = {}) {
    extra.emplace_back("Content-Type", "application/json");
    return {status, std::move(extra), std::move(body)};
  }
  static HttpResponse text(int status, std::string body, HttpHeaders extra = {}) {
    extra.emplace_back("Content-Type", "text/plain");
    return {status, std::move(extra), std::move(body)};
  }

  // The value of a request header (case-insensitive name), or empty.
  static std::string header(const HttpRequest& request, std::string_view name) {
    HttpResponse as_reply{0, request.headers, {}};
    return as_reply.header(name).value_or("");
  }

 private:
  mutable std::mutex mutex_;
  std::deque<Expectation> queue_;
  std::vector<HttpRequest> requests_;
  bool allow_unused_ = false;
};

}  // namespace linkform::testing
