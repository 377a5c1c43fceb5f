#include "sync/http_client.hpp"

#include <algorithm>

#include "sync/http_client_auth.hpp"
#include "sync/http_multi.hpp"
#include "sync/http_request_run.hpp"
#include "sync/http_url.hpp"

namespace followup::sync {

// What every request shares (options, authentication learned, counts) and the multi handle that sends
// them: one per client, so its connection cache serves every request and batch of the client.
struct HttpClient::Impl {
  HttpClientState state;
  HttpMulti multi;

  explicit Impl(HttpOptions given) : state(std::move(given)), multi(state.options) {}
};

HttpClient::HttpClient(HttpOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

std::size_t HttpClient::requests_made() const { return impl_->state.responses; }

std::map<std::string, std::size_t> HttpClient::requests_by_method() const {
  return impl_->state.responses_by_method;
}

std::size_t HttpClient::parallel_requests() const {
  return std::max<std::size_t>(impl_->state.options.parallel_requests, 1);
}

bool may_carry_credentials(const std::string& request_url, const std::string& target_url,
                           std::string_view credential_domain) {
  const auto origin = parse_http_url(request_url);
  const auto target = parse_http_url(target_url);
  return origin && target && may_carry_credentials(*origin, *target, credential_domain);
}

HttpResponse HttpClient::perform(const HttpRequest& request) {
  auto outcomes = perform_all({request}, HttpBatchOptions{});
  return std::move(outcomes.front().value());
}

std::vector<HttpOutcome> HttpClient::perform_all(const std::vector<HttpRequest>& requests, std::size_t max_parallel) {
  return perform_all(requests, HttpBatchOptions{.max_parallel = max_parallel});
}

std::vector<HttpOutcome> HttpClient::perform_all(const std::vector<HttpRequest>& requests,
                                                 const HttpBatchOptions& batch, const HttpCompletion& done) {
  std::vector<std::unique_ptr<HttpRequestRun>> runs;
  runs.reserve(requests.size());
  for (const auto& request : requests) runs.push_back(std::make_unique<HttpRequestRun>(request, impl_->state));
  impl_->multi.drive(runs, batch, [&](std::size_t index) {
    if (done) done(index, runs[index]->outcome());
  });
  std::vector<HttpOutcome> outcomes;
  outcomes.reserve(runs.size());
  for (auto& run : runs) outcomes.push_back(std::move(run->outcome()));
  return outcomes;
}

}  // namespace followup::sync
