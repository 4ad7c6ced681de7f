#pragma once
// GitLab's Group Applications API (README, vendor assumptions: GitLab 19.6, group Owner):
//   GET    /api/v4/groups/:group/applications            the group's applications, paginated
//   POST   /api/v4/groups/:group/applications            201, with the secret (the only time it is shown)
//   PUT    /api/v4/groups/:group/applications/:id        name and scopes only
//   DELETE /api/v4/groups/:group/applications/:id        204
// Every request carries the token as PRIVATE-TOKEN. Errors name the request and GitLab's message, with the
// token and any secret masked.

#include <string>
#include <vector>

#include "core/error.h"
#include "core/http.h"
#include "core/secret.h"

namespace linkform::gitlab {

// An application as GitLab lists it: never its secret.
struct RemoteApplication {
  long long id = 0;            // GitLab's numeric id: what the path names
  std::string application_id;  // the OAuth client id
  std::string name;
  std::string callback_url;  // the redirect URI(s), one per line
  bool confidential = true;
  std::vector<std::string> scopes;
};

struct CreatedApplication {
  RemoteApplication application;
  Secret secret;  // the client secret: in memory only
};

class GitlabClient {
 public:
  // `url`: the instance ("https://gitlab.com"); `group`: its path or numeric id.
  GitlabClient(HttpTransport& transport, std::string url, std::string group, Secret token);

  // Every page (100 a page, following x-next-page; at most 50 pages).
  Result<std::vector<RemoteApplication>> list_applications();
  Result<CreatedApplication> create_application(const std::string& name, const std::string& redirect_uri,
                                                const std::vector<std::string>& scopes, bool confidential);
  Result<RemoteApplication> update_application(long long id, const std::string& name,
                                               const std::vector<std::string>& scopes);
  // A 404 is kNotFound: already gone.
  Status delete_application(long long id);

 private:
  Result<HttpResponse> call(const std::string& method, const std::string& path, const std::string& body,
                            const std::vector<const Secret*>& secrets);
  [[nodiscard]] std::string applications_path() const;

  HttpTransport& transport_;
  std::string url_;
  std::string group_;
  Secret token_;
};

// Parses one application object (list, update, create); `what` names the request in errors.
Result<RemoteApplication> parse_application(std::string_view body, std::string_view what);
Result<std::vector<RemoteApplication>> parse_applications(std::string_view body, std::string_view what);
// GitLab's error text of a reply body: "message" (a string, or field -> messages), else "error" with its
// "error_description"; empty when the body is neither.
std::string gitlab_message(std::string_view body);

}  // namespace linkform::gitlab
