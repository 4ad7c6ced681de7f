#include "providers/bitbucket/permissions.h"

#include <gtest/gtest.h>

namespace linkform::bitbucket {
namespace {

TEST(Permissions, TableHasEveryScopeOfTheDesign) {
  EXPECT_EQ(all_permissions().size(), 24U);
  EXPECT_EQ(find_permission("pullrequest:write")->checkbox, "Pull requests: Write");
  EXPECT_EQ(find_permission("project:write"), nullptr);
}

TEST(Permissions, ClosureIsTransitive) {
  const auto closed = close_permissions({"pullrequest:write"});
  EXPECT_EQ(closed,
            (std::set<std::string>{"pullrequest:write", "pullrequest", "repository:write", "repository"}));
  EXPECT_TRUE(close_permissions({"pipeline:variable"}).contains("pipeline"));
  EXPECT_TRUE(close_permissions({"project:admin"}).contains("repository"));
}

TEST(Permissions, RepositoryAdminImpliesNeitherReadNorWrite) {
  EXPECT_EQ(close_permissions({"repository:admin"}), (std::set<std::string>{"repository:admin"}));
}

TEST(Permissions, FormOrderPutsUnknownLast) {
  EXPECT_EQ(in_form_order({"zzz", "issue", "account"}),
            (std::vector<std::string>{"account", "issue", "zzz"}));
}

}  // namespace
}  // namespace linkform::bitbucket

namespace linkform::bitbucket {
namespace {

TEST(PermissionForApi, GuessesTheReadPermissionFromTheTemplatesApiName) {
  EXPECT_EQ(permission_for_api("bitbucket_pullrequests_list"), "pullrequest");
  EXPECT_EQ(permission_for_api("bitbucket_repositories_get"), "repository");
  EXPECT_EQ(permission_for_api("bitbucket_issues_list"), "issue");
  EXPECT_EQ(permission_for_api("Bitbucket_Pipelines_Run"), "pipeline");
  EXPECT_EQ(permission_for_api("bitbucket_search"), "");
}

}  // namespace
}  // namespace linkform::bitbucket
