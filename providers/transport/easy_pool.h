#pragma once
// libcurl easy handles kept for the next request. curl_easy_init gives every handle a resolver of its
// own (with c-ares: its tables, and /etc/resolv.conf and /etc/nsswitch.conf read again), which costs a
// request on the critical path a fraction of a millisecond each time; curl_easy_reset clears a handle's
// options but keeps its resolver, so a handle used once is reset and kept. A handle is used by one
// request at a time: a Lease holds it and gives it back, reset, when it ends.

#include <curl/curl.h>

#include <cstddef>
#include <mutex>
#include <utility>
#include <vector>

namespace linkform {

class EasyPool {
 public:
  // At most this many idle handles are kept: as many as requests can be in flight in one run, more or less.
  static constexpr std::size_t kMaxIdle = 64;

  class Lease {
   public:
    Lease(EasyPool& pool, CURL* easy) : pool_(&pool), easy_(easy) {}
    ~Lease() {
      if (easy_ != nullptr) pool_->give_back(easy_);
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    [[nodiscard]] CURL* get() const { return easy_; }

   private:
    EasyPool* pool_;
    CURL* easy_;
  };

  EasyPool() = default;
  ~EasyPool() {
    for (CURL* easy : idle_) curl_easy_cleanup(easy);
  }
  EasyPool(const EasyPool&) = delete;
  EasyPool& operator=(const EasyPool&) = delete;

  // An idle handle, or a new one (null when libcurl cannot make one).
  Lease take() {
    {
      const std::scoped_lock lock(mutex_);
      if (!idle_.empty()) {
        CURL* easy = idle_.back();
        idle_.pop_back();
        return {*this, easy};
      }
    }
    return {*this, curl_easy_init()};
  }

 private:
  void give_back(CURL* easy) {
    curl_easy_reset(easy);  // no option of this request (its headers, buffers, callbacks) outlives it
    {
      const std::scoped_lock lock(mutex_);
      if (idle_.size() < kMaxIdle) {
        idle_.push_back(easy);
        return;
      }
    }
    curl_easy_cleanup(easy);
  }

  std::mutex mutex_;
  std::vector<CURL*> idle_;
};

}  // namespace linkform
