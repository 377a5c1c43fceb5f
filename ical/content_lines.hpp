#pragma once
// Folding of content lines (RFC 5545 §3.1) for what the writer emits. libical 3.0.16 counts the line
// break when it folds: a continuation that comes out at exactly 74 octets gets the fold inside the CRLF
// ("...\r\r\n \n"), one at 75 an empty continuation line (fixed upstream in libical 4.0.3,
// libical/libical#1338; python-icalendar reads the first as a stray CR, iCloud rejects the second).
// So the writer unfolds what libical gives and folds it again here. Private to ical/.
#include <string>
#include <string_view>

namespace followup::ical {

// `text` (CRLF line ends, folded with CRLF + space or not at all) with every line folded anew: at most
// 75 octets per physical line, continuations starting with one space, never splitting a UTF-8 sequence,
// CRLF after every line.
std::string refold(std::string_view text);

}  // namespace followup::ical
