#include "providers/frontegg/replies.h"

#include <algorithm>
#include <utility>

#include "providers/transport/http_messages.h"
#include "providers/transport/json_reply.h"

namespace linkform::frontegg {

namespace {

std::string str(const rapidjson::Value& v) { return {v.GetString(), v.GetStringLength()}; }

// Applies parse_one to each element of a top-level array reply.
template <class T, class Parse>
Result<std::vector<T>> parse_array(std::string_view body, std::string_view what, Parse parse_one) {
  auto doc = json::parse(body, what);
  if (!doc) return fail(doc.error());
  if (!doc->IsArray()) return fail(json::parse_error(what, "expected a JSON array"));
  std::vector<T> out;
  for (rapidjson::SizeType i = 0; i < doc->Size(); ++i) {
    auto item = parse_one((*doc)[i], std::string(what) + " item " + std::to_string(i));
    if (!item) return fail(item.error());
    out.push_back(std::move(*item));
  }
  return out;
}

void add_unique(std::vector<std::string>& names, std::string name) {
  if (!name.empty() && std::ranges::find(names, name) == names.end()) names.push_back(std::move(name));
}

// `apis` grouped by resource: {group: {key: {id, name, description}}}. Entries of the wrong shape are
// skipped: the list only feeds a choice of names, and a strange entry must not hide the others.
void collect_grouped_apis(const rapidjson::Value& apis, std::vector<std::string>& names) {
  if (apis.IsArray()) {
    for (const auto& item : apis.GetArray()) {
      if (item.IsString()) add_unique(names, str(item));
      if (const auto* id = json::member(item, "id"); id != nullptr && id->IsString())
        add_unique(names, str(*id));
    }
    return;
  }
  if (!apis.IsObject()) return;
  for (const auto& group : apis.GetObject()) {
    if (!group.value.IsObject()) continue;
    for (const auto& entry : group.value.GetObject()) {
      const auto* id = json::member(entry.value, "id");
      add_unique(names, id != nullptr && id->IsString() ? str(*id) : str(entry.name));
    }
  }
}

Result<Template> parse_template(const rapidjson::Value& value, const std::string& what) {
  json::FieldReader reader(value, what);
  Template t;
  t.id = reader.string("id");
  t.integration_id = reader.optional_string("integrationId").value_or("");
  t.name = reader.optional_string("name").value_or("");
  if (const auto* apis = json::member(value, "apis")) collect_grouped_apis(*apis, t.api_names);
  if (const auto* config = json::member(value, "config"); config != nullptr && config->IsObject()) {
    for (const auto& m : config->GetObject()) {
      t.config_keys.push_back(str(m.name));
      if (!m.value.IsObject()) continue;
      for (const auto& sub : m.value.GetObject()) t.config_keys.push_back(str(m.name) + "." + str(sub.name));
    }
  }
  for (auto& name : reader.optional_string_array("apiNames").value_or(std::vector<std::string>{})) {
    add_unique(t.api_names, std::move(name));
  }
  if (!reader.ok()) return fail(*reader.error());
  return t;
}

Result<ConnectorSettings> parse_settings(const rapidjson::Value& value, const std::string& what,
                                         bool strict) {
  json::FieldReader reader(value, what);
  ConnectorSettings s;
  s.client_id = strict ? reader.string("clientId") : reader.optional_string("clientId").value_or("");
  s.client_secret_present = reader.optional_string("clientSecret").has_value();
  s.base_url = reader.optional_string("baseUrl").value_or("");
  if (value.IsObject()) {
    for (const auto& m : value.GetObject()) s.keys.push_back(str(m.name));
  }
  if (const auto* custom = reader.optional_object("customConfiguration")) {
    for (const auto& m : custom->GetObject()) {
      s.custom_keys.push_back(str(m.name));
      if (m.value.IsString()) s.custom_configuration[str(m.name)] = str(m.value);
    }
  }
  s.scopes = reader.optional_string_array("scopes").value_or(std::vector<std::string>{});
  s.type = reader.optional_string("type").value_or("");
  if (!reader.ok()) return fail(*reader.error());
  return s;
}

Result<RemoteConnector> parse_connector_value(const rapidjson::Value& value, const std::string& what) {
  json::FieldReader reader(value, what);
  RemoteConnector c;
  c.id = reader.string("id");
  c.app_id = reader.string("appId");
  c.integration_template_id = reader.string("integrationTemplateId");
  c.name = reader.string("name");
  c.is_active = reader.boolean("isActive");
  c.slug = reader.optional_string("slug").value_or("");
  c.description = reader.optional_string("description").value_or("");
  c.enabled_apis = reader.optional_bool_map("enabledApis").value_or(std::map<std::string, bool>{});
  const auto* configuration = reader.optional_object("configuration");
  if (!reader.ok()) return fail(*reader.error());
  if (configuration != nullptr) {
    auto settings = parse_settings(*configuration, what + " configuration", false);
    if (!settings) return fail(settings.error());
    c.configuration = std::move(*settings);
  }
  return c;
}

}  // namespace

Result<VendorToken> parse_vendor_token(std::string_view body) {
  constexpr std::string_view kWhat = "Frontegg auth reply";
  auto doc = json::parse(body, kWhat);
  if (!doc) return fail(doc.error());
  json::FieldReader reader(*doc, std::string(kWhat));
  VendorToken token{Secret(reader.string("token"), Secret::Transient{}), reader.optional_number("expiresIn")};
  if (!reader.ok()) return fail(*reader.error());
  if (token.token.empty()) return fail(json::parse_error(kWhat, "field \"token\" is empty"));
  return token;
}

Result<std::vector<Application>> parse_applications(std::string_view body) {
  return parse_array<Application>(
      body, "Frontegg applications reply",
      [](const rapidjson::Value& v, const std::string& what) -> Result<Application> {
        json::FieldReader reader(v, what);
        Application app{reader.string("id"), reader.string("name")};
        if (!reader.ok()) return fail(*reader.error());
        return app;
      });
}

Result<std::vector<Template>> parse_templates(std::string_view body) {
  return parse_array<Template>(body, "Frontegg templates reply", &parse_template);
}

Result<std::vector<RemoteConnector>> parse_connectors(std::string_view body) {
  return parse_array<RemoteConnector>(body, "Frontegg connectors reply", &parse_connector_value);
}

Result<RemoteConnector> parse_connector(std::string_view body) {
  constexpr std::string_view kWhat = "Frontegg connector reply";
  auto doc = json::parse(body, kWhat);
  if (!doc) return fail(doc.error());
  return parse_connector_value(*doc, std::string(kWhat));
}

Result<ConnectorSettings> parse_connector_settings(std::string_view body) {
  constexpr std::string_view kWhat = "Frontegg connector configuration reply";
  auto doc = json::parse(body, kWhat);
  if (!doc) return fail(doc.error());
  return parse_settings(*doc, std::string(kWhat), true);
}

std::string vendor_message(std::string_view body) {
  auto doc = json::parse(body, "Frontegg error");
  if (!doc) return body_excerpt(body);
  if (const auto* errors = json::member(*doc, "errors"); errors != nullptr && errors->IsArray()) {
    std::string joined;
    for (const auto& e : errors->GetArray()) {
      const auto* text = e.IsString() ? &e : json::member(e, "message");
      if (text == nullptr || !text->IsString()) continue;
      if (!joined.empty()) joined += "; ";
      joined += str(*text);
    }
    if (!joined.empty()) return body_excerpt(joined, 500);
  }
  const auto* message = json::member(*doc, "message");
  if (message != nullptr && message->IsArray() && message->Size() > 0 && (*message)[0].IsString()) {
    message = &(*message)[0];  // NestJS validation replies carry an array of messages
  }
  if (message != nullptr && message->IsString()) {
    std::string text = str(*message);
    if (const auto* code = json::member(*doc, "errorCode"); code != nullptr && code->IsString()) {
      text += " (" + str(*code) + ")";
    }
    return body_excerpt(text, 500);
  }
  return body_excerpt(body);
}

}  // namespace linkform::frontegg
