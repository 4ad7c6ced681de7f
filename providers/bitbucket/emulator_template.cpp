#include "providers/bitbucket/emulator_template.h"

namespace linkform::bitbucket {

namespace {
constexpr const char* kTemplate = R"({
  "integrationId": "bitbucket",
  "name": "Bitbucket",
  "config": {
    "oauth": {
      "authorizationEndpoint": "https://bitbucket.org/site/oauth2/authorize",
      "tokenEndpoint": "https://bitbucket.org/site/oauth2/access_token"
    },
    "api": {"baseUrl": "https://api.bitbucket.org/2.0"},
    "scopes": {"account": "account", "repository": "repository", "pullrequest": "pullrequest", "issue": "issue"}
  },
  "apis": {
    "repositories": {
      "list": {"id": "bitbucket_repositories_list", "name": "List repositories",
               "description": "List the repositories of a workspace"},
      "get": {"id": "bitbucket_repositories_get", "name": "Get repository",
              "description": "Get one repository"}
    },
    "pullrequests": {
      "list": {"id": "bitbucket_pullrequests_list", "name": "List pull requests",
               "description": "List the pull requests of a repository"},
      "get": {"id": "bitbucket_pullrequests_get", "name": "Get pull request",
              "description": "Get one pull request"}
    },
    "issues": {
      "list": {"id": "bitbucket_issues_list", "name": "List issues",
               "description": "List the issues of a repository"}
    }
  }
})";
}  // namespace

const std::string& emulated_connector_template() {
  static const std::string text = kTemplate;
  return text;
}

}  // namespace linkform::bitbucket
