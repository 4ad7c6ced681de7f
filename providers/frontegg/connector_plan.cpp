#include "providers/frontegg/connector_plan.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/word_list.h"
#include "providers/frontegg/fingerprint.h"

namespace linkform::frontegg {

namespace {

// For messages: ["a", "b"].
std::string text_list(const std::vector<std::string>& items) {
  std::string out = "[";  // appended: see in_quotes on GCC 12's -Wrestrict
  out += joined(items, ", ", [](const std::string& i) { return in_quotes(i); });
  out += ']';
  return out;
}

std::vector<std::string> values(const std::vector<LocatedString>& list) {
  std::vector<std::string> out;
  for (const auto& s : list) out.push_back(s.value);
  return out;
}

// What the configuration asks of the connector, resolved against the template.
struct Desired {
  std::string name;
  std::string description;  // without linkform's marker
  bool is_active = true;
  std::map<std::string, std::string> custom_configuration;
  std::string target_key;    // the customConfiguration key of the kind's target, when it has one
  std::string target_label;  // how the plan names it: the kind's target_key
  std::vector<std::string> scopes;
  bool send_scopes = true;  // scopes_field = "none": scopes are neither sent nor compared
  std::vector<std::string> apis;
  std::vector<std::string> apis_left_out;  // "name: why", the template's APIs not enabled by default
};

Result<Desired> desired_state(const Connector& c, const FronteggEnvironment& env, const Template& tmpl,
                              const ConnectorCredentials& credentials) {
  Desired d;
  d.name = c.name;
  d.description = c.description;
  d.is_active = c.enabled;
  d.custom_configuration = c.custom_configuration;
  if (!c.kind->target_key.empty()) {
    d.target_key = target_key_of(env, *c.kind);
    d.target_label = c.kind->target_key;
    d.custom_configuration[d.target_key] = c.target;
  }
  d.scopes = c.scopes ? values(*c.scopes) : credentials.scopes;
  d.send_scopes = env.scopes_field != "none";
  if (c.apis) {
    d.apis = values(*c.apis);
  } else {
    for (const auto& api : tmpl.api_names) {
      const auto why = credentials.api_unavailable ? credentials.api_unavailable(api) : std::nullopt;
      if (why)
        d.apis_left_out.push_back(api + " (" + *why + ")");
      else
        d.apis.push_back(api);
    }
  }
  for (const auto& api : d.apis) {
    if (std::ranges::find(tmpl.api_names, api) == tmpl.api_names.end()) {
      return fail(Error::invalid("connector \"" + c.id + "\" enables API \"" + api + "\", which template \"" +
                                 tmpl.name + "\" in environment \"" + env.name +
                                 "\" does not offer (it offers " + text_list(tmpl.api_names) + ")"));
    }
  }
  return d;
}

void note_apis_left_out(const Desired& d, ResourceChange& change) {
  if (d.apis_left_out.empty()) return;
  std::string list;
  for (const auto& item : d.apis_left_out) list += (list.empty() ? "" : "; ") + item;
  change.notes.push_back("not enabled by default: " + list);
}

ResourceChange base_change(const Connector& c) {
  ResourceChange change;
  change.address = connector_address(c);
  return change;
}

ConnectorPlan plan_create(const Connector& c, const Desired& d, const Application& app, const Template& tmpl,
                          const ConnectorCredentials& creds, const Secret& key) {
  ConnectorPlan plan;
  plan.needs_secret = !creds.secret_held && !creds.pending;
  plan.write.app_id = app.id;
  plan.change = base_change(c);
  plan.change.action = Action::kCreate;
  plan.change.headline = "will be created";
  plan.change.depends_on.push_back(creds.client);
  const auto add = [&](std::string name, Value after, bool sensitive = false) {
    plan.change.attributes.push_back({std::move(name), {}, std::move(after), sensitive, true});
  };
  add("name", Value::string(d.name));
  add("slug", Value::string(c.slug));
  add("description", Value::string(d.description));
  add("enabled", Value::boolean(d.is_active));
  add("client_id", creds.pending ? Value::unknown() : Value::string(creds.client_id.reveal()));
  add("client_secret", {}, true);
  if (!d.target_label.empty()) add(d.target_label, Value::string(c.target));
  if (d.send_scopes) add("scopes", Value::list(d.scopes));
  add("apis", Value::list(d.apis));
  note_apis_left_out(d, plan.change);

  ConnectorCreate create;
  create.app_id = app.id;
  create.integration_template_id = tmpl.integration_id.empty() ? tmpl.id : tmpl.integration_id;
  create.name = d.name;
  create.slug = c.slug;
  create.description = compose_description(
      d.description, make_marker(key, creds.client_secret,
                                 connector_identity(app.id, tmpl, c.slug, creds.client_id.reveal())));
  create.api_names = d.apis;
  create.is_active = d.is_active;
  create.client_id = creds.client_id.reveal();
  create.client_secret = creds.client_secret;
  create.custom_configuration = d.custom_configuration;
  if (d.send_scopes) create.scopes = d.scopes;
  plan.write.create = std::move(create);
  return plan;
}

std::vector<std::string> enabled_apis(const RemoteConnector& remote) {
  std::vector<std::string> out;
  for (const auto& [name, on] : remote.enabled_apis) {
    if (on) out.push_back(name);
  }
  return out;
}

// Compares each attribute and fills both the shown diff and the PATCH body.
class UpdateBuilder {
 public:
  UpdateBuilder(ConnectorPlan& plan, const RemoteConnector& remote, const Secret& key)
      : plan_(plan), remote_(remote), key_(key) {
    plan_.write.update.emplace();
    plan_.write.update->app_id = remote.app_id;
  }

  bool compare(const std::string& name, const Value& before, const Value& after) {
    if (before == after) return false;
    plan_.change.attributes.push_back({name, before, after, false, true});
    return true;
  }

  void run(const Connector& c, const Desired& d, const Template& tmpl, const ConnectorCredentials& creds) {
    ConnectorUpdate& u = *plan_.write.update;
    const ConnectorSettings settings = remote_.configuration.value_or(ConnectorSettings{});
    const ParsedDescription parsed = parse_description(remote_.description);
    if (compare("name", Value::string(remote_.name), Value::string(d.name))) u.name = d.name;
    const bool description_differs =
        compare("description", Value::string(parsed.user_description), Value::string(d.description));
    if (compare("enabled", Value::boolean(remote_.is_active), Value::boolean(d.is_active)))
      u.is_active = d.is_active;
    compare_client_id(settings, creds);
    compare_custom_configuration(settings, d);
    if (d.send_scopes &&
        compare("scopes", Value::list(sorted_set(settings.scopes)), Value::list(sorted_set(d.scopes))))
      u.scopes = d.scopes;
    compare_apis(d);
    if (creds.pending) {
      u.client_secret = Secret();
      plan_.change.attributes.push_back({"client_secret", {}, {}, true, true});
      return;
    }

    // The fingerprint is checked against the client id the connector has now, and written for the one it
    // will have: a connector re-pointed to another client's id no longer matches, and gets back the pair.
    const std::string live_identity = connector_identity(remote_.app_id, tmpl, c.slug, settings.client_id);
    const std::string identity = connector_identity(remote_.app_id, tmpl, c.slug, creds.client_id.reveal());
    // A secret linkform does not hold cannot be checked: the connector is taken to hold it while it has
    // the client's id and a fingerprint linkform wrote (nobody else ever had the secret to write).
    const bool secret_matches =
        settings.client_id == creds.client_id.reveal() &&
        (creds.secret_held ? fingerprint_matches(parsed, key_, creds.client_secret, live_identity)
                           : parsed.salt.has_value());
    if (!secret_matches && !creds.secret_held) {
      plan_.needs_secret = true;
      return;
    }
    if (!secret_matches) {
      // Written with the client id: a connector re-pointed in the portal gets back the configured pair.
      u.client_secret = creds.client_secret;
      u.client_id = creds.client_id.reveal();
      plan_.change.attributes.push_back({"client_secret", {}, {}, true, true});
      plan_.change.notes.push_back(
          parsed.salt
              ? "the secret fingerprint does not match: the " + c.kind->client_noun +
                    " secret or its client id changed since linkform wrote it, or the Frontegg secret that "
                    "keys it was rotated"
          : parsed.older_version ? "the secret fingerprint was written by an older linkform and cannot be "
                                   "verified: the secret will be written once"
                                 : "no fingerprint of the connector's secret: it will be written");
    }
    if (!secret_matches || description_differs) {
      u.description = compose_description(
          d.description, !secret_matches     ? make_marker(key_, creds.client_secret, identity)
                         : creds.secret_held ? make_marker(key_, creds.client_secret, identity, *parsed.salt)
                                             : marker_of(parsed));
    }
    if (secret_matches && !plan_.change.attributes.empty()) {
      plan_.change.attributes.push_back({"client_secret", {}, {}, true, false});
    }
  }

 private:
  void compare_client_id(const ConnectorSettings& settings, const ConnectorCredentials& creds) {
    if (creds.pending) {  // a new client: its id and secret are filled in when the write is planned again
      compare("client_id", Value::string(settings.client_id), Value::unknown());
      plan_.write.update->client_id = std::string();
    } else if (compare("client_id", Value::string(settings.client_id),
                       Value::string(creds.client_id.reveal()))) {
      plan_.write.update->client_id = creds.client_id.reveal();
    }
  }

  void compare_custom_configuration(const ConnectorSettings& settings, const Desired& d) {
    std::map<std::string, std::string> merged = settings.custom_configuration;
    bool differs = false;
    for (const auto& [key, value] : d.custom_configuration) {
      const auto it = settings.custom_configuration.find(key);
      const Value before =
          it == settings.custom_configuration.end() ? Value::none() : Value::string(it->second);
      const std::string label =
          !d.target_key.empty() && key == d.target_key ? d.target_label : "custom_configuration." + key;
      differs |= compare(label, before, Value::string(value));
      merged[key] = value;
    }
    if (differs) plan_.write.update->custom_configuration = std::move(merged);
  }

  void compare_apis(const Desired& d) {
    const auto before = sorted_set(enabled_apis(remote_));
    const auto after = sorted_set(d.apis);
    if (!compare("apis", Value::list(before), Value::list(after))) return;
    std::map<std::string, bool> apis;
    for (const auto& [name, on] : remote_.enabled_apis) apis[name] = false;
    for (const auto& name : after) apis[name] = true;
    plan_.write.update->enabled_apis = std::move(apis);
  }

  ConnectorPlan& plan_;
  const RemoteConnector& remote_;
  const Secret& key_;
};

ConnectorPlan plan_existing(const Connector& c, const Desired& d, const RemoteConnector& remote,
                            const Template& tmpl, const ConnectorCredentials& creds, const Secret& key) {
  ConnectorPlan plan;
  plan.write.app_id = remote.app_id;
  plan.write.connector_id = remote.id;
  plan.change = base_change(c);
  plan.change.remote_id = remote.id;
  plan.change.depends_on.push_back(creds.client);
  UpdateBuilder(plan, remote, key).run(c, d, tmpl, creds);
  if (plan.write.update->empty()) {
    plan.write.update.reset();
    plan.change.action = Action::kNoop;
    plan.change.attributes.clear();
    plan.change.notes.clear();
  } else {
    plan.change.action = Action::kUpdate;
    plan.change.headline = "will be updated in place";
    // Said where the APIs change: not on every later update.
    if (std::ranges::any_of(plan.change.attributes, [](const auto& a) { return a.name == "apis"; }))
      note_apis_left_out(d, plan.change);
  }
  return plan;
}

ConnectorPlan plan_absent(const Connector& c, const Application& app, const RemoteConnector* remote) {
  ConnectorPlan plan;
  plan.write.app_id = app.id;
  plan.change = base_change(c);
  if (remote == nullptr) return plan;
  plan.write.connector_id = remote->id;
  plan.change.remote_id = remote->id;
  plan.change.action = Action::kDelete;
  plan.change.headline = "will be destroyed";
  plan.change.attributes.push_back({"name", Value::string(remote->name), {}, false, true});
  plan.change.attributes.push_back({"slug", Value::string(remote->slug), {}, false, true});
  return plan;
}

ConnectorPlan plan_blocked(const Connector& c, const Application& app, const RemoteConnector* remote,
                           const ConnectorCredentials& creds) {
  ConnectorPlan plan;
  plan.write.app_id = app.id;
  plan.change = base_change(c);
  plan.change.action = Action::kBlocked;
  plan.change.depends_on.push_back(creds.client);
  if (remote != nullptr) {
    plan.write.connector_id = remote->id;
    plan.change.remote_id = remote->id;
  }
  if (!creds.blocked_reason.empty()) {
    plan.change.headline = "cannot be planned: " + creds.blocked_reason;
  } else if (remote != nullptr) {
    plan.change.headline = "will be checked once " + creds.client.str() + " works";
  } else {
    plan.change.headline = "will be created once " + creds.client.str() + " exists";
  }
  return plan;
}

}  // namespace

ConnectorCredentials filled(const ConnectorCredentials& credentials) {
  if (!credentials.pending) return credentials;
  auto known = credentials.pending->get();
  if (!known) return credentials;
  ConnectorCredentials out = credentials;
  out.pending.reset();
  out.secret_held = true;
  out.client_id = Secret(std::move(known->client_id), Secret::Shown{});
  out.client_secret = std::move(known->client_secret);
  return out;
}

Result<ConnectorPlan> plan_connector(const Connector& connector, const FronteggEnvironment& environment,
                                     const EnvironmentState& state, const ConnectorCredentials* credentials) {
  const Resolved resolved = resolve(connector, environment, state);
  if (resolved.app == nullptr) return fail(resolved.app_error);
  const TemplateMatch& tmpl = resolved.tmpl;
  if (tmpl.found == nullptr) return fail(tmpl.error);
  const Application& app = *resolved.app;
  static const std::vector<RemoteConnector> kNone;
  const auto it = state.connectors_by_app.find(app.id);
  const auto& listed = it == state.connectors_by_app.end() ? kNone : it->second;
  const RemoteConnector* remote = find_connector(listed, *tmpl.found, connector.slug);
  // Slugs are unique per app and template; a vendor that lists two anyway is not silently half-read.
  std::string ids;
  int same = 0;
  for (const auto& c : listed) {
    if (!is_connector_of(c, *tmpl.found, connector.slug)) continue;
    ids += (ids.empty() ? "" : ", ") + c.id;
    ++same;
  }
  if (same > 1) {
    return fail(Error::invalid("app \"" + app.name + "\" in environment \"" + environment.name + "\" has " +
                               std::to_string(same) + " " + connector.kind->vendor +
                               " connectors with slug \"" + connector.slug + "\" (ids " + ids +
                               "), which should be unique; linkform cannot tell which is "
                               "the configured one. Delete the extra ones in the Frontegg portal"));
  }

  auto planned = [&]() -> Result<ConnectorPlan> {
    if (connector.ensure == Ensure::kAbsent) return plan_absent(connector, app, remote);
    if (credentials == nullptr || !credentials->usable) {
      ConnectorCredentials none;
      return plan_blocked(connector, app, remote, credentials != nullptr ? *credentials : none);
    }
    auto desired = desired_state(connector, environment, *tmpl.found, *credentials);
    if (!desired) return fail(desired.error());
    ConnectorPlan p =
        remote == nullptr
            ? plan_create(connector, *desired, app, *tmpl.found, *credentials, state.fingerprint_key)
            : plan_existing(connector, *desired, *remote, *tmpl.found, *credentials, state.fingerprint_key);
    if (!p.needs_secret) return p;
    ConnectorPlan blocked = plan_blocked(connector, app, remote, *credentials);
    blocked.needs_secret = true;
    blocked.change.headline = "needs the secret of " + credentials->client.str() +
                              ", which linkform does not hold: it waits for that " +
                              connector.kind->client_noun + " to be replaced";
    return blocked;
  }();
  if (planned) {
    planned->template_notice = tmpl.notice;
    planned->write.tmpl = *tmpl.found;
    if (credentials != nullptr) planned->write.credentials = *credentials;
    if (is_write(planned->change.action))
      planned->change.payload = std::make_shared<const ConnectorWrite>(planned->write);
  }
  return planned;
}

}  // namespace linkform::frontegg
