// SHA-256 digests of output and scenario bytes, as lowercase hex (OpenSSL's libcrypto).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace continuum {

// A SHA-256 over bytes given in pieces: update() as often as needed, then hex() once.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  std::string hex();  // 64 lowercase hex digits; the object is spent after it

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

// The SHA-256 of `bytes`: 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace continuum
