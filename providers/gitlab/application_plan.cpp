#include "providers/gitlab/application_plan.h"

#include <algorithm>

#include "core/word_list.h"

namespace linkform::gitlab {

namespace {

std::vector<std::string> values(const std::vector<LocatedString>& list) {
  std::vector<std::string> out;
  for (const auto& s : list) out.push_back(s.value);
  return out;
}

// GitLab keeps the redirect URIs of an application one per line.
bool registers(const RemoteApplication& a, const std::string& redirect_uri) {
  std::size_t start = 0;
  while (start <= a.callback_url.size()) {
    std::size_t end = a.callback_url.find('\n', start);
    if (end == std::string::npos) end = a.callback_url.size();
    std::string line = a.callback_url.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line == redirect_uri) return true;
    start = end + 1;
  }
  return false;
}

std::string described(const RemoteApplication& a) {
  return "application " + std::to_string(a.id) + " (client id " + a.application_id + ")";
}

std::string ids_text(const std::vector<const RemoteApplication*>& apps) {
  return joined(apps, ", ", [](const RemoteApplication* a) { return std::to_string(a->id); });
}

// An attribute that stays as it is is shown with its value alone, for context.
void add(ResourceChange& c, std::string name, Value before, Value after, bool sensitive = false) {
  const bool changed = before != after || sensitive;
  if (!changed) before = Value{};
  c.attributes.push_back({std::move(name), std::move(before), std::move(after), sensitive, changed});
}

std::shared_ptr<ApplicationWrite> desired_write(const Application& declared,
                                                const std::vector<RemoteApplication>& live) {
  auto w = std::make_shared<ApplicationWrite>();
  w->name = declared.name;
  w->redirect_uri = declared.redirect_uri;
  w->scopes = values(declared.scopes);
  w->confidential = declared.confidential;
  for (const auto& a : live) w->known_ids.push_back(a.id);
  return w;
}

constexpr const char* kSecretNote =
    "its secret goes from GitLab's reply straight into the connectors that use it: no output, file or "
    "person ever holds it";

void plan_create(const Application& declared, const std::vector<RemoteApplication>& live,
                 std::shared_ptr<PendingClient> pending, ApplicationPlan& out) {
  ResourceChange& c = out.change;
  c.action = Action::kCreate;
  c.headline = "will be created";
  add(c, "name", {}, Value::string(declared.name));
  add(c, "redirect_uri", {}, Value::string(declared.redirect_uri));
  add(c, "scopes", {}, Value::list(values(declared.scopes)));
  add(c, "confidential", {}, Value::boolean(declared.confidential));
  add(c, "client_id", {}, Value::unknown());
  add(c, "client_secret", {}, {}, true);
  c.notes.push_back(kSecretNote);
  auto write = desired_write(declared, live);
  write->pending = pending;
  c.payload = write;
  out.exported.pending = std::move(pending);
  out.exported.secret_held = true;
}

void plan_replace(const Application& declared, const std::vector<RemoteApplication>& live,
                  const std::vector<const RemoteApplication*>& ours,
                  const std::vector<std::string>& requested, const std::vector<std::string>& reasons,
                  std::shared_ptr<PendingClient> pending, ApplicationPlan& out) {
  const RemoteApplication& current = *ours.front();
  ResourceChange& c = out.change;
  c.action = Action::kReplace;
  c.remote_id = std::to_string(current.id);
  // Asked for by a connector (not by --replace, nor by GitLab's own rules, which come after): to get a
  // secret.
  const bool for_secret =
      std::ranges::any_of(requested, [](const std::string& r) { return !r.starts_with("--replace"); });
  const bool asked = !requested.empty();
  c.headline = for_secret ? "must be replaced to obtain a secret"
               : asked    ? "will be replaced, as --replace asks"
                          : "must be replaced";
  add(c, "name", Value::string(current.name), Value::string(declared.name));
  add(c, "redirect_uri", Value::string(current.callback_url), Value::string(declared.redirect_uri));
  add(c, "scopes", Value::list(sorted_set(current.scopes)), Value::list(sorted_set(values(declared.scopes))));
  add(c, "confidential", Value::boolean(current.confidential), Value::boolean(declared.confidential));
  add(c, "client_id", Value::string(current.application_id), Value::unknown());
  add(c, "client_secret", {}, {}, true);
  for (const auto& r : reasons) c.notes.push_back("why: " + r);
  if (for_secret)
    c.notes.push_back(
        "GitLab shows an application's secret only in the reply that creates it, so a new one is "
        "made to obtain one");
  c.notes.push_back(
      "a new application is created and every connector that uses it is written with it; then " +
      std::string(ours.size() == 1 ? "the old one (" : "the old ones (") + ids_text(ours) + ") is destroyed");
  c.notes.push_back(kSecretNote);
  auto write = desired_write(declared, live);
  write->pending = pending;
  for (const auto* a : ours) write->old_ids.push_back(a->id);
  c.payload = write;
  out.exported.pending = std::move(pending);
  out.exported.secret_held = true;
}

void plan_in_place(const Application& declared, const std::vector<RemoteApplication>& live,
                   const RemoteApplication& current, ApplicationPlan& out) {
  ResourceChange& c = out.change;
  c.remote_id = std::to_string(current.id);
  const auto scopes = sorted_set(values(declared.scopes));
  // A reply without scopes (an older GitLab) says nothing about them: they are not compared.
  const bool scopes_differ = !current.scopes.empty() && sorted_set(current.scopes) != scopes;
  if (current.name != declared.name)
    add(c, "name", Value::string(current.name), Value::string(declared.name));
  if (scopes_differ) add(c, "scopes", Value::list(sorted_set(current.scopes)), Value::list(scopes));
  out.exported.client_id = Secret(current.application_id, Secret::Shown{});
  out.exported.secret_held = false;
  if (c.attributes.empty()) return;
  c.action = Action::kUpdate;
  c.headline = "will be updated in place";
  auto write = desired_write(declared, live);
  write->id = current.id;
  c.payload = write;
}

void plan_absent(const std::vector<RemoteApplication>& live,
                 const std::vector<const RemoteApplication*>& ours, ApplicationPlan& out) {
  out.exported.usable = false;
  out.exported.blocked_reason = "it is declared ensure = \"absent\"";
  if (ours.empty()) return;
  ResourceChange& c = out.change;
  c.action = Action::kDelete;
  c.remote_id = std::to_string(ours.front()->id);
  c.headline = ours.size() == 1 ? "will be destroyed"
                                : "will be destroyed, with the " + std::to_string(ours.size() - 1) +
                                      " more an interrupted apply left (" + ids_text(ours) + ")";
  add(c, "name", Value::string(ours.front()->name), {});
  add(c, "client_id", Value::string(ours.front()->application_id), {});
  auto write = std::make_shared<ApplicationWrite>();
  for (const auto* a : ours) write->old_ids.push_back(a->id);
  for (const auto& a : live) write->known_ids.push_back(a.id);
  c.payload = write;
}

}  // namespace

std::vector<const RemoteApplication*> applications_of(const Application& declared,
                                                      const std::vector<RemoteApplication>& live,
                                                      const std::set<std::string>& held_ids) {
  std::vector<const RemoteApplication*> held;
  std::vector<const RemoteApplication*> named;
  for (const auto& a : live) {
    if (held_ids.contains(a.application_id))
      held.push_back(&a);
    else if (a.name == declared.name && registers(a, declared.redirect_uri))
      named.push_back(&a);
  }
  const auto newest_first = [](const RemoteApplication* x, const RemoteApplication* y) {
    return x->id > y->id;
  };
  std::ranges::sort(held, newest_first);
  std::ranges::sort(named, newest_first);
  held.insert(held.end(), named.begin(), named.end());
  return held;
}

ApplicationPlan plan_application(const Application& declared, const std::vector<RemoteApplication>& live,
                                 const std::set<std::string>& held_ids,
                                 const std::vector<std::string>& replace_reasons,
                                 std::shared_ptr<PendingClient> pending) {
  ApplicationPlan out;
  out.change.address = {"gitlab_application", declared.id, ""};
  out.exported.owner = out.change.address;
  out.exported.usable = true;
  out.exported.redirect_uri = declared.redirect_uri;
  out.exported.scopes = values(declared.scopes);
  const auto ours = applications_of(declared, live, held_ids);
  out.observation = ours.empty()       ? "not found in the group"
                    : ours.size() == 1 ? described(*ours.front())
                                       : std::to_string(ours.size()) + " applications are this one (" +
                                             ids_text(ours) + "); the current is " + described(*ours.front());
  if (declared.ensure == Ensure::kAbsent) {
    plan_absent(live, ours, out);
    return out;
  }
  if (ours.empty()) {
    plan_create(declared, live, std::move(pending), out);
    return out;
  }
  const RemoteApplication& current = *ours.front();
  std::vector<std::string> reasons = replace_reasons;
  if (current.callback_url != declared.redirect_uri)
    reasons.push_back("GitLab cannot change an application's redirect URI in place");
  if (current.confidential != declared.confidential)
    reasons.push_back("GitLab cannot change whether an application is confidential in place");
  if (ours.size() > 1)
    reasons.push_back(std::to_string(ours.size()) + " applications are this one (" + ids_text(ours) +
                      "), as an interrupted apply leaves them: one new one replaces them all");
  if (!reasons.empty()) {
    plan_replace(declared, live, ours, replace_reasons, reasons, std::move(pending), out);
    return out;
  }
  plan_in_place(declared, live, current, out);
  return out;
}

}  // namespace linkform::gitlab
