// SHA-256 digests of output and scenario bytes, as lowercase hex (OpenSSL's libcrypto).
#pragma once

#include <string>
#include <string_view>

namespace continuum {

// The SHA-256 of `bytes`: 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace continuum
