#include "sync/oauth2_pkce.hpp"

#include <openssl/evp.h>
#include <sys/random.h>

#include <cerrno>
#include <vector>

#include "ical/errors.hpp"

namespace followup::sync {
namespace {

}  // namespace

std::array<std::uint8_t, 32> sha256(std::string_view data) {
  // OpenSSL's libcrypto (libcurl's TLS already brings it along) rather than a digest of our own.
  std::array<std::uint8_t, 32> digest{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1 || size != digest.size())
    throw Error("SHA-256 failed (libcrypto)");
  return digest;
}

std::string base64url(const std::uint8_t* data, std::size_t size) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < size; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3f];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3f];
  return out;
}

std::string random_url_token(std::size_t bytes) {
  std::vector<std::uint8_t> random(bytes);
  for (std::size_t got = 0; got < bytes;) {
    const ssize_t n = ::getrandom(random.data() + got, bytes - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw IoError("cannot read random bytes from the kernel (getrandom)");
    got += static_cast<std::size_t>(n);
  }
  return base64url(random.data(), random.size());
}

std::string pkce_challenge(std::string_view verifier) {
  const auto digest = sha256(verifier);
  return base64url(digest.data(), digest.size());
}

Pkce make_pkce() {
  // 32 random bytes: the 43-character verifier RFC 7636 §4.1 recommends.
  Pkce pkce;
  pkce.verifier = random_url_token(32);
  pkce.challenge = pkce_challenge(pkce.verifier);
  return pkce;
}

}  // namespace followup::sync
