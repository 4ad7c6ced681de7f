// Writing the plan's applications, and reading them back.

#include <algorithm>

#include "core/word_list.h"
#include "providers/gitlab/provider.h"

namespace linkform::gitlab {

namespace {

std::string ids_text(const std::vector<long long>& ids) {
  return joined(ids, ", ", [](long long id) { return std::to_string(id); });
}

}  // namespace

// Creates the application and puts its id and secret where the connectors' writes take them. A create
// whose reply was lost may have made one whose secret nobody will ever see: it is found by its name and
// redirect URI among the applications the plan did not know, destroyed, and the create is sent once more.
Result<std::string> GitlabProvider::create(const ApplicationWrite& write) {
  auto created =
      client_->create_application(write.name, write.redirect_uri, write.scopes, write.confidential);
  std::string note;
  if (!created && may_have_happened(created.error())) {
    auto listed = client_->list_applications();
    if (!listed) {
      return fail(Error{created.error().kind,
                        created.error().message +
                            "; listing the group's applications to see whether it went "
                            "through also failed: " +
                            listed.error().message,
                        created.error().http_status});
    }
    std::vector<long long> lost;
    for (const auto& a : *listed) {
      if (std::ranges::find(write.known_ids, a.id) == write.known_ids.end() && a.name == write.name &&
          a.callback_url == write.redirect_uri)
        lost.push_back(a.id);
    }
    for (long long id : lost) {
      if (auto gone = client_->delete_application(id); !gone && gone.error().kind != ErrorKind::kNotFound)
        return fail(gone.error());
    }
    note = ", on the second try after: " + created.error().message +
           (lost.empty() ? "" : " (the first one, " + ids_text(lost) + ", whose secret was lost, destroyed)");
    created = client_->create_application(write.name, write.redirect_uri, write.scopes, write.confidential);
  }
  if (!created) return fail(created.error());
  const std::string text =
      "id " + std::to_string(created->application.id) + ", client id " + created->application.application_id;
  if (write.pending) write.pending->fill(created->application.application_id, std::move(created->secret));
  return text + note;
}

Result<std::string> GitlabProvider::destroy(const ApplicationWrite& write) {
  std::vector<long long> done;
  for (long long id : write.old_ids) {
    auto gone = client_->delete_application(id);
    if (!gone && gone.error().kind != ErrorKind::kNotFound) {
      Error e = gone.error();
      if (!done.empty()) e.message += " (already destroyed: " + ids_text(done) + ")";
      return fail(e);
    }
    done.push_back(id);
  }
  return "id " + ids_text(done);
}

Result<std::string> GitlabProvider::apply(const ResourceChange& change) {
  const auto* write = dynamic_cast<const ApplicationWrite*>(change.payload.get());
  if (write == nullptr || client_ == nullptr)
    return fail(Error::invalid("nothing planned for " + change.address.str()));
  switch (change.action) {
    case Action::kCreate:
    case Action::kReplace:  // its create step; its destroy step comes as a delete
      return create(*write);
    case Action::kUpdate: {
      auto updated = client_->update_application(write->id, write->name, write->scopes);
      if (!updated && updated.error().kind == ErrorKind::kNotFound) {
        return fail(Error{ErrorKind::kNotFound,
                          "application " + std::to_string(write->id) +
                              " was deleted since the plan; run linkform plan again",
                          404});
      }
      if (!updated) return fail(updated.error());
      return "id " + std::to_string(updated->id);
    }
    case Action::kDelete:
      return destroy(*write);
    case Action::kNoop:
    case Action::kManual:
    case Action::kBlocked:
      break;
  }
  return fail(Error::invalid(change.address.str() + " has no write to execute"));
}

// Reads the group's applications once more and compares each written one with what was sent.
std::vector<std::string> GitlabProvider::verify(const std::vector<const ResourceChange*>& written,
                                                bool /*show_environments*/) {
  if (client_ == nullptr || written.empty()) return {};
  auto listed = client_->list_applications();
  if (!listed)
    return {"GitLab: cannot read the group's applications back after apply to verify them: " +
            listed.error().message};
  std::vector<std::string> problems;
  for (const ResourceChange* change : written) verify_one(*change, *listed, problems);
  return problems;
}

void GitlabProvider::verify_one(const ResourceChange& change, const std::vector<RemoteApplication>& listed,
                                std::vector<std::string>& problems) const {
  const auto* write = dynamic_cast<const ApplicationWrite*>(change.payload.get());
  if (write == nullptr) return;
  const std::string who = change.address.str();
  if (change.action == Action::kDelete) {
    for (long long id : write->old_ids) {
      if (std::ranges::find(listed, id, &RemoteApplication::id) != listed.end())
        problems.push_back(who + ": GitLab still lists application " + std::to_string(id) +
                           " after destroying it");
    }
    return;
  }
  const RemoteApplication* found = nullptr;
  if (change.action == Action::kUpdate) {
    const auto it = std::ranges::find(listed, write->id, &RemoteApplication::id);
    found = it == listed.end() ? nullptr : &*it;
  } else if (const auto known = write->pending ? write->pending->get() : std::nullopt) {
    const auto it = std::ranges::find(listed, known->client_id, &RemoteApplication::application_id);
    found = it == listed.end() ? nullptr : &*it;
  }
  if (found == nullptr) {
    problems.push_back(who + ": GitLab answered the write, but the group's applications do not include it");
    return;
  }
  const auto differs = [&](const std::string& what, const std::string& sent, const std::string& back) {
    if (sent != back)
      problems.push_back(who + ": GitLab produced an inconsistent result after apply: " + what +
                         " was sent as \"" + sent + "\" but reads back as \"" + back + "\"");
  };
  differs("name", write->name, found->name);
  if (change.action != Action::kUpdate) {
    differs("redirect_uri", write->redirect_uri, found->callback_url);
    differs("confidential", write->confidential ? "true" : "false", found->confidential ? "true" : "false");
  }
  if (!found->scopes.empty() && sorted_set(found->scopes) != sorted_set(write->scopes))
    differs("scopes", joined(sorted_set(write->scopes), " "), joined(sorted_set(found->scopes), " "));
}

}  // namespace linkform::gitlab
