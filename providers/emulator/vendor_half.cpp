#include "providers/emulator/vendor_half.h"

namespace linkform::emulator {

void Halves::add(std::unique_ptr<VendorHalf> half, Paths paths) {
  if (paths == Paths::kAndRest) rest_ = half.get();
  halves_.push_back(std::move(half));
}

VendorHalf* Halves::owner_of(std::string_view path) const {
  for (const auto& half : halves_) {
    if (half->owns_path(path)) return half.get();
  }
  return rest_;
}

VendorHalf* Halves::with_key(std::string_view key) const {
  for (const auto& half : halves_) {
    if (half->key() == key) return half.get();
  }
  return nullptr;
}

}  // namespace linkform::emulator
