#pragma once
// Byte encodings linkform needs in more than one layer.

#include <string>
#include <string_view>

namespace linkform {

// Standard base64 of bytes (OpenSSL EVP_EncodeBlock), e.g. for HTTP basic auth and for masking the
// base64 forms of a secret.
std::string base64_encode(std::string_view bytes);

}  // namespace linkform
