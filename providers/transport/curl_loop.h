#pragma once
// CurlTransport's event loop (curl_transport.cpp only): one libcurl multi handle and the thread that
// drives it.

#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "providers/transport/curl_transport.h"

namespace linkform {

// One libcurl multi handle and the thread that drives it. Senders hand it a prepared easy handle and
// wait; all network work happens on this thread, so the shared TLS session cache needs no locks.
//
// Late binding (ARCHITECTURE.md, "The transport"): libcurl binds a transfer to the connection it opens
// for it. When that connection's SYN is lost (a server whose accept queue is full drops it), the kernel
// sends it again only after its initial retransmission timeout, one second, and the transfer waits that
// long even when other connections to the host come free meanwhile. So a transfer that has sent nothing
// yet, waited several times the host's usual set-up time, and seen another transfer to its host finish
// since, is taken back and added again: libcurl then gives it an idle connection, or opens a new one.
class CurlTransport::Loop {
 public:
  Loop(int max_host_connections, std::chrono::milliseconds total_timeout) : total_timeout_(total_timeout) {
    multi_ = curl_multi_init();
    share_ = curl_share_init();
    if (multi_ == nullptr || share_ == nullptr) return;
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_multi_setopt(multi_, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(max_host_connections));
    curl_multi_setopt(multi_, CURLMOPT_MAX_CONCURRENT_STREAMS,
                      static_cast<long>(HostAdmission::kStreamsPerConnection));
    // The idle connections kept for reuse: a few hosts, each up to its bound.
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(4 * max_host_connections));
    thread_ = std::thread([this] { run(); });
  }

  ~Loop() {
    if (thread_.joinable()) {
      {
        const std::scoped_lock lock(mutex_);
        stopping_ = true;
      }
      curl_multi_wakeup(multi_);
      thread_.join();
    }
    if (multi_ != nullptr) curl_multi_cleanup(multi_);  // closes the pooled connections
    if (share_ != nullptr) curl_share_cleanup(share_);
  }

  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  [[nodiscard]] bool usable() const { return thread_.joinable(); }
  // Transfers taken back from a connection that never came up and given another (late binding).
  [[nodiscard]] std::uint64_t rebound() const { return rebound_.load(); }

  struct Outcome {
    CURLcode rc = CURLE_OK;
    bool expired = false;  // ended by the loop at its deadline, never having got a connection
  };

  // Runs the transfer to its end; the easy handle is detached from the multi handle again on return.
  // `host` (scheme, host and port) groups the transfers that can share connections.
  Outcome perform(CURL* easy, const std::string& host) {
    Job job{easy, host, {}, {}, {}, {}, 0};
    auto done = job.done.get_future();
    curl_easy_setopt(easy, CURLOPT_PRIVATE, &job);
    {
      const std::scoped_lock lock(mutex_);
      if (stopping_) return {CURLE_FAILED_INIT};  // a send() racing the destructor: refused, not lost
      incoming_.push_back(&job);
    }
    curl_multi_wakeup(multi_);
    done.wait();
    return job.outcome;
  }

 private:
  using Clock = std::chrono::steady_clock;

  struct Job {
    CURL* easy;
    std::string host;
    Outcome outcome;
    std::promise<void> done;
    // libcurl 7.88 never times out a transfer it queues (PENDING): the loop ends it itself.
    Clock::time_point deadline;
    Clock::time_point bound_at;  // when libcurl last got it (added, or added again)
    int rebinds = 0;
  };

  // What the loop has seen of one host: when a transfer to it last finished, and the longest time a
  // finished transfer took to be sent (connect, TLS, or a wait for a connection).
  struct HostSeen {
    Clock::time_point last_done;
    Clock::duration longest_setup{};
  };

  static constexpr int kMaxRebinds = 3;
  // A transfer not sent after this many times its host's longest set-up, and never before kMinPatience,
  // is taken back (when another transfer to the host finished since it was given its connection).
  static constexpr int kPatienceFactor = 4;
  static constexpr std::chrono::milliseconds kMinPatience{30};

  void finish(Job* job, Outcome outcome) {
    curl_off_t sent_after_us = 0;
    if (outcome.rc == CURLE_OK &&
        curl_easy_getinfo(job->easy, CURLINFO_PRETRANSFER_TIME_T, &sent_after_us) == CURLE_OK) {
      HostSeen& seen = hosts_[job->host];
      seen.last_done = Clock::now();
      seen.longest_setup =
          std::max(seen.longest_setup, Clock::duration(std::chrono::microseconds(sent_after_us)));
    }
    curl_multi_remove_handle(multi_, job->easy);
    curl_easy_setopt(job->easy, CURLOPT_SHARE, nullptr);
    std::erase(active_, job);
    job->outcome = outcome;
    job->done.set_value();
  }

  // When `job` may be taken back from its connection; nullopt while nothing says another would serve.
  std::optional<Clock::time_point> rebind_time(const Job& job) const {
    if (job.rebinds >= kMaxRebinds) return std::nullopt;
    const auto seen = hosts_.find(job.host);
    if (seen == hosts_.end() || seen->second.last_done <= job.bound_at) return std::nullopt;
    curl_off_t sent_after_us = 0;
    if (curl_easy_getinfo(job.easy, CURLINFO_PRETRANSFER_TIME_T, &sent_after_us) != CURLE_OK ||
        sent_after_us > 0)
      return std::nullopt;  // something was sent: taking it back could send the request twice
    const auto patience =
        std::max<Clock::duration>(kMinPatience, kPatienceFactor * seen->second.longest_setup);
    return job.bound_at + patience;
  }

  // Takes back the transfers whose connection never came up (see the class comment); returns the
  // earliest time another may need it.
  std::optional<Clock::time_point> rebind_stalled(Clock::time_point now) {
    std::optional<Clock::time_point> next;
    for (Job* job : active_) {
      const auto at = rebind_time(*job);
      if (!at) continue;
      if (*at > now) {
        next = next ? std::min(*next, *at) : *at;
        continue;
      }
      curl_multi_remove_handle(multi_, job->easy);  // closes the connection that never came up
      if (curl_multi_add_handle(multi_, job->easy) != CURLM_OK) {
        job->deadline = now;  // ended below as overdue
        continue;
      }
      job->bound_at = now;
      ++job->rebinds;
      rebound_.fetch_add(1);
    }
    return next;
  }

  // Ends the transfers past their deadline; returns how long curl_multi_poll may wait.
  int expire_overdue() {
    const auto now = Clock::now();
    const auto rebind_at = rebind_stalled(now);
    std::vector<Job*> overdue;
    for (Job* job : active_)
      if (job->deadline <= now) overdue.push_back(job);
    for (Job* job : overdue) finish(job, {CURLE_OPERATION_TIMEDOUT, true});
    auto wait = std::chrono::milliseconds(1000);
    for (const Job* job : active_) {
      wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(job->deadline - now));
    }
    if (rebind_at) wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(*rebind_at - now));
    return static_cast<int>(std::max(wait, std::chrono::milliseconds(1)).count());
  }

  void run() {
    for (;;) {
      std::vector<Job*> batch;
      {
        const std::scoped_lock lock(mutex_);
        batch.swap(incoming_);
        if (stopping_ && batch.empty() && active_.empty()) return;
      }
      for (Job* job : batch) {
        // Attached and detached here: the share object counts its users without a lock.
        curl_easy_setopt(job->easy, CURLOPT_SHARE, share_);
        if (curl_multi_add_handle(multi_, job->easy) != CURLM_OK) {
          curl_easy_setopt(job->easy, CURLOPT_SHARE, nullptr);
          job->outcome = {CURLE_FAILED_INIT};
          job->done.set_value();
          continue;
        }
        // A little after libcurl's own timer, so that a transfer in progress ends with libcurl's message.
        job->bound_at = Clock::now();
        job->deadline = job->bound_at + total_timeout_ + std::chrono::milliseconds(200);
        active_.push_back(job);
      }
      int running = 0;  // libcurl's count; active_ is what the loop owes an answer to
      curl_multi_perform(multi_, &running);
      int left = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        CURL* easy = msg->easy_handle;
        const CURLcode result = msg->data.result;  // msg is invalid once the handle is removed
        Job* job = nullptr;
        curl_easy_getinfo(easy, CURLINFO_PRIVATE, &job);
        finish(job, {result});
      }
      const int wait_ms = expire_overdue();
      // Returns on socket activity, a libcurl timer, or curl_multi_wakeup from a sender or the destructor.
      if (curl_multi_poll(multi_, nullptr, 0, wait_ms, nullptr) != CURLM_OK) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));  // never spin on a failing poll
      }
    }
  }

  CURLM* multi_ = nullptr;
  CURLSH* share_ = nullptr;
  std::mutex mutex_;
  std::vector<Job*> incoming_;
  std::vector<Job*> active_;               // added to multi_; loop thread only
  std::map<std::string, HostSeen> hosts_;  // loop thread only
  std::atomic<std::uint64_t> rebound_{0};
  std::chrono::milliseconds total_timeout_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace linkform
