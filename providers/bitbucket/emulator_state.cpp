#include "providers/bitbucket/emulator_state.h"

#include <algorithm>
#include <set>

#include "providers/bitbucket/permissions.h"
#include "providers/emulator/common/random.h"

namespace linkform::bitbucket {

using emulator::optional_bool;
using emulator::optional_string;
using emulator::optional_strings;
using emulator::required_string;

const EmulatedWorkspace* EmulatedBitbucket::find_workspace(std::string_view slug_or_uuid) const {
  for (const auto& w : workspaces) {
    if (w.slug == slug_or_uuid || w.uuid == slug_or_uuid) return &w;
  }
  return nullptr;
}

EmulatedConsumer* EmulatedBitbucket::find_consumer(std::string_view key) {
  for (auto& c : consumers) {
    if (c.key == key) return &c;
  }
  return nullptr;
}

namespace {

// "{uuid}", as Bitbucket writes a workspace's uuid (appended: GCC 12 at -O3 reports a false -Wrestrict for
// "literal" + std::string&&).
std::string braced_uuid() {
  std::string out = "{";
  out += emulator::random_uuid();
  out += '}';
  return out;
}

}  // namespace

EmulatedBitbucket default_emulated_bitbucket() {
  EmulatedBitbucket state;
  state.workspaces.push_back({"acme", "Acme", braced_uuid()});
  return state;
}

std::string check_permissions(const std::vector<std::string>& permissions) {
  for (const auto& p : permissions) {
    if (p == "project:write") return "project:write was retired in 2023; use project:admin";
    if (find_permission(p) == nullptr) return "unknown permission '" + p + "'";
  }
  return {};
}

namespace {
Result<EmulatedWorkspace> parse_workspace(const rapidjson::Value& v) {
  if (!v.IsObject()) return fail(Error::invalid("each workspace must be an object"));
  EmulatedWorkspace w;
  auto slug = required_string(v, "slug");
  if (!slug) return fail(slug.error());
  w.slug = *slug;
  auto name = optional_string(v, "name");
  auto uuid = optional_string(v, "uuid");
  if (!name) return fail(name.error());
  if (!uuid) return fail(uuid.error());
  w.name = name->value_or(w.slug);
  w.uuid = uuid->value_or(braced_uuid());
  return w;
}

Status read_consumer_strings(const rapidjson::Value& v, EmulatedConsumer& c) {
  struct Field {
    const char* key;
    std::string* target;
    bool required;
  };
  const Field fields[] = {{"workspace", &c.workspace, true},
                          {"key", &c.key, true},
                          {"secret", &c.secret, true},
                          {"name", &c.name, true},
                          {"description", &c.description, false},
                          {"callback_url", &c.callback_url, false},
                          {"url", &c.url, false}};
  for (const auto& f : fields) {
    auto s = optional_string(v, f.key);
    if (!s) return fail(s.error());
    if (!s->has_value() && f.required) return fail(Error::invalid(std::string(f.key) + " is required"));
    if (s->has_value()) *f.target = **s;
  }
  return {};
}

Result<EmulatedConsumer> parse_consumer(const rapidjson::Value& v) {
  if (!v.IsObject()) return fail(Error::invalid("each consumer must be an object"));
  EmulatedConsumer c;
  if (auto s = read_consumer_strings(v, c); !s) return fail(s.error());
  auto is_private = optional_bool(v, "private");
  if (!is_private) return fail(is_private.error());
  c.is_private = is_private->value_or(false);
  auto permissions = optional_strings(v, "permissions");
  if (!permissions) return fail(permissions.error());
  c.permissions = permissions->value_or(std::vector<std::string>{});
  if (auto problem = check_permissions(c.permissions); !problem.empty()) {
    return fail(Error::invalid("consumer " + c.key + ": " + problem));
  }
  return c;
}

template <class T, class Parse>
Status parse_list(const rapidjson::Value& section, const char* key, std::vector<T>& out, Parse parse) {
  if (!section.HasMember(key)) return {};
  const auto& list = section[key];
  if (!list.IsArray()) return fail(Error::invalid(std::string("bitbucket.") + key + " must be an array"));
  for (const auto& item : list.GetArray()) {
    auto parsed = parse(item);
    if (!parsed) return fail(Error::invalid(std::string("bitbucket.") + key + ": " + parsed.error().message));
    out.push_back(std::move(*parsed));
  }
  return {};
}
}  // namespace

Result<EmulatedBitbucket> parse_emulated_bitbucket(const rapidjson::Value& section) {
  if (!section.IsObject()) return fail(Error::invalid("bitbucket must be an object"));
  EmulatedBitbucket state;
  if (auto s = parse_list(section, "workspaces", state.workspaces, parse_workspace); !s)
    return fail(s.error());
  if (auto s = parse_list(section, "consumers", state.consumers, parse_consumer); !s) return fail(s.error());
  std::set<std::string> slugs;
  for (const auto& w : state.workspaces) {
    if (!slugs.insert(w.slug).second) return fail(Error::invalid("bitbucket: duplicate workspace " + w.slug));
  }
  std::set<std::string> keys;
  for (const auto& c : state.consumers) {
    if (state.find_workspace(c.workspace) == nullptr) {
      return fail(Error::invalid("bitbucket: consumer " + c.key + " names unknown workspace " + c.workspace));
    }
    if (!keys.insert(c.key).second) return fail(Error::invalid("bitbucket: duplicate consumer key " + c.key));
  }
  return state;
}

void write_consumer(const EmulatedConsumer& c, emulator::JsonWriter& w, bool with_secret) {
  w.StartObject();
  emulator::write_field(w, "workspace", c.workspace);
  emulator::write_field(w, "key", c.key);
  if (with_secret) emulator::write_field(w, "secret", c.secret);
  emulator::write_field(w, "name", c.name);
  emulator::write_field(w, "description", c.description);
  emulator::write_field(w, "callback_url", c.callback_url);
  emulator::write_field(w, "url", c.url);
  w.Key("private");
  w.Bool(c.is_private);
  emulator::write_strings(w, "permissions", c.permissions);
  w.EndObject();
}

void write_emulated_bitbucket(const EmulatedBitbucket& state, emulator::JsonWriter& w) {
  w.StartObject();
  w.Key("workspaces");
  w.StartArray();
  for (const auto& ws : state.workspaces) {
    w.StartObject();
    emulator::write_field(w, "slug", ws.slug);
    emulator::write_field(w, "name", ws.name);
    emulator::write_field(w, "uuid", ws.uuid);
    w.EndObject();
  }
  w.EndArray();
  w.Key("consumers");
  w.StartArray();
  for (const auto& c : state.consumers) write_consumer(c, w, true);
  w.EndArray();
  w.EndObject();
}

}  // namespace linkform::bitbucket
