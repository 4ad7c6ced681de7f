#include "providers/gitlab/emulator_template.h"

namespace linkform::gitlab {

namespace {
constexpr const char* kTemplate = R"({
  "integrationId": "gitlab",
  "name": "GitLab",
  "config": {
    "oauth": {
      "authorizationEndpoint": "https://gitlab.com/oauth/authorize",
      "tokenEndpoint": "https://gitlab.com/oauth/token"
    },
    "api": {"baseUrl": "https://gitlab.com/api/v4"},
    "scopes": {"read_api": "read_api", "read_user": "read_user", "read_repository": "read_repository",
               "write_repository": "write_repository"}
  },
  "apis": {
    "projects": {
      "list": {"id": "gitlab_projects_list", "name": "List projects",
               "description": "List the projects the user can see"},
      "get": {"id": "gitlab_projects_get", "name": "Get project", "description": "Get one project"}
    },
    "merge_requests": {
      "list": {"id": "gitlab_merge_requests_list", "name": "List merge requests",
               "description": "List the merge requests of a project"},
      "get": {"id": "gitlab_merge_requests_get", "name": "Get merge request",
              "description": "Get one merge request"}
    }
  }
})";
}  // namespace

const std::string& emulated_connector_template() {
  static const std::string text = kTemplate;
  return text;
}

}  // namespace linkform::gitlab
