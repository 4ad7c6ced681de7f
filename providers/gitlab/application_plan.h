#pragma once
// gitlab_application.<name>: an OAuth application of a GitLab group, managed through the Group Applications
// API (README, "GitLab"). plan_application() is the pure function that compares one declared application
// with what the group holds and with the client ids its connectors hold, and returns the plan entry, the
// exact request apply sends and what the application offers its connectors.
//
// Identity without state: the group's applications that are this one's are those whose client id a
// connector that uses it holds, and those with its name and redirect URI. One of them is current: the one
// the connectors hold (the newest such), else the newest with the name and redirect URI. More than one is
// what an interrupted apply leaves: they are all replaced by one. GitLab shows a secret only in a create's
// reply, so linkform holds none of an application it did not create in this run: a connector that must be
// written with it has the application replaced (create, write the connectors, then destroy the old ones).

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/oauth_client.h"
#include "core/plan.h"
#include "providers/gitlab/client.h"
#include "providers/gitlab/config.h"

namespace linkform::gitlab {

// What apply sends for one planned application: the change's payload.
struct ApplicationWrite final : ChangePayload {
  std::string name;
  std::string redirect_uri;
  std::vector<std::string> scopes;
  bool confidential = true;
  long long id = 0;                // kUpdate: the application to update
  std::vector<long long> old_ids;  // kReplace (its destroy step) and kDelete: the applications to destroy
  // The group's application ids when the plan was made: after a create whose reply was lost, a new one with
  // this name and redirect URI is the lost one.
  std::vector<long long> known_ids;
  std::shared_ptr<PendingClient> pending;  // kCreate and kReplace: the create fills it
};

struct ApplicationPlan {
  ResourceChange change;
  std::string observation;
  OAuthClientExport exported;  // owner, usable, client id or pending, secret_held, redirect URI, scopes
};

// The group's applications that are `declared`'s (see above), current first.
std::vector<const RemoteApplication*> applications_of(const Application& declared,
                                                      const std::vector<RemoteApplication>& live,
                                                      const std::set<std::string>& held_ids);

// `held_ids`: the client ids its connectors hold; `replace_reasons`: why it is to be replaced (--replace,
// or a connector that needs its secret); `pending`: the cell a create or replace fills.
ApplicationPlan plan_application(const Application& declared, const std::vector<RemoteApplication>& live,
                                 const std::set<std::string>& held_ids,
                                 const std::vector<std::string>& replace_reasons,
                                 std::shared_ptr<PendingClient> pending);

}  // namespace linkform::gitlab
