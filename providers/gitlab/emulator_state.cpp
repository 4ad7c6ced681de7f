#include "providers/gitlab/emulator_state.h"

#include <algorithm>

namespace linkform::gitlab {

EmulatedGitlab default_emulated_gitlab() {
  EmulatedGitlab state;
  state.groups.push_back({1001, "acme"});
  state.tokens.push_back({"glpat-acme-owner", {"acme"}});
  state.tokens.push_back({"glpat-acme-developer", {}});
  return state;
}

namespace {

Result<long long> required_id(const rapidjson::Value& v, const char* key) {
  if (!v.HasMember(key) || !v[key].IsInt64())
    return fail(Error::invalid(std::string(key) + " must be an integer"));
  return v[key].GetInt64();
}

Status read_groups_and_tokens(const rapidjson::Value& section, EmulatedGitlab& state) {
  if (section.HasMember("groups")) {
    if (!section["groups"].IsArray()) return fail(Error::invalid("gitlab.groups must be an array"));
    for (const auto& g : section["groups"].GetArray()) {
      auto id = g.IsObject() ? required_id(g, "id")
                             : Result<long long>(fail(Error::invalid("a group must be an object")));
      if (!id) return fail(Error::invalid("gitlab.groups: " + id.error().message));
      auto path = emulator::required_string(g, "path");
      if (!path) return fail(Error::invalid("gitlab.groups: " + path.error().message));
      state.groups.push_back({*id, *path});
    }
  }
  if (section.HasMember("tokens")) {
    if (!section["tokens"].IsArray()) return fail(Error::invalid("gitlab.tokens must be an array"));
    for (const auto& t : section["tokens"].GetArray()) {
      if (!t.IsObject()) return fail(Error::invalid("gitlab.tokens: a token must be an object"));
      auto token = emulator::required_string(t, "token");
      if (!token) return fail(Error::invalid("gitlab.tokens: " + token.error().message));
      auto owner_of = emulator::optional_strings(t, "owner_of");
      if (!owner_of) return fail(Error::invalid("gitlab.tokens: " + owner_of.error().message));
      state.tokens.push_back({*token, owner_of->value_or(std::vector<std::string>{})});
    }
  }
  return {};
}

Result<EmulatedApplication> read_application(const rapidjson::Value& a) {
  if (!a.IsObject()) return fail(Error::invalid("an application must be an object"));
  EmulatedApplication app;
  auto id = required_id(a, "id");
  if (!id) return fail(id.error());
  app.id = *id;
  for (auto [key, field] : {std::pair{"group", &app.group}, std::pair{"application_id", &app.application_id},
                            std::pair{"secret", &app.secret}, std::pair{"name", &app.name},
                            std::pair{"redirect_uri", &app.redirect_uri}}) {
    auto s = emulator::required_string(a, key);
    if (!s) return fail(s.error());
    *field = *s;
  }
  auto scopes = emulator::optional_strings(a, "scopes");
  if (!scopes) return fail(scopes.error());
  app.scopes = scopes->value_or(std::vector<std::string>{});
  auto confidential = emulator::optional_bool(a, "confidential");
  if (!confidential) return fail(confidential.error());
  app.confidential = confidential->value_or(true);
  return app;
}

}  // namespace

Result<EmulatedGitlab> parse_emulated_gitlab(const rapidjson::Value& section) {
  if (!section.IsObject()) return fail(Error::invalid("gitlab must be an object"));
  EmulatedGitlab state;
  if (auto s = read_groups_and_tokens(section, state); !s) return fail(s.error());
  if (section.HasMember("applications")) {
    if (!section["applications"].IsArray())
      return fail(Error::invalid("gitlab.applications must be an array"));
    for (const auto& a : section["applications"].GetArray()) {
      auto app = read_application(a);
      if (!app) return fail(Error::invalid("gitlab.applications: " + app.error().message));
      state.next_id = std::max(state.next_id, app->id + 1);
      state.applications.push_back(std::move(*app));
    }
  }
  return state;
}

void write_emulated_gitlab(const EmulatedGitlab& state, emulator::JsonWriter& w) {
  w.StartObject();
  w.Key("groups");
  w.StartArray();
  for (const auto& g : state.groups) {
    w.StartObject();
    w.Key("id");
    w.Int64(g.id);
    emulator::write_field(w, "path", g.path);
    w.EndObject();
  }
  w.EndArray();
  w.Key("tokens");
  w.StartArray();
  for (const auto& t : state.tokens) {
    w.StartObject();
    emulator::write_field(w, "token", t.token);
    emulator::write_strings(w, "owner_of", t.owner_of);
    w.EndObject();
  }
  w.EndArray();
  w.Key("applications");
  w.StartArray();
  for (const auto& a : state.applications) {
    w.StartObject();
    w.Key("id");
    w.Int64(a.id);
    for (auto [key, value] : {std::pair{"group", &a.group}, std::pair{"application_id", &a.application_id},
                              std::pair{"secret", &a.secret}, std::pair{"name", &a.name},
                              std::pair{"redirect_uri", &a.redirect_uri}})
      emulator::write_field(w, key, *value);
    emulator::write_strings(w, "scopes", a.scopes);
    w.Key("confidential");
    w.Bool(a.confidential);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace linkform::gitlab
