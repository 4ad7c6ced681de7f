#include "providers/transport/host_admission.h"

#include <algorithm>

namespace linkform {

HostAdmission::HostAdmission(int per_host) : per_host_(std::max(1, per_host)) {}

int HostAdmission::bound_locked(const std::string& host) const {
  return multiplexing_.contains(host) ? per_host_ * kStreamsPerConnection : per_host_;
}

void HostAdmission::enter(const std::string& host) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return in_flight_[host] < bound_locked(host); });
  peak_ = std::max(peak_, ++in_flight_[host]);
}

void HostAdmission::leave(const std::string& host) {
  {
    const std::lock_guard lock(mutex_);
    --in_flight_[host];
  }
  changed_.notify_all();
}

void HostAdmission::set_multiplexing(const std::string& host) {
  {
    const std::lock_guard lock(mutex_);
    if (!multiplexing_.insert(host).second) return;
  }
  changed_.notify_all();
}

int HostAdmission::widest_bound() const {
  const std::lock_guard lock(mutex_);
  return multiplexing_.empty() ? per_host_ : per_host_ * kStreamsPerConnection;
}

int HostAdmission::peak_in_flight() const {
  const std::lock_guard lock(mutex_);
  return peak_;
}

}  // namespace linkform
