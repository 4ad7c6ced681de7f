#include "providers/emulator/common/random.h"

#include <openssl/rand.h>

#include <cstdlib>
#include <string_view>
#include <vector>

namespace linkform::emulator {

namespace {
std::vector<unsigned char> random_bytes(std::size_t n) {
  std::vector<unsigned char> bytes(n);
  // RAND_bytes fails only when the OS entropy source is broken; an emulator
  // that cannot make secrets must not hand out predictable ones.
  if (n > 0 && RAND_bytes(bytes.data(), static_cast<int>(n)) != 1) std::abort();
  return bytes;
}
}  // namespace

std::string random_alnum(std::size_t length) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  out.reserve(length);
  while (out.size() < length) {
    for (unsigned char b : random_bytes(length - out.size())) {
      // Rejection sampling keeps every character equally likely (62 * 4 = 248).
      if (b < 248 && out.size() < length) out.push_back(kAlphabet[b % kAlphabet.size()]);
    }
  }
  return out;
}

std::string random_hex(std::size_t length) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(length);
  for (unsigned char b : random_bytes((length + 1) / 2)) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  out.resize(length);
  return out;
}

std::string random_uuid() {
  auto b = random_bytes(16);
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0xF]);
  }
  return out;
}

}  // namespace linkform::emulator
