#pragma once
// FNV-1a, 64 bit: a fast, stable (same on every machine and release) hash for version tags of text the
// store wrote or read; not for security.
#include <cstdint>
#include <string>
#include <string_view>

namespace followup::sync {

class Fnv1a64 {
 public:
  void add_bytes(std::string_view bytes) {
    for (const char c : bytes) {
      state_ ^= static_cast<unsigned char>(c);
      state_ *= 1099511628211ULL;
    }
  }
  void add_number(std::uint64_t value) {
    for (int shift = 0; shift < 64; shift += 8) {
      state_ ^= (value >> shift) & 0xFF;
      state_ *= 1099511628211ULL;
    }
  }
  std::uint64_t value() const { return state_; }

 private:
  std::uint64_t state_ = 14695981039346656037ULL;
};

// 16 lower-case hex digits.
inline std::string to_hex(std::uint64_t value) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (std::size_t i = 16; i-- > 0; value >>= 4) out[i] = digits[value & 0xF];
  return out;
}

}  // namespace followup::sync
