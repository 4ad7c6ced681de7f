#pragma once
// What a run reads and plans: everything, or with --target the resources it names and, transitively, what
// they depend on (README, "--target"). Providers read only what is selected, so a targeted plan costs the
// requests of its targets, not of the whole configuration.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/plan.h"

namespace linkform {

class Selection {
 public:
  Selection() = default;  // everything
  // Exactly these; an address with no environment selects its name in every environment.
  static Selection of(std::vector<Address> addresses) {
    Selection s;
    s.only_ = std::move(addresses);
    return s;
  }

  [[nodiscard]] bool everything() const { return !only_; }
  [[nodiscard]] bool contains(const Address& address) const {
    if (!only_) return true;
    for (const Address& a : *only_) {
      if (a.type == address.type && a.name == address.name &&
          (a.environment.empty() || a.environment == address.environment))
        return true;
    }
    return false;
  }
  [[nodiscard]] const std::optional<std::vector<Address>>& addresses() const { return only_; }

 private:
  std::optional<std::vector<Address>> only_;
};

}  // namespace linkform
