#include "providers/bitbucket/consumer_plan.h"

#include <set>

#include "core/url.h"
#include "providers/bitbucket/granted.h"
#include "providers/bitbucket/permissions.h"

namespace linkform::bitbucket {

namespace {

using Status = ConsumerObservation::Status;

std::string consumers_page(const BitbucketSettings& settings) {
  return join_url(settings.oauth_url, "/" + settings.workspace + "/workspace/settings/oauth-consumers");
}

// Checkbox labels as the consumer form shows them; quoted where they are
// named in a sentence ("Tick "Issues: Read".").
std::string checkbox_list(const std::vector<std::string>& scopes, const std::string& separator,
                          const std::string& quote = "") {
  std::string out;
  for (const auto& s : scopes) {
    const Permission* p = find_permission(s);
    if (!out.empty()) out += separator;
    out += quote + (p != nullptr ? std::string(p->checkbox) : s) + quote;
  }
  return out;
}

std::vector<std::string> declared_scopes(const Consumer& consumer) {
  std::vector<std::string> out;
  for (const auto& p : consumer.permissions) out.push_back(p.value);
  return out;
}

std::string where_to_store(const std::optional<CredentialSource>& source) {
  if (!source) return "the configuration";
  switch (source->kind) {
    case CredentialSource::Kind::kEnv:
      return source->ref;
    case CredentialSource::Kind::kFile:
      return "the file " + source->ref;
    case CredentialSource::Kind::kLiteral:
      break;
  }
  return "the configuration";
}

std::string store_step(const Consumer& consumer) {
  return "store Key in " + where_to_store(consumer.key) + " and Secret in\n" +
         where_to_store(consumer.secret) + " (CI secured variables). Never commit them.";
}

// The consumer form, as a person fills it in when creating the consumer.
std::vector<std::string> creation_steps(const Consumer& consumer, const BitbucketSettings& settings) {
  std::vector<std::string> steps;
  steps.push_back("Open " + consumers_page(settings) + "/new");
  std::string form = "Name:          " + consumer.name;
  if (!consumer.description.empty()) form += "\nDescription:   " + consumer.description;
  form += "\nCallback URL:  " + consumer.callback_url;
  if (!consumer.url.empty()) form += "\nURL:           " + consumer.url;
  steps.push_back(form);
  steps.push_back(consumer.is_private ? "Tick \"This is a private consumer\"."
                                      : "Leave \"This is a private consumer\" unticked.");
  steps.push_back("Permissions: " +
                  checkbox_list(in_form_order(effective_permissions(declared_scopes(consumer))), " · "));
  steps.push_back("Save, open the consumer, and " + store_step(consumer));
  return steps;
}

ResourceChange manual(const Consumer& consumer, std::string headline) {
  ResourceChange change;
  change.address = consumer_address(consumer);
  change.action = Action::kManual;
  change.headline = std::move(headline);
  return change;
}

// Bitbucket answered with a scope list linkform cannot read: say what came back; no checkbox is
// guessed from it.
void plan_unreadable(const Consumer& consumer, const BitbucketSettings& settings,
                     const ConsumerObservation& o, ResourceChange& change) {
  change.headline = "its permissions cannot be read from Bitbucket's reply";
  change.notes.push_back(o.scopes_unreadable + ".");
  change.steps.push_back(
      "Open " + consumers_page(settings) + ", edit \"" + consumer.name +
      "\", and check that its permissions are: " +
      checkbox_list(in_form_order(effective_permissions(declared_scopes(consumer))), " · ") +
      ". If they are, Bitbucket's reply has changed: run with --debug and report what it sends.");
}

ResourceChange plan_valid(const Consumer& consumer, const BitbucketSettings& settings,
                          const ConsumerObservation& o) {
  ResourceChange change = manual(consumer, "");
  if (!o.scopes_unreadable.empty()) plan_unreadable(consumer, settings, o, change);
  // Retired permissions count neither way: no checkbox is asked for that may no longer exist.
  const auto declared = effective_permissions(declared_scopes(consumer));
  const auto granted = o.scopes_unreadable.empty() ? effective_permissions(o.granted) : declared;
  std::set<std::string> tick;
  std::set<std::string> untick;
  for (const auto& s : declared) {
    if (!granted.contains(s)) tick.insert(s);
  }
  for (const auto& s : granted) {
    if (!declared.contains(s)) untick.insert(s);
  }
  std::vector<std::string> edits;
  if (!tick.empty()) edits.push_back("Tick " + checkbox_list(in_form_order(tick), ", ", "\"") + ".");
  if (!untick.empty()) edits.push_back("Untick " + checkbox_list(in_form_order(untick), ", ", "\"") + ".");
  if (!consumer.is_private) edits.push_back("Untick \"This is a private consumer\".");
  if (!edits.empty()) {
    if (change.headline.empty())
      change.headline = tick.empty() && untick.empty() ? "is private, but the configuration says public"
                                                       : "permissions differ from the configuration";
    if (!tick.empty() || !untick.empty()) {
      change.notes.push_back("granted:  " + checkbox_list(in_form_order(granted), " · "));
      change.notes.push_back("declared: " + checkbox_list(in_form_order(declared), " · "));
    }
    change.steps.push_back("Open " + consumers_page(settings) + ", edit \"" + consumer.name + "\".");
    std::string edit_line;
    for (const auto& e : edits) edit_line += (edit_line.empty() ? "" : " ") + e;
    change.steps.push_back(edit_line + " Save.");
  }
  if (o.workspace_problem) {
    if (change.headline.empty()) change.headline = "cannot reach workspace \"" + settings.workspace + "\"";
    change.notes.push_back("workspace \"" + settings.workspace + "\": " + *o.workspace_problem);
    change.steps.push_back("Check that [bitbucket] workspace is the slug of the workspace that owns \"" +
                           consumer.name + "\", and that the consumer has Account: Read.");
  }
  if (change.steps.empty()) change.action = Action::kNoop;
  return change;
}

}  // namespace

Result<ConsumerObservation> observe_consumer(BitbucketClient& client, const Consumer& consumer,
                                             const Environment& env) {
  ConsumerObservation o;
  o.retired = consumer.retired;
  if (!consumer.key || !consumer.secret) {
    o.not_set_reason = "key or secret not configured";
    return o;
  }
  auto key = resolve_credential(*consumer.key, env);
  auto secret = resolve_credential(*consumer.secret, env);
  // A file that may not or cannot be read (outside the tree, a FIFO, too large) is an error, not a
  // secret someone forgot to provide.
  if (!key && key.error().kind == ErrorKind::kIo) return fail(key.error());
  if (!secret && secret.error().kind == ErrorKind::kIo) return fail(secret.error());
  if (!key || !secret) {
    o.not_set_reason = !key ? "key not set (" + key.error().message + ")"
                            : "secret not set (" + secret.error().message + ")";
    o.only_secret_missing = key.has_value();
    return o;
  }
  o.key = std::move(*key);
  o.secret = std::move(*secret);
  auto probe = client.probe_consumer(o.key.reveal(), o.secret);
  if (!probe) return fail(probe.error());
  switch (probe->state) {
    case ConsumerProbe::State::kBadCredentials:
      o.status = Status::kBadCredentials;
      return o;
    case ConsumerProbe::State::kPublic:
      o.status = Status::kPublic;
      return o;
    case ConsumerProbe::State::kNoCallback:
      o.status = Status::kNoCallback;
      return o;
    case ConsumerProbe::State::kValid:
      break;
  }
  o.status = Status::kValid;
  o.token_scope = probe->scope_text;
  o.token_field = probe->scope_field;
  o.access_token = probe->access_token;
  record_granted(o, std::nullopt);  // the header, when a workspace reply brings one, is judged again
  return o;
}

Result<WorkspaceCheck> check_workspace(BitbucketClient& client, const std::string& workspace,
                                       const Secret& access_token) {
  auto ws = client.get_workspace(workspace, access_token);
  if (ws) return WorkspaceCheck{std::nullopt, ws->oauth_scopes};
  const Error& e = ws.error();
  const bool answered = e.kind == ErrorKind::kNotFound ||
                        (e.kind == ErrorKind::kHttp && (e.http_status == 401 || e.http_status == 403));
  if (!answered) return fail(e);
  return WorkspaceCheck{e.message, std::nullopt};
}

bool credentials_usable(const ConsumerObservation& observation) {
  return observation.status == Status::kValid || observation.status == Status::kPublic ||
         observation.status == Status::kNoCallback;
}

std::string describe_retired(const ConsumerObservation& o) {
  switch (o.status) {
    case Status::kNotSet:
      return "retired; " + o.not_set_reason + ", so linkform cannot check that it was deleted";
    case Status::kBadCredentials:
      return "retired and revoked: Bitbucket rejects its key and secret";
    case Status::kPublic:
    case Status::kNoCallback:
    case Status::kValid:
      break;
  }
  return "retired, but Bitbucket still accepts its key and secret";
}

std::string describe_observation(const ConsumerObservation& o) {
  if (o.retired) return describe_retired(o);
  switch (o.status) {
    case Status::kNotSet:
      return o.not_set_reason;
    case Status::kBadCredentials:
      return "Bitbucket rejects the key and secret";
    case Status::kPublic:
      return "public consumer (its permissions cannot be read)";
    case Status::kNoCallback:
      return "no callback URL (Bitbucket gives the consumer no token, so its permissions cannot be read)";
    case Status::kValid:
      break;
  }
  if (!o.scopes_unreadable.empty()) return "private consumer, granted: unknown (" + o.scopes_unreadable + ")";
  std::string granted;
  for (const auto& s : o.granted) granted += (granted.empty() ? "" : " ") + s;
  return "private consumer, granted: " + (granted.empty() ? std::string("(nothing)") : granted) +
         (o.granted_note.empty() ? "" : " (" + o.granted_note + ")");
}

void record_granted(ConsumerObservation& o, const std::optional<std::string>& header) {
  auto judged = judge_granted(o.token_scope, o.token_field, header);
  o.granted = judged.scopes.value_or(std::vector<std::string>{});
  o.scopes_unreadable = std::move(judged.unreadable);
  o.granted_note = std::move(judged.note);
  o.disagreement = std::move(judged.disagreement);
}

Address consumer_address(const Consumer& consumer) { return {"bitbucket_consumer", consumer.id, ""}; }

// retired = true (README, "Rotating a consumer's secret"): credentials that still work mean the consumer
// still exists.
ResourceChange plan_retired(const Consumer& consumer, const BitbucketSettings& settings,
                            const ConsumerObservation& o) {
  if (o.status == Status::kNotSet || o.status == Status::kBadCredentials) {
    ResourceChange change = manual(consumer, "");
    change.action = Action::kNoop;
    return change;
  }
  ResourceChange change = manual(consumer, "is retired, but its key and secret still work");
  change.notes.push_back(
      "Bitbucket cannot regenerate a consumer's secret: deleting the consumer is the only "
      "way to revoke it.");
  change.steps.push_back("Open " + consumers_page(settings) + ", find \"" + consumer.name +
                         "\" (the consumer whose key is in " + where_to_store(consumer.key) +
                         ") and delete it.");
  change.steps.push_back(
      "Run linkform plan again: it shows the consumer as revoked. Then remove [consumers." + consumer.id +
      "] and its key and secret from " + where_to_store(consumer.secret) + ".");
  return change;
}

ResourceChange plan_consumer(const Consumer& consumer, const BitbucketSettings& settings,
                             const ConsumerObservation& o) {
  if (consumer.retired) return plan_retired(consumer, settings, o);
  switch (o.status) {
    case Status::kNotSet: {
      if (o.only_secret_missing) {
        // The key is known, so the consumer exists: this run lacks its secret (a CI variable or file).
        ResourceChange change = manual(consumer, "secret is not available to this run");
        change.notes.push_back(o.not_set_reason + "; the key is set, so the consumer exists.");
        change.steps.push_back("Open " + consumers_page(settings) + ", open \"" + consumer.name +
                               "\", and store its Secret in " + where_to_store(consumer.secret) +
                               " (CI secured variables). Never commit it.");
        return change;
      }
      ResourceChange change = manual(consumer, "must be created by a person");
      change.notes.push_back(o.not_set_reason + ": if the consumer already exists, only do step 5.");
      change.steps = creation_steps(consumer, settings);
      return change;
    }
    case Status::kBadCredentials: {
      ResourceChange change = manual(consumer, "key or secret is rejected by Bitbucket");
      change.notes.push_back("the key or secret is wrong, or the consumer was deleted.");
      change.steps.push_back("Open " + consumers_page(settings) + ".");
      change.steps.push_back("If \"" + consumer.name + "\" is listed, open it and " + store_step(consumer));
      change.steps.push_back("If it is not listed, it was deleted; create it again:");
      for (auto& step : creation_steps(consumer, settings)) change.steps.push_back(std::move(step));
      return change;
    }
    case Status::kPublic: {
      ResourceChange change = manual(consumer, "is public; the configuration says private");
      if (!consumer.is_private) {
        change.action = Action::kNoop;
        change.headline.clear();
        return change;
      }
      change.notes.push_back(
          "Bitbucket gives a token only to a private consumer, so its permissions cannot be checked until it "
          "is (" +
          settings.connector_system + "'s Bitbucket guide does not mention this box).");
      change.steps.push_back("Open " + consumers_page(settings) + ", edit \"" + consumer.name + "\".");
      change.steps.push_back("Tick \"This is a private consumer\". Save.");
      return change;
    }
    case Status::kNoCallback: {
      ResourceChange change = manual(consumer, "has no callback URL");
      change.notes.push_back(
          "Bitbucket refuses it a token until it has one, so its permissions cannot be checked.");
      change.steps.push_back("Open " + consumers_page(settings) + ", edit \"" + consumer.name + "\".");
      change.notes.push_back(
          "Set it to exactly the value below: Bitbucket accepts only a redirect_uri that "
          "starts with the consumer's callback URL.");
      change.steps.push_back("Callback URL:  " + consumer.callback_url + "\nSave.");
      return change;
    }
    case Status::kValid:
      break;
  }
  return plan_valid(consumer, settings, o);
}

}  // namespace linkform::bitbucket
