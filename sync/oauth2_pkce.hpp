#pragma once
// PKCE (RFC 7636) for `followup google-auth`: a random code verifier and its S256 challenge. The
// authorization URL carries only the challenge; the code that comes back through the browser (or a
// forwarded port, or a paste) is worth nothing without the verifier, which never leaves this process
// (RFC 7636 §1). Also the random `state` that ties the redirect to this run (RFC 6749 §10.12).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace followup::sync {

struct Pkce {
  std::string verifier;   // 43 characters of [A-Za-z0-9-_] (RFC 7636 §4.1)
  std::string challenge;  // BASE64URL(SHA256(verifier)), no padding (§4.2, method S256)
};

// A fresh verifier from the kernel's random source, and its challenge.
Pkce make_pkce();

// The S256 challenge of `verifier` (RFC 7636 §4.2).
std::string pkce_challenge(std::string_view verifier);

// `bytes` random bytes from the kernel (getrandom), base64url without padding: safe in a URL as it is.
std::string random_url_token(std::size_t bytes);

// SHA-256 (FIPS 180-4). Written here rather than taking a crypto library for one digest of a random string.
std::array<std::uint8_t, 32> sha256(std::string_view data);

// Base64url without padding (RFC 4648 §5, as RFC 7636 Appendix A uses it).
std::string base64url(const std::uint8_t* data, std::size_t size);

}  // namespace followup::sync
