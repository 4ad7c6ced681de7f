#include "providers/gitlab/emulator_half.h"

#include <httplib.h>

#include <algorithm>

#include "providers/emulator/common/json.h"
#include "providers/emulator/common/random.h"
#include "providers/emulator/common/reply.h"

namespace linkform::gitlab {

using emulator::json_reply;
using emulator::Reply;

namespace {

// GitLab's {"message": "..."} shape (lib/api/helpers.rb of GitLab).
Reply message_reply(int status, std::string_view message) {
  return json_reply(status, R"({"message":)" + emulator::json_quote(message) + "}");
}

// What GitLab's OAuth applications accept as scopes (README, vendor assumptions).
bool known_scope(const std::string& scope) {
  static const std::vector<std::string> known = {
      "api",           "read_api",       "read_user",          "read_repository",     "write_repository",
      "read_registry", "write_registry", "create_runner",      "manage_runner",       "k8s_proxy",
      "ai_features",   "sudo",           "read_observability", "write_observability", "openid",
      "profile",       "email"};
  return std::ranges::find(known, scope) != known.end();
}

std::vector<std::string> split_scopes(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (const char c : text + " ") {
    if (c != ' ' && c != '+') {
      word += c;
    } else if (!word.empty()) {
      out.push_back(word);
      word.clear();
    }
  }
  return out;
}

std::string application_json(const EmulatedApplication& a, bool with_secret) {
  rapidjson::StringBuffer buffer;
  emulator::JsonWriter w(buffer);
  w.StartObject();
  w.Key("id");
  w.Int64(a.id);
  emulator::write_field(w, "application_id", a.application_id);
  emulator::write_field(w, "application_name", a.name);
  emulator::write_field(w, "callback_url", a.redirect_uri);
  w.Key("confidential");
  w.Bool(a.confidential);
  emulator::write_strings(w, "scopes", a.scopes);
  if (with_secret) emulator::write_field(w, "secret", a.secret);
  w.EndObject();
  return buffer.GetString();
}

// The token of the request: PRIVATE-TOKEN, or an OAuth-compliant Authorization: Bearer.
std::string token_of(const httplib::Request& req) {
  if (req.has_header("PRIVATE-TOKEN")) return req.get_header_value("PRIVATE-TOKEN");
  const std::string auth = req.get_header_value("Authorization");
  return auth.starts_with("Bearer ") ? auth.substr(7) : std::string();
}

}  // namespace

std::optional<Reply> GitlabHalf::control(const httplib::Request& req, std::string_view rest) {
  if (req.method != "GET") return std::nullopt;
  if (rest == "/secrets") {
    rapidjson::StringBuffer buffer;
    emulator::JsonWriter w(buffer);
    w.StartObject();
    emulator::write_strings(w, "secrets", issued_secrets_);
    w.EndObject();
    return json_reply(200, buffer.GetString());
  }
  if (rest != "/applications") return std::nullopt;
  std::string body = "[";
  for (const auto& a : state_.applications) body += (body.size() > 1 ? "," : "") + application_json(a, true);
  return json_reply(200, body + "]");
}

Reply GitlabHalf::error_reply(int status, std::string_view message) const {
  return message_reply(status, message);
}

Reply GitlabHalf::rate_limited_reply(std::chrono::milliseconds reset_after) const {
  Reply r;
  r.status = 429;
  r.content_type = "text/plain";
  r.body = "Retry later\n";
  const auto seconds = std::max<long long>(1, (reset_after.count() + 999) / 1000);
  const auto reset = std::chrono::system_clock::now() + std::chrono::seconds(seconds);
  r.headers = {
      {"RateLimit-Name", "throttle_authenticated_api"},
      {"RateLimit-Limit", "60"},
      {"RateLimit-Observed", "61"},
      {"RateLimit-Remaining", "0"},
      {"RateLimit-Reset",
       std::to_string(std::chrono::duration_cast<std::chrono::seconds>(reset.time_since_epoch()).count())},
      {"Retry-After", std::to_string(seconds)}};
  return r;
}

Reply GitlabHalf::handle(const httplib::Request& req) {
  constexpr std::string_view kGroups = "/api/v4/groups/";
  const std::string_view path = req.path;
  if (!path.starts_with(kGroups)) return message_reply(404, "404 Not Found");
  const std::string token = token_of(req);
  const auto who = std::ranges::find(state_.tokens, token, &EmulatedToken::token);
  if (token.empty() || who == state_.tokens.end()) return message_reply(401, "401 Unauthorized");
  std::string_view rest = path.substr(kGroups.size());
  const auto slash = rest.find('/');
  const std::string group_key(rest.substr(0, slash));  // httplib has decoded %2F already
  rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  const auto group = std::ranges::find_if(state_.groups, [&](const EmulatedGroup& g) {
    return g.path == group_key || std::to_string(g.id) == group_key;
  });
  if (group == state_.groups.end()) return message_reply(404, "404 Group Not Found");
  if (std::ranges::find(who->owner_of, group->path) == who->owner_of.end())
    return message_reply(403, "403 Forbidden");
  if (rest == "/applications") {
    if (req.method == "GET") return list(req, *group);
    if (req.method == "POST") return create(req, *group);
    return message_reply(405, "405 Method Not Allowed");
  }
  constexpr std::string_view kOne = "/applications/";
  if (!rest.starts_with(kOne)) return message_reply(404, "404 Not Found");
  const std::string id(rest.substr(kOne.size()));
  const auto app = std::ranges::find_if(state_.applications, [&](const EmulatedApplication& a) {
    return std::to_string(a.id) == id && a.group == group->path;
  });
  if (app == state_.applications.end()) return message_reply(404, "404 Application Not Found");
  if (req.method == "GET") return json_reply(200, application_json(*app, false));
  if (req.method == "PUT") return update(req, *app);
  if (req.method == "DELETE") return remove(app->id);
  return message_reply(405, "405 Method Not Allowed");
}

Reply GitlabHalf::list(const httplib::Request& req, const EmulatedGroup& group) {
  std::vector<const EmulatedApplication*> mine;
  for (const auto& a : state_.applications) {
    if (a.group == group.path) mine.push_back(&a);
  }
  const auto number = [&](const char* name, int fallback) {
    const std::string v = req.get_param_value(name);
    return v.empty() || v.find_first_not_of("0123456789") != std::string::npos || v.size() > 6 ? fallback
                                                                                               : std::stoi(v);
  };
  const int per_page = std::clamp(number("per_page", 20), 1, 100);
  const int page = std::max(number("page", 1), 1);
  const std::size_t first = static_cast<std::size_t>(page - 1) * static_cast<std::size_t>(per_page);
  std::string body = "[";
  for (std::size_t i = first; i < mine.size() && i < first + static_cast<std::size_t>(per_page); ++i)
    body += (i == first ? "" : ",") + application_json(*mine[i], false);
  Reply r = json_reply(200, body + "]");
  const bool more = first + static_cast<std::size_t>(per_page) < mine.size();
  r.headers = {{"x-page", std::to_string(page)},
               {"x-per-page", std::to_string(per_page)},
               {"x-next-page", more ? std::to_string(page + 1) : ""},
               {"x-prev-page", page > 1 ? std::to_string(page - 1) : ""},
               {"x-total", std::to_string(mine.size())}};
  return r;
}

Reply GitlabHalf::create(const httplib::Request& req, const EmulatedGroup& group) {
  auto doc = emulator::parse_json_object(req.body);
  if (!doc) return message_reply(400, "400 Bad request - " + doc.error().message);
  EmulatedApplication a;
  for (auto [key, field] : {std::pair{"name", &a.name}, std::pair{"redirect_uri", &a.redirect_uri}}) {
    auto v = emulator::optional_string(*doc, key);
    if (!v || !*v || (*v)->empty())
      return json_reply(400, R"({"error":")" + std::string(key) + R"( is missing"})");
    *field = **v;
  }
  auto scopes = emulator::optional_string(*doc, "scopes");
  a.scopes = scopes && *scopes ? split_scopes(**scopes) : std::vector<std::string>{};
  if (a.scopes.empty()) return json_reply(400, R"({"error":"scopes is missing, scopes is empty"})");
  if (!std::ranges::all_of(a.scopes, known_scope))
    return json_reply(400, R"({"message":{"scopes":["doesn't match configured on the server."]}})");
  if (!a.redirect_uri.starts_with("https://") && !a.redirect_uri.starts_with("http://"))
    return json_reply(400, R"({"message":{"redirect_uri":["must be a valid URI."]}})");
  auto confidential = emulator::optional_bool(*doc, "confidential");
  a.confidential = confidential && *confidential ? **confidential : true;
  a.id = state_.next_id++;
  a.group = group.path;
  a.application_id = emulator::random_hex(64);
  a.secret = "gloas-" + emulator::random_hex(64);
  state_.applications.push_back(a);
  issued_secrets_.push_back(a.secret);
  Reply r = json_reply(201, application_json(a, true));
  r.changed = true;
  return r;
}

Reply GitlabHalf::update(const httplib::Request& req, EmulatedApplication& app) {
  auto doc = emulator::parse_json_object(req.body);
  if (!doc) return message_reply(400, "400 Bad request - " + doc.error().message);
  if (auto name = emulator::optional_string(*doc, "name"); name && *name && !(*name)->empty())
    app.name = **name;
  if (auto scopes = emulator::optional_string(*doc, "scopes"); scopes && *scopes) {
    const auto parsed = split_scopes(**scopes);
    if (parsed.empty() || !std::ranges::all_of(parsed, known_scope))
      return json_reply(400, R"({"message":{"scopes":["doesn't match configured on the server."]}})");
    app.scopes = parsed;
  }
  Reply r = json_reply(200, application_json(app, false));
  r.changed = true;
  return r;
}

Reply GitlabHalf::remove(long long id) {
  std::erase_if(state_.applications, [&](const EmulatedApplication& a) { return a.id == id; });
  Reply r = emulator::empty_reply(204);
  r.changed = true;
  return r;
}

std::shared_ptr<const emulator::HalfState> GitlabHalf::default_state() const {
  return std::make_shared<State>(default_emulated_gitlab());
}

std::shared_ptr<const emulator::HalfState> GitlabHalf::empty_state() const {
  return std::make_shared<State>(EmulatedGitlab{});
}

Result<std::shared_ptr<const emulator::HalfState>> GitlabHalf::parse_state(
    const rapidjson::Value& section) const {
  auto parsed = parse_emulated_gitlab(section);
  if (!parsed) return fail(parsed.error());
  return std::make_shared<State>(std::move(*parsed));
}

std::shared_ptr<const emulator::HalfState> GitlabHalf::snapshot() const {
  return std::make_shared<State>(state_);
}

std::string GitlabHalf::startup_text(const emulator::HalfState& state, const std::string& base_url) const {
  const EmulatedGitlab& g = State::of(state);
  std::string out = "GitLab (url = \"" + base_url + "\" in [gitlab]):\n";
  for (const auto& group : g.groups)
    out += "  group " + group.path + " (id " + std::to_string(group.id) + ")\n";
  for (const auto& t : g.tokens) {
    std::string owns;
    for (const auto& p : t.owner_of) owns += (owns.empty() ? "" : ", ") + p;
    out += "  token " + t.token + (owns.empty() ? " (owns no group)\n" : " (Owner of " + owns + ")\n");
  }
  out += "  " + std::to_string(g.applications.size()) + " application" +
         (g.applications.size() == 1 ? "\n" : "s\n");
  return out;
}

}  // namespace linkform::gitlab
