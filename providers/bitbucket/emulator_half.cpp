#include "providers/bitbucket/emulator_half.h"

namespace linkform::bitbucket {

using emulator::HalfState;
using emulator::Reply;

BitbucketHalf::BitbucketHalf(int token_ttl_s, TokenReplyShape reply_shape, bool issues_and_wikis)
    : emulator_({}, token_ttl_s, reply_shape, issues_and_wikis) {}

bool BitbucketHalf::owns_path(std::string_view path) const { return BitbucketEmulator::owns_path(path); }

Reply BitbucketHalf::handle(const httplib::Request& req) { return emulator_.handle(req); }

std::string BitbucketHalf::fault_key(const httplib::Request& req) const {
  return BitbucketEmulator::consumer_key_of(req);
}

Reply BitbucketHalf::error_reply(int status, std::string_view message) const {
  return BitbucketEmulator::error_reply(status, message);
}

// Bitbucket's 429 says nothing of when the limit resets.
Reply BitbucketHalf::rate_limited_reply(std::chrono::milliseconds /*reset_after*/) const {
  return BitbucketEmulator::rate_limited_reply();
}

std::shared_ptr<const HalfState> BitbucketHalf::default_state() const {
  return std::make_shared<State>(default_emulated_bitbucket());
}

std::shared_ptr<const HalfState> BitbucketHalf::empty_state() const {
  return std::make_shared<State>(EmulatedBitbucket{});
}

Result<std::shared_ptr<const HalfState>> BitbucketHalf::parse_state(const rapidjson::Value& section) const {
  auto parsed = parse_emulated_bitbucket(section);
  if (!parsed) return fail(parsed.error());
  return std::make_shared<State>(std::move(*parsed));
}

std::shared_ptr<const HalfState> BitbucketHalf::snapshot() const {
  return std::make_shared<State>(emulator_.state());
}

void BitbucketHalf::restore(const HalfState& state) { emulator_.replace_state(State::of(state)); }

std::string BitbucketHalf::startup_text(const HalfState& state, const std::string& url) const {
  const EmulatedBitbucket& b = State::of(state);
  std::string out = "Bitbucket (LINKFORM_BITBUCKET_API_URL and LINKFORM_BITBUCKET_OAUTH_URL=" + url + "):\n";
  for (const auto& w : b.workspaces) {
    int consumers = 0;
    for (const auto& c : b.consumers) consumers += c.workspace == w.slug ? 1 : 0;
    out += "  workspace " + w.slug + " (\"" + w.name + "\"), " + std::to_string(consumers) +
           (consumers == 1 ? " OAuth consumer" : " OAuth consumers") +
           "; the consumer form a person fills in: " + url + "/" + w.slug +
           "/workspace/settings/oauth-consumers/new\n";
  }
  if (b.workspaces.empty()) out += "  no workspace\n";
  return out;
}

// /_emulator/bitbucket/consumers[/KEY[/regenerate-secret]]: the workspace settings page of a person.
std::optional<Reply> BitbucketHalf::control(const httplib::Request& req, std::string_view rest) {
  constexpr std::string_view kConsumers = "/consumers";
  if (!rest.starts_with(kConsumers)) return std::nullopt;
  rest.remove_prefix(kConsumers.size());
  const std::string& m = req.method;
  if (rest.empty() || rest == "/") {
    if (m == "GET") return emulator_.list_consumers();
    if (m == "POST") return emulator_.create_consumer(req.body);
    return std::nullopt;
  }
  rest.remove_prefix(1);
  constexpr std::string_view kRegenerate = "/regenerate-secret";
  if (rest.ends_with(kRegenerate) && m == "POST") {
    return emulator_.regenerate_secret(rest.substr(0, rest.size() - kRegenerate.size()));
  }
  if (rest.find('/') != std::string_view::npos) return std::nullopt;
  if (m == "PATCH") return emulator_.update_consumer(rest, req.body);
  if (m == "DELETE") return emulator_.delete_consumer(rest);
  return std::nullopt;
}

}  // namespace linkform::bitbucket
