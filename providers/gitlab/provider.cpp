#include "providers/gitlab/provider.h"

#include <algorithm>

#include "providers/gitlab/connector_kind.h"

namespace linkform::gitlab {

GitlabProvider::GitlabProvider(HttpTransport& transport, const GitlabConfig& config, const Environment& env)
    : transport_(transport), config_(config), env_(env) {}

bool GitlabProvider::selected(const Application& application) const {
  return selection_.contains(application_address(application));
}

ProviderDiagnostics GitlabProvider::read() {
  {
    const std::scoped_lock lock(cells_mutex_);
    cells_.clear();
  }
  live_.clear();
  read_ = false;
  read_problem_.clear();
  if (std::ranges::none_of(config_.applications, [&](const Application& a) { return selected(a); }))
    return {};
  const Settings& s = config_.gitlab;
  const std::string subject = "[gitlab]";
  if (!s.token) {
    read_problem_ = "[gitlab] has no token";
    return {error_about(subject, "no token to read the group's applications with", s.where)};
  }
  auto token = resolve_credential(*s.token, env_);
  if (!token) {
    read_problem_ = "the token of [gitlab] could not be read";
    return {error_about(subject, token.error().message, s.where)};
  }
  client_ = std::make_unique<GitlabClient>(transport_, s.url, s.group, std::move(*token));
  auto listed = client_->list_applications();
  if (!listed) {
    read_problem_ = "the applications of GitLab group \"" + s.group + "\" could not be read";
    return {error_about(subject, listed.error().message, s.where)};
  }
  live_ = std::move(*listed);
  read_ = true;
  return {};
}

std::shared_ptr<PendingClient> GitlabProvider::cell(const Address& address) const {
  const std::scoped_lock lock(cells_mutex_);
  auto& c = cells_[address];
  if (!c) c = std::make_shared<PendingClient>();
  return c;
}

ApplicationPlan GitlabProvider::planned(const Application& application) const {
  const Address address = application_address(application);
  const auto held = held_.find(address);
  static const std::set<std::string> kNone;
  return plan_application(application, live_, held == held_.end() ? kNone : held->second,
                          replace_.reasons_for(address), cell(address));
}

Exports GitlabProvider::exports() const {
  Exports out;
  for (const auto& a : config_.applications) {
    if (!selected(a)) continue;
    OAuthClientExport e;
    if (read_) {
      e = planned(a).exported;
    } else {
      e.owner = application_address(a);
      e.blocked_reason = read_problem_.empty() ? "GitLab was not read" : read_problem_;
    }
    e.kind = &connector_kind();
    out.add(std::move(e));
  }
  return out;
}

ProviderPlan GitlabProvider::plan(const Exports& /*upstream*/) const {
  ProviderPlan out;
  if (!read_) return out;  // the read's error is the diagnostic; its connectors are blocked on it
  for (const auto& a : config_.applications) {
    if (!selected(a)) continue;
    ApplicationPlan p = planned(a);
    out.observations.push_back({p.change.address, p.observation});
    out.changes.push_back(std::move(p.change));
  }
  return out;
}

std::vector<Address> GitlabProvider::protected_resources() const {
  std::vector<Address> out;
  for (const auto& a : config_.applications) {
    if (a.prevent_destroy) out.push_back(application_address(a));
  }
  return out;
}

void GitlabProvider::fingerprint(LiveDigest& digest) const {
  for (const auto& a : config_.applications) {
    if (!selected(a)) continue;
    const Address address = application_address(a);
    const auto held = held_.find(address);
    const std::string part = address.str();
    digest.add(part, read_ ? "read" : "not read");
    for (const auto* r :
         applications_of(a, live_, held == held_.end() ? std::set<std::string>{} : held->second)) {
      for (const auto* f : {&r->application_id, &r->name, &r->callback_url}) digest.add(part, *f);
      digest.add(part, std::to_string(r->id) + (r->confidential ? " confidential" : " public"));
      for (const auto& s : r->scopes) digest.add(part, s);
    }
  }
}

}  // namespace linkform::gitlab
