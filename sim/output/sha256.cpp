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

struct Sha256::Context {
  SHA256_CTX context;
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {
  if (SHA256_Init(&context_->context) != 1) throw std::runtime_error("SHA-256 failed (OpenSSL)");
}
Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  if (SHA256_Update(&context_->context, bytes.data(), bytes.size()) != 1)
    throw std::runtime_error("SHA-256 failed (OpenSSL)");
}

std::string Sha256::hex() {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  if (SHA256_Final(digest, &context_->context) != 1)
    throw std::runtime_error("SHA-256 failed (OpenSSL)");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * SHA256_DIGEST_LENGTH);
  for (unsigned char byte : digest) {
    out += kHex[byte >> 4];
    out += kHex[byte & 0xf];
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 hash;
  hash.update(bytes);
  return hash.hex();
}

}  // namespace continuum
