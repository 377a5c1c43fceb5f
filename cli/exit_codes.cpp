#include "cli/exit_codes.hpp"

#include "cli/run_lock.hpp"
#include "ical/errors.hpp"
#include "sync/caldav_errors.hpp"
#include "sync/http_client.hpp"

namespace followup::cli {

ErrorReport report_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const RunLocked& e) {
    return {exit_locked, e.what()};
  } catch (const sync::AuthError& e) {
    return {exit_auth, std::string("the server refused the credentials: ") + e.what()};
  } catch (const Transient& e) {
    return {exit_unreachable, std::string("server unreachable: ") + e.what()};
  } catch (const sync::HttpError& e) {
    // Reached, but not to be talked to: a certificate not trusted (ca_file, or insecure for a test
    // server), a redirect refused, an answer too large. Trying again won't help; the user must look.
    return {exit_unreachable, std::string("cannot talk to the server: ") + e.what()};
  } catch (const UsageError& e) {
    return {exit_usage, e.what()};
  } catch (const ConfigError& e) {
    return {exit_usage, e.what()};
  } catch (const BadInput& e) {
    return {exit_input, e.what()};
  } catch (const IoError& e) {
    return {exit_input, e.what()};
  } catch (const Conflict& e) {
    // Changed under us twice in a row: nothing was written; the next run picks it up.
    return {exit_partial, std::string(e.what()) + " (nothing was written; run again)"};
  } catch (const std::exception& e) {
    return {exit_internal, std::string("internal error: ") + e.what()};
  } catch (...) {
    return {exit_internal, "internal error"};
  }
}

}  // namespace followup::cli
