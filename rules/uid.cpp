#include "rules/uid.hpp"

#include <uuid/uuid.h>

namespace followup::rules {
namespace {

constexpr std::string_view uid_prefix = "followup-";

// The program's namespace UUID (a fixed random v4 UUID; changing it would orphan every item written).
const uuid_t& program_namespace() {
  static const uuid_t ns = {0x6f, 0x0b, 0x2d, 0x4e, 0x8a, 0x31, 0x4c, 0x52,
                            0x9e, 0x1d, 0x53, 0x7a, 0xc4, 0x2f, 0x90, 0x6b};
  return ns;
}

}  // namespace

std::string followup_uid(std::string_view name) {
  uuid_t out;
  uuid_generate_sha1(out, program_namespace(), name.data(), name.size());
  char text[37];
  uuid_unparse_lower(out, text);
  return std::string(uid_prefix) + text;
}

bool is_followup_uid(std::string_view uid) { return uid.starts_with(uid_prefix); }

}  // namespace followup::rules
