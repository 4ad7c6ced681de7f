#include "providers/bitbucket/provider.h"

#include <algorithm>
#include <future>
#include <set>

#include "providers/bitbucket/connector_kind.h"
#include "providers/bitbucket/permissions.h"

namespace linkform::bitbucket {

namespace {

using Status = ConsumerObservation::Status;

std::vector<std::string> declared_permissions(const Consumer& consumer) {
  std::vector<std::string> out;
  for (const auto& p : consumer.permissions) out.push_back(p.value);
  return out;
}

}  // namespace

BitbucketProvider::BitbucketProvider(HttpTransport& transport, const BitbucketSection& config,
                                     const Environment& env)
    : config_(config), env_(env), client_(transport, config.bitbucket.oauth_url, config.bitbucket.api_url) {}

ProviderDiagnostics BitbucketProvider::read() {
  consumers_.clear();
  consumer_errors_.clear();
  {
    const std::scoped_lock lock(checks_mutex_);
    checked_.clear();
  }
  std::vector<const Consumer*> selected;
  for (const auto& consumer : config_.consumers) {
    if (selection_.contains(consumer_address(consumer))) selected.push_back(&consumer);
  }
  std::vector<std::future<Result<ConsumerObservation>>> probes;
  for (const Consumer* consumer : selected) {
    probes.push_back(
        std::async(std::launch::async, [&, consumer] { return observe_consumer(client_, *consumer, env_); }));
  }
  ProviderDiagnostics found;
  for (std::size_t i = 0; i < probes.size(); ++i) {
    auto observed = probes[i].get();
    const Consumer& consumer = *selected[i];
    if (observed) {
      consumers_.emplace(consumer.id, std::move(*observed));
    } else {
      consumer_errors_.emplace(consumer.id, observed.error().message);
      found.push_back(
          error_about(consumer_address(consumer).str(), observed.error().message, consumer.where));
    }
  }
  read_workspaces(found);
  return found;
}

// Each valid consumer reads [bitbucket] workspace with its own token: the reply says whether it reaches
// the workspace, and its x-oauth-scopes header is the second witness of what the consumer is granted.
void BitbucketProvider::read_workspaces(ProviderDiagnostics& found) {
  std::vector<std::pair<std::string, std::future<Result<WorkspaceCheck>>>> checks;
  for (auto& [id, o] : consumers_) {
    if (o.status != Status::kValid || o.retired) continue;
    checks.emplace_back(id, std::async(std::launch::async, [this, token = o.access_token] {
                          return check_workspace(client_, config_.bitbucket.workspace, token);
                        }));
  }
  std::set<std::string> reported;
  for (auto& [id, check] : checks) {
    auto answer = check.get();
    ConsumerObservation& o = consumers_.at(id);
    if (!answer) {
      if (reported.insert(answer.error().message).second)
        found.push_back(error_about("bitbucket workspace \"" + config_.bitbucket.workspace + "\"",
                                    answer.error().message, config_.bitbucket.where));
      continue;
    }
    o.workspace_problem = answer->problem;
    record_granted(o, answer->oauth_scopes);
    if (!o.disagreement.empty()) {
      const Consumer* consumer = config_.find_consumer(id);
      found.push_back(warning_about(Address{"bitbucket_consumer", id, ""}.str(), o.disagreement,
                                    consumer != nullptr ? consumer->where : SourceLocation{}));
    }
  }
}

Result<std::optional<std::string>> BitbucketProvider::reaches_workspace(const std::string& consumer_id,
                                                                        const std::string& workspace) const {
  // [bitbucket] workspace is checked by read(), and what it found is the consumer's own plan.
  if (workspace == config_.bitbucket.workspace) return std::optional<std::string>();
  const auto key = std::pair{workspace, consumer_id};
  {
    const std::scoped_lock lock(checks_mutex_);
    if (auto it = checked_.find(key); it != checked_.end()) return it->second;
  }
  auto checked = check_workspace(client_, workspace, consumers_.at(consumer_id).access_token);
  Result<std::optional<std::string>> answer =
      checked ? Result<std::optional<std::string>>(checked->problem) : fail(checked.error());
  const std::scoped_lock lock(checks_mutex_);
  return checked_.insert_or_assign(key, std::move(answer)).first->second;
}

OAuthClientExport BitbucketProvider::export_of(const Consumer& consumer) const {
  OAuthClientExport e;
  e.owner = consumer_address(consumer);
  e.kind = &connector_kind();
  e.redirect_uri = consumer.callback_url;
  // A connector's default scopes: retired permissions grant nothing and are not sent.
  e.scopes = without_retired(declared_permissions(consumer));
  const auto granted = close_permissions(declared_permissions(consumer));
  e.missing_scope_for_api = [granted](const std::string& api) -> std::optional<std::string> {
    const std::string needed = permission_for_api(api);
    if (needed.empty() || granted.contains(needed) || is_retired(needed)) return std::nullopt;
    return needed;
  };
  // An API that needs a retired permission cannot work: not enabled by default.
  e.api_unavailable = [](const std::string& api) -> std::optional<std::string> {
    const std::string needed = retired_permission_for_api(api);
    if (needed.empty()) return std::nullopt;
    return "it needs \"" + needed + "\", which Bitbucket retired with Issues and Wikis on 2026-08-20";
  };
  if (consumer.retired) {
    e.blocked_reason = e.owner.str() + " is retired";
    return e;
  }
  if (consumer_errors_.contains(consumer.id))
    e.blocked_reason = e.owner.str() + " could not be read (see the errors)";
  const auto it = consumers_.find(consumer.id);
  if (it == consumers_.end()) return e;
  const ConsumerObservation& o = it->second;
  e.usable = credentials_usable(o);
  e.client_id = o.key;
  e.client_secret = o.secret;
  if (o.status == Status::kValid) {
    e.reaches = [this, id = consumer.id](const std::string& workspace) {
      return reaches_workspace(id, workspace);
    };
  }
  return e;
}

Exports BitbucketProvider::exports() const {
  Exports out;
  for (const auto& consumer : config_.consumers) out.add(export_of(consumer));
  return out;
}

ProviderPlan BitbucketProvider::plan(const Exports& /*upstream*/) const {
  ProviderPlan out;
  for (const auto& consumer : config_.consumers) {
    const auto it = consumers_.find(consumer.id);
    if (it == consumers_.end()) continue;  // its read failed; the error is reported
    out.observations.push_back({consumer_address(consumer), describe_observation(it->second)});
    out.changes.push_back(plan_consumer(consumer, config_.bitbucket, it->second));
  }
  return out;
}

Result<std::string> BitbucketProvider::apply(const ResourceChange& change) {
  return fail(Error::invalid(change.address.str() +
                             ": Bitbucket's API cannot create or edit an OAuth consumer; it is never "
                             "written, only checked"));
}

void BitbucketProvider::fingerprint(LiveDigest& digest) const {
  for (const auto& [id, o] : consumers_) {
    const std::string part = Address{"bitbucket_consumer", id, ""}.str();
    digest.add(part, std::to_string(static_cast<int>(o.status)));
    for (const auto& s : o.granted) digest.add(part, s);
    digest.add(part, o.workspace_problem.value_or(""));
  }
}

}  // namespace linkform::bitbucket
