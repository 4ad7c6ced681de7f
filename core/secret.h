#pragma once
// A secret value in memory. It has no stream operator and no implicit
// conversion to string, so printing one takes a deliberate call to reveal().
// The buffer is wiped when the value is destroyed.

#include <string>
#include <string_view>

namespace linkform {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
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
