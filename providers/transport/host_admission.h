#pragma once
// Admission of requests to hosts (scheme, host and port), for --parallelism (issue 7).
//
// A host not known to multiplex gets at most `per_host` requests in flight: over HTTP/1.1 that is one
// connection each. Once a host has answered over HTTP/2, its requests share connections, and the bound
// becomes per_host x kStreamsPerConnection (libcurl's own stream limit per connection). A server that
// allows fewer streams per connection makes libcurl queue the rest; the transport then ends a queued
// request at its deadline itself (libcurl 7.88 does not time out a queued transfer).
// Requests beyond the bound wait in enter().

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>

namespace linkform {

class HostAdmission {
 public:
  static constexpr int kDefaultPerHost = 8;
  static constexpr int kStreamsPerConnection = 100;

  explicit HostAdmission(int per_host);  // per_host < 1 is taken as 1

  // enter() on construction, leave() on destruction.
  class Slot {
   public:
    Slot(HostAdmission& admission, std::string host) : admission_(admission), host_(std::move(host)) {
      admission_.enter(host_);
    }
    ~Slot() { admission_.leave(host_); }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    HostAdmission& admission_;
    std::string host_;
  };

  void enter(const std::string& host);  // blocks while the host is at its bound
  void leave(const std::string& host);
  // The host answered over HTTP/2: raises its bound and wakes the requests waiting for it.
  void set_multiplexing(const std::string& host);

  [[nodiscard]] int per_host() const { return per_host_; }
  // The most requests one host may have in flight now: per_host, or per_host x kStreamsPerConnection
  // once a host multiplexes (the widest over the hosts seen).
  [[nodiscard]] int widest_bound() const;
  [[nodiscard]] int peak_in_flight() const;  // the most requests ever in flight to one host at once

 private:
  [[nodiscard]] int bound_locked(const std::string& host) const;

  const int per_host_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, int> in_flight_;
  std::set<std::string> multiplexing_;
  int peak_ = 0;
};

}  // namespace linkform
