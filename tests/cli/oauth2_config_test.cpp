// The OAuth2 keys of an account (issue 5): read with their Google defaults, checked against each other
// and against the other ways to log in, the endpoints https (http only to this machine), the client
// secret kept like the password (a file others can read is refused, the secret never quoted); and how
// a line pasted into `followup google-auth` is read.
#include <gtest/gtest.h>

#include <filesystem>

#include "cli/config.hpp"
#include "cli/oauth2_account.hpp"
#include "cli/oauth2_loopback.hpp"
#include "ical/errors.hpp"
#include "temp_dir.hpp"

using namespace followup;
using namespace followup::cli;

namespace {

constexpr const char* kSecret = "GOCSPX-s3cret-Value";

Config parse(const std::string& text) { return parse_config(text, "test.ini", std::filesystem::temp_directory_path(), {}); }

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string google = "[caldav]\nurl = https://apidata.googleusercontent.com/caldav/v2/me%40gmail.com/user\n";

}  // namespace

TEST(OAuth2Config, KeysAreReadWithGoogleDefaults) {
  const auto c = parse(google + "oauth2_client_id = 123.apps.googleusercontent.com\noauth2_client_secret = " + kSecret +
                       "\n");
  ASSERT_EQ(c.accounts.size(), 1U);
  const CaldavSettings& a = c.accounts.front();
  EXPECT_EQ(a.oauth2_client_id, "123.apps.googleusercontent.com");
  EXPECT_EQ(a.oauth2_client_secret, kSecret);
  EXPECT_FALSE(a.oauth2_client_secret_command);
  EXPECT_EQ(a.oauth2_token_url, "https://oauth2.googleapis.com/token");
  EXPECT_EQ(a.oauth2_auth_url, "https://accounts.google.com/o/oauth2/v2/auth");
}

TEST(OAuth2Config, EndpointsAndSecretCommandAreRead) {
  const auto c = parse(google +
                       "oauth2_client_id = id\noauth2_client_secret_command = pass show google-client\n"
                       "oauth2_token_url = http://127.0.0.1:8080/token\noauth2_auth_url = https://login.example/auth\n");
  const CaldavSettings& a = c.accounts.front();
  EXPECT_EQ(a.oauth2_client_secret_command, "pass show google-client");
  EXPECT_EQ(a.oauth2_token_url, "http://127.0.0.1:8080/token");
  EXPECT_EQ(a.oauth2_auth_url, "https://login.example/auth");
}

TEST(OAuth2Config, SecretCommandRunsForTheClient) {
  const auto c = parse(google + "oauth2_client_id = id\noauth2_client_secret_command = printf 'cmd-secret\\n'\n");
  const auto client = oauth2_client(c.accounts.front());
  EXPECT_EQ(client.client_id, "id");
  EXPECT_EQ(client.client_secret, "cmd-secret");
}

TEST(OAuth2Config, ClientIdNeedsASecretAndTheSecretAnId) {
  EXPECT_NE(error_of(google + "oauth2_client_id = id\n")
                .find("test.ini:3: bad value for 'oauth2_client_id' in [caldav]: needs 'oauth2_client_secret' or "
                      "'oauth2_client_secret_command'"),
            std::string::npos);
  const auto lone_secret = error_of(google + "oauth2_client_secret = " + kSecret + "\n");
  EXPECT_NE(lone_secret.find("test.ini:3: bad value for 'oauth2_client_secret' in [caldav]: needs 'oauth2_client_id'"),
            std::string::npos)
      << lone_secret;
  EXPECT_EQ(lone_secret.find(kSecret), std::string::npos) << lone_secret;
  EXPECT_NE(error_of(google + "oauth2_token_url = https://x.example/token\n").find("needs 'oauth2_client_id'"),
            std::string::npos);
}

TEST(OAuth2Config, OneSourceOfTheSecret) {
  const auto e = error_of(google + "oauth2_client_id = id\noauth2_client_secret = " + kSecret +
                          "\noauth2_client_secret_command = pass show x\n");
  EXPECT_NE(e.find("test.ini:5: bad value for 'oauth2_client_secret_command' in [caldav]: give either"), std::string::npos)
      << e;
  EXPECT_EQ(e.find(kSecret), std::string::npos) << e;
}

TEST(OAuth2Config, OAuth2ReplacesPasswordsAndTokenCommands) {
  const std::string oauth2 = "oauth2_client_id = id\noauth2_client_secret = x\n";
  EXPECT_NE(error_of(google + oauth2 + "bearer_token_command = gcloud auth print-access-token\n")
                .find("'bearer_token_command' in [caldav]: OAuth2 (oauth2_client_id) supplies the bearer token"),
            std::string::npos);
  EXPECT_NE(error_of(google + oauth2 + "username = me\npassword = pw\n")
                .find("'password' in [caldav]: OAuth2 (oauth2_client_id) replaces the password"),
            std::string::npos);
  EXPECT_NE(error_of(google + oauth2 + "auth = basic\n").find("'auth' in [caldav]: does not go with OAuth2"),
            std::string::npos);
}

TEST(OAuth2Config, EndpointsMustBeHttpsOrThisMachine) {
  const std::string oauth2 = google + "oauth2_client_id = id\noauth2_client_secret = x\n";
  EXPECT_NE(error_of(oauth2 + "oauth2_token_url = http://tokens.example/token\n")
                .find("'oauth2_token_url' in [caldav]: 'http://tokens.example/token' is not an https:// URL"),
            std::string::npos);
  EXPECT_NE(error_of(oauth2 + "oauth2_token_url = http://127.0.0.1.evil.example/token\n").find("is not an https:// URL"),
            std::string::npos);
  EXPECT_NE(error_of(oauth2 + "oauth2_auth_url = ftp://x/\n").find("'oauth2_auth_url'"), std::string::npos);
  EXPECT_EQ(error_of(oauth2 + "oauth2_token_url = http://localhost:9/t\noauth2_auth_url = http://[::1]/a\n"), "(no error)");
}

TEST(OAuth2Config, SecretInAFileOthersCanReadIsRefused) {
  followup::testing::TempDir dir;
  const auto file = dir / "config.ini";
  followup::testing::write_file(file, google + "oauth2_client_id = id\noauth2_client_secret = " + kSecret + "\n");
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                         std::filesystem::perms::group_read);
  try {
    load_config(file, {});
    ADD_FAILURE() << "not refused";
  } catch (const ConfigError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(file.string() + ":4: 'oauth2_client_secret' in [caldav] is refused because others can read "
                                           "this file; run chmod 600 " + file.string()),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find(kSecret), std::string::npos) << message;
  }
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  EXPECT_EQ(load_config(file, {}).accounts.front().oauth2_client_secret, kSecret);
}

TEST(OAuth2Config, TokenFilesDifferByAccountAndClient) {
  followup::testing::TempDir dir;  // sets XDG_STATE_HOME
  const auto c = parse(google + "oauth2_client_id = id-1\noauth2_client_secret = x\n");
  CaldavSettings a = c.accounts.front();
  const auto file = oauth2_token_file(a);
  EXPECT_EQ(file.parent_path(), dir / "state" / "followup");
  a.oauth2_client_id = "id-2";
  EXPECT_NE(oauth2_token_file(a), file) << "a refresh token is good for its own client only";
  a.oauth2_client_id = "id-1";
  a.name = "work";
  EXPECT_NE(oauth2_token_file(a), file);
  EXPECT_EQ(google_auth_command_for(a), "followup google-auth --account work");
}

TEST(PastedAnswer, WholeRedirectedAddress) {
  const auto a = parse_pasted_answer(
      "  http://127.0.0.1:8765/?state=St4te&code=4%2F0AbCd-e_f&scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcalendar\n");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->code, "4/0AbCd-e_f");
  EXPECT_EQ(a->state, "St4te");
  EXPECT_EQ(a->error, "");
}

TEST(PastedAnswer, BareCodeAsCopiedOrDecoded) {
  EXPECT_EQ(parse_pasted_answer("4/0AbCd-e_f")->code, "4/0AbCd-e_f");
  EXPECT_EQ(parse_pasted_answer("4%2F0AbCd-e_f\r")->code, "4/0AbCd-e_f");
  EXPECT_EQ(parse_pasted_answer("code=4%2F0AbCd&state=x")->code, "4/0AbCd");
  EXPECT_EQ(parse_pasted_answer("4/0AbCd")->state, "");
}

TEST(PastedAnswer, RefusalAndBlankLines) {
  const auto a = parse_pasted_answer("http://127.0.0.1:1/?error=access_denied&state=s");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->error, "access_denied");
  EXPECT_EQ(a->code, "");
  EXPECT_FALSE(parse_pasted_answer(" \t\r\n"));
}
