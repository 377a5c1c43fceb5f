// OAuth2 for Google (sync/oauth2*.hpp, issue 5) against a scripted token endpoint: the code exchange and
// the refresh send what RFC 6749 and RFC 7636 say; the cached access token is reused while it is fresh
// (no request at all) and refreshed a minute before it expires; a rotated refresh token is kept; the
// cache is 0600; a revoked refresh token, a refused client, a failing or unreachable endpoint each give
// their error; and no message holds a token, the code or the client secret. Also SHA-256 and PKCE against
// the published vectors.
#include "sync/oauth2.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <string>

#include "http_test_server.hpp"
#include "storage_test_support.hpp"
#include "sync/oauth2_pkce.hpp"
#include "sync/oauth2_token_cache.hpp"

namespace followup::sync {
namespace {

using namespace std::chrono_literals;
using testing::http_reply;
using testing::HttpTestServer;
using testing::ReceivedRequest;
using testing::TempDir;
using testing::TestConnection;

constexpr const char* kSecret = "cl1ent-S3cret";
constexpr const char* kRefresh = "1//refresh-T0ken/with+odd=chars";
constexpr const char* kOldAccess = "ya29.old-Acc3ss";
constexpr const char* kNewAccess = "ya29.new-Acc3ss";
constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const SysSeconds kNow = SysSeconds{std::chrono::seconds{1'800'000'000}};

std::string hex(const std::array<std::uint8_t, 32>& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const auto byte : digest) {
    out += kHex[byte >> 4];
    out += kHex[byte & 0x0f];
  }
  return out;
}

// The fields of an application/x-www-form-urlencoded body.
std::map<std::string, std::string> form_fields(const std::string& body) {
  std::map<std::string, std::string> fields;
  const auto decode = [](const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '%' && i + 2 < s.size()) {
        out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        out += s[i] == '+' ? ' ' : s[i];
      }
    }
    return out;
  };
  std::size_t start = 0;
  while (start <= body.size()) {
    const std::size_t end = std::min(body.find('&', start), body.size());
    const std::string pair = body.substr(start, end - start);
    const std::size_t eq = pair.find('=');
    fields[decode(pair.substr(0, eq))] = eq == std::string::npos ? "" : decode(pair.substr(eq + 1));
    start = end + 1;
  }
  return fields;
}

// A token endpoint that answers every request with `status` and `json`.
HttpTestServer token_endpoint(int status, std::string json) {
  return HttpTestServer([status, json](const ReceivedRequest&, TestConnection& connection) {
    connection.send(http_reply(status, status == 200 ? "OK" : "Error", {{"Content-Type", "application/json"}}, json));
  });
}

HttpClient quick_client() {
  HttpOptions options;
  options.connect_timeout = 2s;
  options.total_timeout = 5s;
  return HttpClient(options);
}

OAuth2Client client_for(const HttpTestServer& server) { return {"the-client.apps", kSecret, server.url("/token")}; }

// The client as current_access_token asks for it, counting how often it is asked.
std::function<OAuth2Client()> client_from(const HttpTestServer& server, int* asked = nullptr) {
  return [&server, asked] {
    if (asked) ++*asked;
    return client_for(server);
  };
}

void expect_no_secrets(const std::string& message) {
  for (const char* secret : {kSecret, kRefresh, kOldAccess, kNewAccess, kVerifier, "the-code"})
    EXPECT_EQ(message.find(secret), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
}

template <class E, class Call>
std::string message_of(Call call) {
  try {
    call();
  } catch (const E& error) {
    return error.what();
  } catch (const std::exception& other) {
    ADD_FAILURE() << "another error: " << other.what();
    return {};
  }
  ADD_FAILURE() << "nothing thrown";
  return {};
}

class OAuth2Cache : public ::testing::Test {
 protected:
  void cache(SysSeconds expires_at) { write_token_cache(cache_, {kRefresh, kOldAccess, expires_at}); }
  TempDir dir_;
  std::filesystem::path cache_ = dir_.path() / "state" / "tokens.oauth2.json";
};

// ---- SHA-256 and PKCE -------------------------------------------------------------------------------

TEST(Sha256, FipsVectors) {
  // FIPS 180-2 Appendix B and the empty message.
  EXPECT_EQ(hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(hex(sha256(std::string(1'000'000, 'a'))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Pkce, Rfc7636AppendixB) {
  EXPECT_EQ(pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(Pkce, FreshVerifiersOfTheRecommendedShape) {
  const Pkce a = make_pkce();
  const Pkce b = make_pkce();
  EXPECT_NE(a.verifier, b.verifier);
  ASSERT_EQ(a.verifier.size(), 43U);
  EXPECT_EQ(a.verifier.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"),
            std::string::npos);
  EXPECT_EQ(a.challenge, pkce_challenge(a.verifier));
}

// ---- the authorization URL ------------------------------------------------------------------------

TEST(OAuth2, AuthorizationUrlAsksForOfflineAccessWithPkce) {
  const std::string url = authorization_url(google_auth_url, "id.apps", "http://127.0.0.1:8765/",
                                            google_calendar_scope, "st4te", "ch4llenge");
  ASSERT_EQ(url.rfind("https://accounts.google.com/o/oauth2/v2/auth?", 0), 0U) << url;
  const auto fields = form_fields(url.substr(url.find('?') + 1));
  EXPECT_EQ(fields, (std::map<std::string, std::string>{{"response_type", "code"},
                                                        {"client_id", "id.apps"},
                                                        {"redirect_uri", "http://127.0.0.1:8765/"},
                                                        {"scope", "https://www.googleapis.com/auth/calendar"},
                                                        {"state", "st4te"},
                                                        {"code_challenge", "ch4llenge"},
                                                        {"code_challenge_method", "S256"},
                                                        {"access_type", "offline"},
                                                        {"prompt", "consent"}}));
  EXPECT_NE(url.find("redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2F"), std::string::npos) << url;
}

// ---- the code exchange ----------------------------------------------------------------------------

TEST(OAuth2, CodeExchangePostsTheFormAndReadsTheTokens) {
  auto server = token_endpoint(200, R"({"access_token": "ya29.new-Acc3ss", "expires_in": 3599, "refresh_token":
      "1//refresh-T0ken/with+odd=chars", "scope": "https://www.googleapis.com/auth/calendar", "token_type": "Bearer"})");
  HttpClient http = quick_client();
  const OAuth2Tokens tokens = exchange_authorization_code(http, client_for(server), "4/the-code",
                                                          "http://127.0.0.1:8765/", "the-verifier", kNow);
  EXPECT_EQ(tokens.access_token, kNewAccess);
  EXPECT_EQ(tokens.refresh_token, kRefresh);
  EXPECT_EQ(tokens.expires_at, kNow + 3599s);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/token");
  EXPECT_EQ(requests[0].header("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_FALSE(requests[0].has_header("Authorization"));
  EXPECT_EQ(form_fields(requests[0].body), (std::map<std::string, std::string>{{"grant_type", "authorization_code"},
                                                                               {"code", "4/the-code"},
                                                                               {"redirect_uri", "http://127.0.0.1:8765/"},
                                                                               {"client_id", "the-client.apps"},
                                                                               {"client_secret", kSecret},
                                                                               {"code_verifier", "the-verifier"}}));
}

TEST(OAuth2, CodeExchangeWithoutRefreshTokenFails) {
  auto server = token_endpoint(200, R"({"access_token": "ya29.new-Acc3ss", "expires_in": 3599, "token_type": "Bearer"})");
  HttpClient http = quick_client();
  const auto message = message_of<BadInput>(
      [&] { exchange_authorization_code(http, client_for(server), "the-code", "http://127.0.0.1:1/", kVerifier, kNow); });
  EXPECT_NE(message.find("no refresh token"), std::string::npos) << message;
  expect_no_secrets(message);
}

TEST(OAuth2, RefusedCodeIsAGrantRefusal) {
  auto server = token_endpoint(400, R"({"error": "invalid_grant", "error_description": "Malformed auth code."})");
  HttpClient http = quick_client();
  const auto message = message_of<OAuth2GrantRefused>(
      [&] { exchange_authorization_code(http, client_for(server), "the-code", "http://127.0.0.1:1/", kVerifier, kNow); });
  EXPECT_NE(message.find("refused the authorization code (HTTP 400, invalid_grant: Malformed auth code.)"),
            std::string::npos)
      << message;
  expect_no_secrets(message);
}

// ---- the cache: reuse, refresh, rotation ----------------------------------------------------------

TEST_F(OAuth2Cache, FreshAccessTokenIsReusedWithoutARequest) {
  auto server = token_endpoint(500, "{}");
  cache(kNow + 61s);
  HttpClient http = quick_client();
  int asked = 0;
  EXPECT_EQ(current_access_token(http, client_from(server, &asked), cache_, kNow), kOldAccess);
  EXPECT_EQ(server.requests().size(), 0U);
  EXPECT_EQ(asked, 0) << "no secret command run for nothing";
  EXPECT_EQ(http.requests_made(), 0U);
}

TEST_F(OAuth2Cache, ExpiredAccessTokenIsRefreshedAndCached) {
  auto server = token_endpoint(200, R"({"access_token": "ya29.new-Acc3ss", "expires_in": 3600, "token_type": "Bearer"})");
  cache(kNow - 10s);
  HttpClient http = quick_client();
  EXPECT_EQ(current_access_token(http, client_from(server), cache_, kNow), kNewAccess);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].header("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(form_fields(requests[0].body), (std::map<std::string, std::string>{{"grant_type", "refresh_token"},
                                                                               {"refresh_token", kRefresh},
                                                                               {"client_id", "the-client.apps"},
                                                                               {"client_secret", kSecret}}));
  const auto cached = read_token_cache(cache_);
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->access_token, kNewAccess);
  EXPECT_EQ(cached->refresh_token, kRefresh) << "no new one was sent: the old one stays";
  EXPECT_EQ(cached->expires_at, kNow + 3600s);

  // The next run, half an hour later, reuses it.
  EXPECT_EQ(current_access_token(http, client_from(server), cache_, kNow + 30min), kNewAccess);
  EXPECT_EQ(server.requests().size(), 1U);
}

TEST_F(OAuth2Cache, AccessTokenIsRefreshedAMinuteBeforeItExpires) {
  auto server = token_endpoint(200, R"({"access_token": "ya29.new-Acc3ss", "expires_in": 3600})");
  cache(kNow + 59s);
  HttpClient http = quick_client();
  EXPECT_EQ(current_access_token(http, client_from(server), cache_, kNow), kNewAccess);
  EXPECT_EQ(server.requests().size(), 1U);
}

TEST_F(OAuth2Cache, RotatedRefreshTokenIsKept) {
  auto server = token_endpoint(200, R"({"access_token": "ya29.new-Acc3ss", "expires_in": 3600, "refresh_token": "1//rotated"})");
  cache(kNow - 1s);
  HttpClient http = quick_client();
  current_access_token(http, client_from(server), cache_, kNow);
  const auto cached = read_token_cache(cache_);
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->refresh_token, "1//rotated");
}

TEST_F(OAuth2Cache, FileIsOwnerOnlyAndReplacedWhole) {
  cache(kNow);
  struct stat st {};
  ASSERT_EQ(::stat(cache_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  ASSERT_EQ(::stat(cache_.parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 077, 0U) << "the folder it made is the owner's alone";
  write_token_cache(cache_, {kRefresh, kNewAccess, kNow + 1h});
  ASSERT_EQ(::stat(cache_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(cache_.parent_path()), {}), 1)
      << "no temporary file left behind";
}

TEST_F(OAuth2Cache, NoCacheYetIsNothing) {
  auto server = token_endpoint(500, "{}");
  HttpClient http = quick_client();
  EXPECT_FALSE(current_access_token(http, client_from(server), cache_, kNow));
  EXPECT_EQ(server.requests().size(), 0U);
}

TEST_F(OAuth2Cache, CacheOthersCanReadIsRefused) {
  cache(kNow + 1h);
  std::filesystem::permissions(cache_, std::filesystem::perms::group_read, std::filesystem::perm_options::add);
  const auto message = message_of<ConfigError>([&] { read_token_cache(cache_); });
  EXPECT_NE(message.find("chmod 600 " + cache_.string()), std::string::npos) << message;
  expect_no_secrets(message);
}

TEST_F(OAuth2Cache, DamagedCacheIsBadInputWithoutItsContent) {
  std::filesystem::create_directories(cache_.parent_path());
  testing::write_file(cache_, R"({"refresh_token": "1//refresh-T0ken/with+odd=chars", "access_token": 7})");
  std::filesystem::permissions(cache_, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const auto message = message_of<BadInput>([&] { read_token_cache(cache_); });
  EXPECT_NE(message.find("is not a token cache"), std::string::npos) << message;
  expect_no_secrets(message);
}

TEST(OAuth2, CacheFileLivesBesideTheStateDatabases) {
  TempDir dir;
  const char* old = std::getenv("XDG_STATE_HOME");
  const std::string saved = old ? old : "";
  ::setenv("XDG_STATE_HOME", dir.path().c_str(), 1);
  const auto a = oauth2_token_file("oauth2:default id.apps");
  const auto b = oauth2_token_file("oauth2:work id.apps");
  old ? ::setenv("XDG_STATE_HOME", saved.c_str(), 1) : ::unsetenv("XDG_STATE_HOME");
  EXPECT_EQ(a.parent_path(), dir.path() / "followup");
  EXPECT_EQ(a.filename().string().substr(a.filename().string().size() - 12), ".oauth2.json");
  EXPECT_NE(a, b);
}

// ---- errors -----------------------------------------------------------------------------------------

TEST_F(OAuth2Cache, RevokedRefreshTokenIsAGrantRefusalAndTheCacheStays) {
  auto server = token_endpoint(400, R"({"error": "invalid_grant", "error_description": "Token has been expired or revoked."})");
  cache(kNow - 1s);
  HttpClient http = quick_client();
  const auto message = message_of<OAuth2GrantRefused>([&] { current_access_token(http, client_from(server), cache_, kNow); });
  EXPECT_NE(message.find("refused the refresh token (HTTP 400, invalid_grant: Token has been expired or revoked.)"),
            std::string::npos)
      << message;
  expect_no_secrets(message);
  const auto cached = read_token_cache(cache_);
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->access_token, kOldAccess);
}

TEST_F(OAuth2Cache, EndpointRepeatingASecretIsNotQuoted) {
  auto server = token_endpoint(400, R"({"error": "invalid_grant", "error_description": "bad token 1//refresh-T0ken/with+odd=chars"})");
  cache(kNow - 1s);
  HttpClient http = quick_client();
  const auto message = message_of<OAuth2GrantRefused>([&] { current_access_token(http, client_from(server), cache_, kNow); });
  EXPECT_NE(message.find("(HTTP 400, invalid_grant)"), std::string::npos) << message;
  expect_no_secrets(message);
}

TEST_F(OAuth2Cache, RefusedClientIsAnAuthErrorButNoGrantRefusal) {
  auto server = token_endpoint(401, R"({"error": "invalid_client", "error_description": "The OAuth client was not found."})");
  cache(kNow - 1s);
  HttpClient http = quick_client();
  try {
    current_access_token(http, client_from(server), cache_, kNow);
    ADD_FAILURE() << "nothing thrown";
  } catch (const OAuth2GrantRefused& e) {
    ADD_FAILURE() << "not the refresh token's fault: " << e.what();
  } catch (const AuthError& e) {
    EXPECT_NE(std::string(e.what()).find("refused the client id or secret (HTTP 401, invalid_client"), std::string::npos)
        << e.what();
    expect_no_secrets(e.what());
  }
}

TEST_F(OAuth2Cache, ServerTroubleIsTransient) {
  cache(kNow - 1s);
  HttpClient http = quick_client();
  {
    auto server = token_endpoint(503, "<html>busy</html>");
    expect_no_secrets(message_of<Transient>([&] { current_access_token(http, client_from(server), cache_, kNow); }));
  }
  {
    // A captive portal's page: 200, but no token.
    auto server = token_endpoint(200, "<html>Sign in to the Wi-Fi</html>");
    const auto message = message_of<Transient>([&] { current_access_token(http, client_from(server), cache_, kNow); });
    EXPECT_NE(message.find("without an access token"), std::string::npos) << message;
  }
  const OAuth2Client nowhere{"id", kSecret, "http://127.0.0.1:" + std::to_string(testing::unused_port()) + "/token"};
  expect_no_secrets(message_of<Transient>([&] { current_access_token(http, [&] { return nowhere; }, cache_, kNow); }));
  EXPECT_EQ(read_token_cache(cache_)->access_token, kOldAccess);
}

}  // namespace
}  // namespace followup::sync
