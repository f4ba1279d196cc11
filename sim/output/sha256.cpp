// SHA-256 through OpenSSL's low-level SHA256_* functions (no state kept between calls), from
// the static libcrypto.a where there is one (sim/CMakeLists.txt): EVP_Digest would fetch the
// algorithm from a provider, initializing OpenSSL's library context and reading its
// configuration, and the shared libcrypto costs more to load and relocate than the whole hash
// of a run's outputs (docs/performance.md). Deprecated in OpenSSL 3, not removed.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "continuum/output/sha256.hpp"

#include <openssl/sha.h>

#include <stdexcept>

namespace continuum {

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256_CTX context;
  if (SHA256_Init(&context) != 1 || SHA256_Update(&context, bytes.data(), bytes.size()) != 1 ||
      SHA256_Final(digest, &context) != 1)
    throw std::runtime_error("SHA-256 failed (OpenSSL)");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * SHA256_DIGEST_LENGTH);
  for (unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 0xf];
  }
  return hex;
}

}  // namespace continuum
