// The emulator's Code Insights endpoints (providers/bitbucket/emulator_reports.h), as plain calls: the
// rules of Bitbucket's reports.yaml that a body is checked against, and replacement by id.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "providers/bitbucket/emulator_reports.h"

namespace linkform::bitbucket {
namespace {

constexpr const char* kReport = "/2.0/repositories/acme/infra/commit/0123abcd/reports/linkform-1";

std::string annotations_json(int from, int count) {
  std::string out = "[";
  for (int i = from; i < from + count; ++i) {
    out.append(i > from ? "," : "")
        .append(R"({"external_id":"a)")
        .append(std::to_string(i))
        .append(
            R"(","annotation_type":"CODE_SMELL","summary":"s","severity":"LOW","path":"linkform.toml","line":3})");
  }
  return out + "]";
}

int size_of(const emulator::Reply& r) {
  rapidjson::Document d;
  d.Parse(r.body.c_str());
  return d.IsObject() && d.HasMember("size") ? d["size"].GetInt() : -1;
}

class ReportsEmulatorTest : public ::testing::Test {
 protected:
  emulator::Reply call(const char* method, const std::string& path, const std::string& body = "") {
    return reports_.handle(method, path, body, true);
  }
  ReportsEmulator reports_;
};

TEST_F(ReportsEmulatorTest, OwnsOnlyTheReportsPathsOfACommit) {
  EXPECT_TRUE(ReportsEmulator::owns_path(kReport));
  EXPECT_TRUE(ReportsEmulator::owns_path("/2.0/repositories/acme/infra/commit/0123abcd/reports"));
  EXPECT_FALSE(ReportsEmulator::owns_path("/2.0/repositories/acme/infra"));
  EXPECT_FALSE(ReportsEmulator::owns_path("/2.0/workspaces/acme"));
}

TEST_F(ReportsEmulatorTest, AValidReportIsStoredAndSaysWhatItWasCheckedAgainst) {
  const auto put = call("PUT", kReport,
                        R"({"title":"linkform plan","report_type":"TEST","result":"PASSED",
                            "data":[{"title":"To add","type":"NUMBER","value":1}]})");
  EXPECT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.schema_check, "reports.yaml#/components/schemas/report: valid");
  const auto got = call("GET", kReport);
  ASSERT_EQ(got.status, 200);
  rapidjson::Document d;
  d.Parse(got.body.c_str());
  EXPECT_STREQ(d["type"].GetString(), "report");
  EXPECT_STREQ(d["external_id"].GetString(), "linkform-1");
  EXPECT_TRUE(d.HasMember("uuid") && d.HasMember("created_on") && d.HasMember("updated_on"));
}

TEST_F(ReportsEmulatorTest, ABodyThatBreaksTheSchemaIsA400ThatNamesTheRule) {
  const struct {
    const char* body;
    const char* rule;
  } cases[] = {
      {R"({"report_type":"PLAN"})", "report_type must be one of SECURITY, COVERAGE, TEST, BUG"},
      {R"({"result":"OK"})", "result must be one of PASSED, FAILED, PENDING"},
      {R"({"title":7})", "title must be a string"},
      {R"({"data":[{"type":"NUMBER","value":"one"}]})", "data.value does not fit its type NUMBER"},
      {R"({"data":[{"type":"PERCENTAGE","value":101}]})", "data.value does not fit its type PERCENTAGE"},
      {R"({"data":[{"type":"GRAPH","value":1}]})", "data.type must be one of"},
      {R"([1])", "the report must be a JSON object"},
  };
  for (const auto& c : cases) {
    const auto r = call("PUT", kReport, c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    EXPECT_NE(r.body.find(c.rule), std::string::npos) << c.body << " -> " << r.body;
    EXPECT_NE(r.schema_check.find(": invalid: "), std::string::npos) << r.schema_check;
  }
  std::string eleven = R"({"data":[)";
  for (int i = 0; i < 11; ++i)
    eleven.append(i ? "," : "").append(R"({"title":"n","type":"NUMBER","value":1})");
  const auto r = call("PUT", kReport, eleven + "]}");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("at most 10"), std::string::npos) << r.body;
}

TEST_F(ReportsEmulatorTest, AnnotationsComeAtMost100PerRequestAnd1000PerReport) {
  ASSERT_EQ(call("PUT", kReport, R"({"title":"t"})").status, 200);
  const std::string annotations = std::string(kReport) + "/annotations";
  EXPECT_EQ(call("POST", annotations, annotations_json(0, 101)).status, 400);
  EXPECT_EQ(call("POST", annotations, "[]").status, 400);
  for (int batch = 0; batch < 10; ++batch) {
    const auto r = call("POST", annotations, annotations_json(batch * 100, 100));
    ASSERT_EQ(r.status, 200) << r.body;
  }
  EXPECT_EQ(size_of(call("GET", annotations)), 1000);
  const auto over = call("POST", annotations, annotations_json(1000, 1));
  EXPECT_EQ(over.status, 400);
  EXPECT_NE(over.body.find("at most 1000"), std::string::npos) << over.body;
  // The same external id updates in place, also at the limit.
  EXPECT_EQ(call("POST", annotations, annotations_json(0, 1)).status, 200);
  EXPECT_EQ(size_of(call("GET", annotations)), 1000);
}

TEST_F(ReportsEmulatorTest, AnAnnotationBreakingTheSchemaIsRefused) {
  ASSERT_EQ(call("PUT", kReport, R"({"title":"t"})").status, 200);
  const std::string annotations = std::string(kReport) + "/annotations";
  for (const char* body :
       {R"([{"external_id":"a","annotation_type":"NOTE"}])", R"([{"external_id":"a","severity":"URGENT"}])",
        R"([{"external_id":"a","result":"PENDING"}])", R"([{"external_id":"a","line":0}])",
        R"([{"summary":"no id"}])"}) {
    EXPECT_EQ(call("POST", annotations, body).status, 400) << body;
  }
}

TEST_F(ReportsEmulatorTest, DeletingAReportDropsItsAnnotationsAndAPutKeepsThem) {
  ASSERT_EQ(call("PUT", kReport, R"({"title":"t"})").status, 200);
  const std::string annotations = std::string(kReport) + "/annotations";
  ASSERT_EQ(call("POST", annotations, annotations_json(0, 3)).status, 200);
  ASSERT_EQ(call("PUT", kReport, R"({"title":"again"})").status, 200);
  EXPECT_EQ(size_of(call("GET", annotations)), 3);  // what Bitbucket does here is not documented
  EXPECT_EQ(call("DELETE", kReport).status, 204);
  EXPECT_EQ(call("GET", kReport).status, 404);
  EXPECT_EQ(call("POST", annotations, annotations_json(0, 1)).status, 404);
}

TEST_F(ReportsEmulatorTest, WithoutAuthenticationIts401) {
  EXPECT_EQ(reports_.handle("PUT", kReport, R"({"title":"t"})", false).status, 401);
}

}  // namespace
}  // namespace linkform::bitbucket
