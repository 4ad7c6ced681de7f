#include "providers/frontegg/emulator_half.h"

namespace linkform::frontegg {

using emulator::HalfState;
using emulator::Reply;

FronteggHalf::FronteggHalf(int token_ttl_s, std::vector<std::string> templates)
    : emulator_({}, token_ttl_s), templates_(std::move(templates)) {}

bool FronteggHalf::owns_path(std::string_view path) const { return FronteggEmulator::owns_path(path); }

Reply FronteggHalf::handle(const httplib::Request& req) { return emulator_.handle(req); }

void FronteggHalf::finish_reply(Reply& reply) const {
  reply.headers.emplace_back("frontegg-trace-id", FronteggEmulator::new_trace_id());
}

// An environment's client id, not a secret.
std::optional<std::string> FronteggHalf::logged_environment(const httplib::Request& req) const {
  if (!req.has_header("frontegg-environment-id")) return std::nullopt;
  return req.get_header_value("frontegg-environment-id");
}

Reply FronteggHalf::error_reply(int status, std::string_view message) const {
  return FronteggEmulator::error_reply(status, message);
}

Reply FronteggHalf::rate_limited_reply(std::chrono::milliseconds reset_after) const {
  return FronteggEmulator::rate_limited_reply(std::chrono::system_clock::now() + reset_after);
}

std::shared_ptr<const HalfState> FronteggHalf::default_state() const {
  return std::make_shared<State>(default_emulated_frontegg(templates_));
}

std::shared_ptr<const HalfState> FronteggHalf::empty_state() const {
  return std::make_shared<State>(EmulatedFrontegg{});
}

Result<std::shared_ptr<const HalfState>> FronteggHalf::parse_state(const rapidjson::Value& section) const {
  auto parsed = parse_emulated_frontegg(section, templates_);
  if (!parsed) return fail(parsed.error());
  return std::make_shared<State>(std::move(*parsed));
}

std::shared_ptr<const HalfState> FronteggHalf::snapshot() const {
  return std::make_shared<State>(emulator_.state());
}

void FronteggHalf::restore(const HalfState& state) { emulator_.replace_state(State::of(state)); }

std::string FronteggHalf::startup_text(const HalfState& state, const std::string& url) const {
  const EmulatedFrontegg& f = State::of(state);
  std::string out = "Frontegg (FRONTEGG_BASE_URL=" + url + "):\n";
  for (const auto& e : f.environments) {
    out += "  environment " + e.name + ": client_id " + e.client_id + ", secret " + e.secret + "; apps:";
    if (e.applications.empty()) out += " none";
    for (std::size_t i = 0; i < e.applications.size(); ++i)
      out += (i == 0 ? " \"" : ", \"") + e.applications[i].name + "\" (" + e.applications[i].id + ")";
    out += "; " + std::to_string(e.connectors.size()) +
           (e.connectors.size() == 1 ? " connector\n" : " connectors\n");
  }
  for (const auto& a : f.accounts) {
    out += "  account credentials (every environment, chosen by environment_id): client_id " + a.client_id +
           ", secret " + a.secret + "\n";
  }
  out += "  MCP gateway (FRONTEGG_GATEWAY=" + url + "): callback " + url +
         "/integration-callback, discovery /.well-known/oauth-protected-resource\n";
  return out;
}

// GET /_emulator/frontegg/connectors and PATCH /_emulator/frontegg/connectors/ID, with ?environment=NAME.
std::optional<Reply> FronteggHalf::control(const httplib::Request& req, std::string_view rest) {
  if (rest == "/connectors" && req.method == "GET") {
    return emulator_.stored_connectors(req.get_param_value("environment"));
  }
  constexpr std::string_view kConnector = "/connectors/";
  if (rest.starts_with(kConnector) && req.method == "PATCH") {
    const std::string id(rest.substr(kConnector.size()));
    return emulator_.edit_stored_connector(req.get_param_value("environment"), id, req);
  }
  return std::nullopt;
}

}  // namespace linkform::frontegg
