#pragma once
// Hrefs as WebDAV servers send them: absolute URLs, absolute paths or (rarely) relative paths,
// percent-encoded in different ways ("@" or "%40") (CALDAV-NOTES §1.2).
#include <string>
#include <string_view>

namespace followup::sync {

// A key for telling whether two hrefs name the same resource, never for sending: the path only (scheme,
// host, query and fragment dropped), percent-decoded again and again until it no longer changes (Xandikos
// once sent "http%3A//127.0.0.1%3A18090/..."), without trailing slashes ("/" stays "/"). Send the
// server's own href back unchanged instead.
std::string normalize_href_for_comparison(std::string_view href);

// The absolute URL an href (or a Location header) stands for, resolved against the URL of the request
// it came in the answer to (RFC 3986 §5.2, strict; dot segments removed as §5.2.4 says).
std::string resolve_href(std::string_view base_url, std::string_view href);

// A collection's URL as it is stored and compared: with its trailing slash (RFC 4918 §5.2: collections'
// URLs end in one; servers redirect or differ without it).
std::string with_trailing_slash(std::string url);

}  // namespace followup::sync
