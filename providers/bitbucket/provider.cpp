#include "providers/bitbucket/provider.h"

#include <algorithm>
#include <future>

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
  std::vector<std::future<Result<ConsumerObservation>>> probes;
  for (const auto& consumer : config_.consumers) {
    probes.push_back(
        std::async(std::launch::async, [&] { return observe_consumer(client_, consumer, env_); }));
  }
  ProviderDiagnostics found;
  for (std::size_t i = 0; i < probes.size(); ++i) {
    auto observed = probes[i].get();
    const Consumer& consumer = config_.consumers[i];
    if (observed) {
      consumers_.emplace(consumer.id, std::move(*observed));
    } else {
      consumer_errors_.emplace(consumer.id, observed.error().message);
      found.push_back(
          error_about(consumer_address(consumer).str(), observed.error().message, consumer.where));
    }
  }
  // One workspace call for [bitbucket] workspace, with the first token that works.
  const auto valid = std::ranges::find_if(
      consumers_, [](const auto& entry) { return entry.second.status == Status::kValid; });
  if (valid == consumers_.end()) return found;
  auto problem = check_workspace(client_, config_.bitbucket.workspace, valid->second.access_token);
  if (!problem) {
    found.push_back(error_about("bitbucket workspace \"" + config_.bitbucket.workspace + "\"",
                                problem.error().message, config_.bitbucket.where));
    return found;
  }
  for (auto& [id, o] : consumers_) {
    if (o.status == Status::kValid) o.workspace_problem = *problem;
  }
  return found;
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
  auto answer = check_workspace(client_, workspace, consumers_.at(consumer_id).access_token);
  const std::scoped_lock lock(checks_mutex_);
  return checked_.insert_or_assign(key, std::move(answer)).first->second;
}

Export BitbucketProvider::export_of(const Consumer& consumer) const {
  Export e;
  e.lists["permissions"] = declared_permissions(consumer);
  const auto granted = close_permissions(e.lists["permissions"]);
  e.checks["api_permission"] = [granted](const std::string& api) -> Result<std::optional<std::string>> {
    const std::string needed = permission_for_api(api);
    if (needed.empty() || granted.contains(needed)) return std::optional<std::string>();
    return std::optional<std::string>(needed);
  };
  if (consumer_errors_.contains(consumer.id))
    e.blocked_reason = consumer_address(consumer).str() + " could not be read (see the errors)";
  const auto it = consumers_.find(consumer.id);
  if (it == consumers_.end()) return e;
  const ConsumerObservation& o = it->second;
  e.usable = credentials_usable(o);
  e.secrets["key"] = o.key;
  e.secrets["secret"] = o.secret;
  if (o.status == Status::kValid) {
    e.checks["workspace"] = [this, id = consumer.id](const std::string& workspace) {
      return reaches_workspace(id, workspace);
    };
  }
  return e;
}

Exports BitbucketProvider::exports() const {
  Exports out;
  for (const auto& consumer : config_.consumers) out.add(consumer_address(consumer), export_of(consumer));
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
