#include "sync/http_multi.hpp"

#include <algorithm>
#include <new>

namespace followup::sync {
namespace {

void check(CURLMcode code, const char* what) {
  if (code != CURLM_OK) throw Error(std::string("HTTP: libcurl multi ") + what + ": " + curl_multi_strerror(code));
}

// How long libcurl may wait for sockets at most before the loop looks again at the requests waiting to
// be retried.
constexpr std::chrono::milliseconds kLongestPoll{1000};

}  // namespace

HttpMulti::HttpMulti(const HttpOptions& options) : options_(options) {
  ensure_curl_initialized();
  multi_.reset(curl_multi_init());
  if (!multi_) throw std::bad_alloc();
}

HttpMulti::~HttpMulti() {
  for (auto& slot : slots_) remove(*slot);
}

HttpMulti::Slot& HttpMulti::free_slot(std::size_t max_slots) {
  for (std::size_t i = 0; i < std::min(max_slots, slots_.size()); ++i)
    if (!slots_[i]->run) return *slots_[i];
  auto slot = std::make_unique<Slot>();
  slot->easy = make_curl_easy();
  set_client_options(slot->easy.get(), options_, slot->error_buffer);
  if (curl_easy_setopt(slot->easy.get(), CURLOPT_PRIVATE, slot.get()) != CURLE_OK)
    throw Error("HTTP: libcurl refused PRIVATE");
  slots_.push_back(std::move(slot));
  return *slots_.back();
}

void HttpMulti::add(Slot& slot) { check(curl_multi_add_handle(multi_.get(), slot.easy.get()), "add"); }

void HttpMulti::remove(Slot& slot) noexcept {
  if (!slot.run) return;
  curl_multi_remove_handle(multi_.get(), slot.easy.get());
  slot.run->abandon(slot.easy.get());
  slot.run = nullptr;
}

void HttpMulti::drive(std::vector<std::unique_ptr<HttpRequestRun>>& runs, const HttpBatchOptions& batch,
                      const std::function<void(std::size_t)>& finished) {
  const std::size_t max_parallel = std::max<std::size_t>(batch.max_parallel, 1);
  // CURLPIPE_NOTHING: one request per connection at a time, HTTP/2 or not.
  check(curl_multi_setopt(multi_.get(), CURLMOPT_PIPELINING, batch.multiplex ? CURLPIPE_MULTIPLEX : CURLPIPE_NOTHING),
        "PIPELINING");

  std::size_t next_new = 0;             // the first run not started yet
  std::vector<std::size_t> waiting;     // runs waiting for a retry
  std::size_t active = 0;
  // Whatever ends the batch early (a `finished` that throws), nothing in flight stays in the multi handle.
  struct Abandon {
    HttpMulti& multi;
    ~Abandon() {
      for (auto& slot : multi.slots_) multi.remove(*slot);
    }
  } abandon{*this};

  const auto settle = [&](std::size_t index) {
    if (runs[index]->done())
      finished(index);
    else
      waiting.push_back(index);
  };
  // Begins the run's next hop on the slot; false when it did not need to send anything.
  const auto start = [&](Slot& slot, std::size_t index) {
    if (!runs[index]->begin(slot.easy.get(), slot.error_buffer)) return false;
    slot.run = runs[index].get();
    slot.index = index;
    try {
      add(slot);
    } catch (...) {
      slot.run->abandon(slot.easy.get());
      slot.run = nullptr;
      throw;
    }
    return true;
  };
  const auto fill = [&] {
    while (active < max_parallel) {
      const auto now = HttpClock::now();
      const auto due = std::min_element(waiting.begin(), waiting.end(), [&](std::size_t a, std::size_t b) {
        return runs[a]->ready_at() < runs[b]->ready_at();
      });
      std::size_t index;
      if (due != waiting.end() && runs[*due]->ready_at() <= now) {
        index = *due;
        waiting.erase(due);
      } else if (next_new < runs.size()) {
        index = next_new++;
        if (runs[index]->done()) {  // refused before sending (an invalid request)
          finished(index);
          continue;
        }
      } else {
        return;
      }
      if (start(free_slot(max_parallel), index))
        ++active;
      else
        settle(index);
    }
  };

  for (;;) {
    fill();
    if (active == 0 && next_new == runs.size()) {
      if (waiting.empty()) return;
    }
    int running = 0;
    if (active > 0) check(curl_multi_perform(multi_.get(), &running), "perform");

    bool progressed = false;
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_.get(), &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      Slot* slot = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &slot);
      const CURLcode code = message->data.result;  // `message` is invalid once the handle is removed
      curl_multi_remove_handle(multi_.get(), slot->easy.get());
      HttpRequestRun* run = slot->run;
      const std::size_t index = slot->index;
      slot->run = nullptr;
      progressed = true;
      if (run->end(slot->easy.get(), code, slot->error_buffer) == HttpRequestRun::Next::SendNow &&
          start(*slot, index))
        continue;  // the next hop of the same request keeps its place
      --active;
      settle(index);
    }
    if (progressed) continue;

    auto wait = kLongestPoll;
    for (const std::size_t index : waiting)
      wait = std::min(wait, std::max(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         runs[index]->ready_at() - HttpClock::now()),
                                     std::chrono::milliseconds{0}));
    if (active == 0 && wait.count() == 0) continue;
    check(curl_multi_poll(multi_.get(), nullptr, 0, static_cast<int>(wait.count()), nullptr), "poll");
  }
}

}  // namespace followup::sync
