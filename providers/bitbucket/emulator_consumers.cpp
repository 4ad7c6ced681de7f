// The control API's consumer operations: what a person does on
// https://bitbucket.org/{workspace}/workspace/settings/oauth-consumers.

#include <set>

#include "providers/bitbucket/emulator.h"
#include "providers/emulator/common/json.h"
#include "providers/emulator/common/random.h"

namespace linkform::bitbucket {

using emulator::JsonWriter;
using emulator::Reply;

namespace {
// New-style consumers (README, vendor assumptions): 32-character key, ~76-character secret.
constexpr std::size_t kKeyLength = 32;
constexpr std::size_t kSecretLength = 76;

Reply control_error(int status, std::string_view message) {
  return emulator::json_reply(status, emulator::errors_body(message));
}

Reply consumer_reply(int status, const EmulatedConsumer& c, bool with_secret) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  write_consumer(c, w, with_secret);
  return emulator::json_reply(status, buf.GetString());
}

// Applies the editable form fields present in body to c. Fields outside
// `allowed` are refused, so a typo in a test does not pass silently.
Status apply_form_fields(const rapidjson::Value& body, const std::set<std::string, std::less<>>& allowed,
                         EmulatedConsumer& c) {
  for (const auto& m : body.GetObject()) {
    if (!allowed.contains(std::string_view(m.name.GetString(), m.name.GetStringLength()))) {
      return fail(Error::invalid(std::string("unknown or read-only field '") + m.name.GetString() + "'"));
    }
  }
  struct Field {
    const char* key;
    std::string* target;
  };
  const Field fields[] = {{"workspace", &c.workspace},
                          {"name", &c.name},
                          {"description", &c.description},
                          {"callback_url", &c.callback_url},
                          {"url", &c.url}};
  for (const auto& f : fields) {
    auto s = emulator::optional_string(body, f.key);
    if (!s) return fail(s.error());
    if (s->has_value()) *f.target = **s;
  }
  auto is_private = emulator::optional_bool(body, "private");
  if (!is_private) return fail(is_private.error());
  if (is_private->has_value()) c.is_private = **is_private;
  auto permissions = emulator::optional_strings(body, "permissions");
  if (!permissions) return fail(permissions.error());
  if (permissions->has_value()) {
    if (auto problem = check_permissions(**permissions); !problem.empty())
      return fail(Error::invalid(problem));
    // A checkbox is ticked or not: duplicates collapse.
    c.permissions.clear();
    for (const auto& p : **permissions) {
      if (std::find(c.permissions.begin(), c.permissions.end(), p) == c.permissions.end()) {
        c.permissions.push_back(p);
      }
    }
  }
  if (c.name.empty()) return fail(Error::invalid("name is required"));
  return {};
}
}  // namespace

Reply BitbucketEmulator::create_consumer(std::string_view body) {
  auto doc = emulator::parse_json_object(body);
  if (!doc) return control_error(400, doc.error().message);
  EmulatedConsumer c;
  static const std::set<std::string, std::less<>> kAllowed = {
      "workspace", "name", "description", "callback_url", "url", "private", "permissions"};
  if (auto s = apply_form_fields(*doc, kAllowed, c); !s) return control_error(400, s.error().message);
  if (c.workspace.empty()) return control_error(400, "workspace is required");
  if (state_.find_workspace(c.workspace) == nullptr) {
    return control_error(404, "no workspace '" + c.workspace + "'");
  }
  c.workspace = state_.find_workspace(c.workspace)->slug;
  c.key = emulator::random_alnum(kKeyLength);
  c.secret = emulator::random_alnum(kSecretLength);
  state_.consumers.push_back(c);
  Reply r = consumer_reply(201, c, true);
  r.changed = true;
  return r;
}

Reply BitbucketEmulator::list_consumers() const {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartArray();
  for (const auto& c : state_.consumers) write_consumer(c, w, false);
  w.EndArray();
  return emulator::json_reply(200, buf.GetString());
}

Reply BitbucketEmulator::update_consumer(std::string_view key, std::string_view body) {
  EmulatedConsumer* existing = state_.find_consumer(key);
  if (existing == nullptr) return control_error(404, "no consumer with key '" + std::string(key) + "'");
  auto doc = emulator::parse_json_object(body);
  if (!doc) return control_error(400, doc.error().message);
  // Edit a copy so a refused edit changes nothing.
  EmulatedConsumer edited = *existing;
  static const std::set<std::string, std::less<>> kAllowed = {"name", "description", "callback_url",
                                                              "url",  "private",     "permissions"};
  if (auto s = apply_form_fields(*doc, kAllowed, edited); !s) return control_error(400, s.error().message);
  *existing = std::move(edited);
  Reply r = consumer_reply(200, *existing, false);
  r.changed = true;
  return r;
}

Reply BitbucketEmulator::delete_consumer(std::string_view key) {
  const auto removed = std::erase_if(state_.consumers, [&](const auto& c) { return c.key == key; });
  if (removed == 0) return control_error(404, "no consumer with key '" + std::string(key) + "'");
  forget_tokens_of(key);
  Reply r = emulator::empty_reply(204);
  r.changed = true;
  return r;
}

Reply BitbucketEmulator::regenerate_secret(std::string_view key) {
  EmulatedConsumer* c = state_.find_consumer(key);
  if (c == nullptr) return control_error(404, "no consumer with key '" + std::string(key) + "'");
  c->secret = emulator::random_alnum(kSecretLength);
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  emulator::write_field(w, "key", c->key);
  emulator::write_field(w, "secret", c->secret);
  w.EndObject();
  Reply r = emulator::json_reply(200, buf.GetString());
  r.changed = true;
  return r;
}

Reply BitbucketEmulator::consumer_page(std::string_view path) const {
  const std::string_view workspace = path.substr(1, path.find('/', 1) - 1);
  const bool form = path.ends_with("/new");
  std::string text = "linkform-emulator: Bitbucket's OAuth consumers page of workspace " +
                     std::string(workspace) + (form ? " (the form for a new consumer)" : "") + ".\n\n";
  if (form) {
    text +=
        "In Bitbucket a person fills in Name, Description, Callback URL and URL, ticks \"This is a private "
        "consumer\" and the permissions, and saves; Bitbucket then shows the consumer's Key and Secret.\n"
        "Here, the same in one call (permissions as Bitbucket's scope names):\n\n"
        "  curl -s -X POST <emulator>/_emulator/bitbucket/consumers -H 'Content-Type: application/json' \\\n"
        "    -d '{\"workspace\":\"" +
        std::string(workspace) +
        "\",\"name\":\"Frontegg Integration\",\"callback_url\":\"https://acme.mcp-gw.frontegg.com/"
        "integration-callback\",\"private\":true,\"permissions\":[\"account\",\"repository\"]}'\n\n"
        "The reply holds \"key\" and \"secret\" (jq -r .key, jq -r .secret).\n";
  } else {
    text += "Consumers of this workspace (key, name, permissions):\n";
    for (const auto& c : state_.consumers) {
      if (c.workspace != workspace) continue;
      std::string permissions;
      for (const auto& p : c.permissions) permissions += (permissions.empty() ? "" : " ") + p;
      text +=
          "  " + c.key + "  " + c.name + "  [" + permissions + "]" + (c.is_private ? "" : " public") + "\n";
    }
    text +=
        "\nEdit one: PATCH <emulator>/_emulator/bitbucket/consumers/KEY with the fields to change; a new "
        "secret: POST <emulator>/_emulator/bitbucket/consumers/KEY/regenerate-secret.\n";
  }
  Reply r = emulator::json_reply(200, std::move(text));
  r.content_type = "text/plain; charset=utf-8";
  return r;
}

}  // namespace linkform::bitbucket
