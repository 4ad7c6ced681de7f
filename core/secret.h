#pragma once
// A secret value in memory. It has no stream operator and no implicit
// conversion to string, so printing one takes a deliberate call to reveal().
// The buffer is wiped when the value is destroyed. Every value is remembered
// by the redaction registry, so no output stream can carry it (redaction.h).

#include <string>
#include <string_view>

namespace linkform {

// How long the redaction registry keeps a secret (core/redaction.h): kPinned for the whole run (a
// configuration's secrets), kTransient among the last few thousand (tokens: one per authentication).
enum class SecretLife { kPinned, kTransient };

// Remembers a secret so that output filters can mask it (core/redaction.h).
void remember_secret(std::string_view secret, SecretLife life);

class Secret {
 public:
  Secret() = default;
  // Every secret made is remembered for masking (redaction.h); copies are the same secret.
  explicit Secret(std::string value) : value_(std::move(value)) {
    remember_secret(value_, SecretLife::kPinned);
  }
  // A token a vendor issued: masked like any secret, but one of many over a long run, so the registry may
  // forget the oldest of them (never a pinned one).
  struct Transient {};
  Secret(std::string value, Transient /*unused*/) : value_(std::move(value)) {
    remember_secret(value_, SecretLife::kTransient);
  }
  // A value kept with the same care but public enough to be shown (a client id, a consumer key): not
  // masked in output.
  struct Shown {};
  Secret(std::string value, Shown /*unused*/) : value_(std::move(value)) {}
  Secret(const Secret&) = default;
  Secret(Secret&&) noexcept = default;
  Secret& operator=(const Secret&) = default;
  Secret& operator=(Secret&&) noexcept = default;
  ~Secret() { wipe(); }

  [[nodiscard]] const std::string& reveal() const { return value_; }
  [[nodiscard]] bool empty() const { return value_.empty(); }
  friend bool operator==(const Secret& a, const Secret& b) { return a.value_ == b.value_; }

 private:
  void wipe() {
    volatile char* p = value_.data();
    for (std::size_t i = 0; i < value_.size(); ++i) p[i] = 0;
  }
  std::string value_;
};

}  // namespace linkform
