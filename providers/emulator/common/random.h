#pragma once
// Random identifiers and secrets for the emulator, from OpenSSL's RAND_bytes
// (the same source a real service would use; never std::rand).

#include <cstddef>
#include <string>

namespace linkform::emulator {

// Letters and digits, e.g. consumer keys and secrets.
std::string random_alnum(std::size_t length);
// Lower-case hex, e.g. trace ids and tokens.
std::string random_hex(std::size_t length);
// A random (version 4) UUID, lower-case, without braces.
std::string random_uuid();

}  // namespace linkform::emulator
