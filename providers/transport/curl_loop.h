#pragma once
// CurlTransport's event loop (curl_transport.cpp only): one libcurl multi handle and the thread that
// drives it.

#include <curl/curl.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "providers/transport/curl_transport.h"

namespace linkform {

// One libcurl multi handle and the thread that drives it. Senders hand it a prepared easy handle and
// wait; all network work happens on this thread, so the shared TLS session cache needs no locks.
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

  struct Outcome {
    CURLcode rc = CURLE_OK;
    bool expired = false;  // ended by the loop at its deadline, never having got a connection
  };

  // Runs the transfer to its end; the easy handle is detached from the multi handle again on return.
  Outcome perform(CURL* easy) {
    Job job{easy, {}, {}, {}};
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
  struct Job {
    CURL* easy;
    Outcome outcome;
    std::promise<void> done;
    // libcurl 7.88 never times out a transfer it queues (PENDING): the loop ends it itself.
    std::chrono::steady_clock::time_point deadline;
  };

  void finish(Job* job, Outcome outcome) {
    curl_multi_remove_handle(multi_, job->easy);
    curl_easy_setopt(job->easy, CURLOPT_SHARE, nullptr);
    std::erase(active_, job);
    job->outcome = outcome;
    job->done.set_value();
  }

  // Ends the transfers past their deadline; returns how long curl_multi_poll may wait.
  int expire_overdue() {
    const auto now = std::chrono::steady_clock::now();
    std::vector<Job*> overdue;
    for (Job* job : active_)
      if (job->deadline <= now) overdue.push_back(job);
    for (Job* job : overdue) finish(job, {CURLE_OPERATION_TIMEDOUT, true});
    auto wait = std::chrono::milliseconds(1000);
    for (const Job* job : active_) {
      wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(job->deadline - now));
    }
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
        job->deadline = std::chrono::steady_clock::now() + total_timeout_ + std::chrono::milliseconds(200);
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
  std::vector<Job*> active_;  // added to multi_; loop thread only
  std::chrono::milliseconds total_timeout_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace linkform
