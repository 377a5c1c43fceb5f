#include "sync/http_failure.hpp"

#include <new>

namespace followup::sync {
namespace {

enum class Kind { Network, Tls, TooLarge, Invalid };

struct Meaning {
  Kind kind;
  const char* what;
};

Meaning meaning_of(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return {Kind::Network, "host not found"};
    case CURLE_COULDNT_CONNECT:
      return {Kind::Network, "could not connect"};
    case CURLE_OPERATION_TIMEDOUT:
      return {Kind::Network, "timed out"};
    case CURLE_SSL_CONNECT_ERROR:
      // A handshake that broke off: often the network; a certificate that is not trusted is not this
      // code but CURLE_PEER_FAILED_VERIFICATION.
      return {Kind::Network, "TLS handshake failed"};
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return {Kind::Network, "connection lost"};
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
      return {Kind::Tls, "TLS certificate not trusted (set ca_file for a private CA)"};
    case CURLE_FILESIZE_EXCEEDED:
      return {Kind::TooLarge, "response too large"};
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_BAD_FUNCTION_ARGUMENT:
      return {Kind::Invalid, "cannot send this request"};
    default:
      // Whatever else breaks a transfer (a garbled reply, a proxy failing) may pass: let the caller retry.
      return {Kind::Network, "transfer failed"};
  }
}

}  // namespace

std::string without_secrets(std::string text, const HttpOptions& options) {
  for (const std::string* secret : {&options.password, &options.bearer_token}) {
    if (secret->empty()) continue;
    for (auto at = text.find(*secret); at != std::string::npos; at = text.find(*secret, at + 3))
      text.replace(at, secret->size(), "***");
  }
  for (char& c : text)
    if (c == '\r' || c == '\n') c = ' ';
  return text;
}

std::string request_label(std::string_view method, const HttpUrl& url) {
  return std::string(method) + " " + url.for_messages();
}

void throw_transfer_failure(CURLcode code, std::string_view detail, bool too_large, std::string_view method,
                            const HttpUrl& url, const HttpOptions& options) {
  if (code == CURLE_OUT_OF_MEMORY) throw std::bad_alloc();
  Meaning meaning = meaning_of(code);
  std::string message = request_label(method, url) + ": ";
  if (too_large || code == CURLE_FILESIZE_EXCEEDED) {
    meaning = {Kind::TooLarge, "response too large"};
    message += "response larger than " + std::to_string(options.max_response_bytes) + " bytes, transfer aborted";
  } else {
    message += meaning.what;
    message += " (";
    message += detail.empty() ? curl_easy_strerror(code) : detail;
    message += ")";
  }
  message = without_secrets(std::move(message), options);
  switch (meaning.kind) {
    case Kind::Network:
      throw Transient(message);
    case Kind::Tls:
      throw HttpError(HttpError::Reason::TlsVerification, message);
    case Kind::TooLarge:
      throw HttpError(HttpError::Reason::ResponseTooLarge, message);
    case Kind::Invalid:
      throw HttpError(HttpError::Reason::InvalidRequest, message);
  }
  throw Transient(message);
}

}  // namespace followup::sync
