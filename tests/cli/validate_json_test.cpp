// linkform validate --json: the same diagnostics as the text, each with its file, line and column, in one
// JSON document on stdout (for editors and CI annotations), and the same exit code.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "tests/support/cli_runner.h"

namespace linkform {
namespace {

using testing::run_linkform;

rapidjson::Document parsed(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str(), text.size());
  EXPECT_FALSE(doc.HasParseError()) << text;
  return doc;
}

TEST(ValidateJson, EveryDiagnosticWithItsFileLineAndColumn) {
  const std::string file =
      std::string(LINKFORM_SOURCE_DIR) + "/tests/cli/invalid/three_independent_mistakes.toml";
  const auto run = run_linkform({"validate", "--json", "-c", file});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, "");
  const auto doc = parsed(run.out);
  ASSERT_TRUE(doc.IsObject());
  EXPECT_STREQ(doc["format_version"].GetString(), "1.0");
  EXPECT_FALSE(doc["valid"].GetBool());
  EXPECT_EQ(doc["error_count"].GetInt(), 3);
  EXPECT_TRUE(doc["resources"].IsNull());
  const auto& diagnostics = doc["diagnostics"];
  ASSERT_EQ(diagnostics.Size(), 3U);
  const int expected[3][2] = {{3, 11}, {13, 27}, {19, 12}};  // as the text output has them
  const auto text = run_linkform({"validate", "-c", file});
  for (rapidjson::SizeType i = 0; i < 3; ++i) {
    const auto& d = diagnostics[i];
    EXPECT_STREQ(d["severity"].GetString(), "error");
    EXPECT_EQ(d["file"].GetString(), file);
    EXPECT_EQ(d["line"].GetInt(), expected[i][0]);
    EXPECT_EQ(d["column"].GetInt(), expected[i][1]);
    EXPECT_NE(text.err.find(std::string(d["message"].GetString())), std::string::npos)
        << d["message"].GetString();
  }
}

TEST(ValidateJson, AValidFileSaysWhatItDeclares) {
  const auto run = run_linkform(
      {"validate", "--json", "-c", std::string(LINKFORM_SOURCE_DIR) + "/examples/quickstart.toml"});
  EXPECT_EQ(run.exit_code, 0) << run.out;
  const auto doc = parsed(run.out);
  EXPECT_TRUE(doc["valid"].GetBool());
  EXPECT_EQ(doc["diagnostics"].Size(), 0U);
  EXPECT_EQ(doc["resources"]["consumers"].GetInt(), 1);
  EXPECT_EQ(doc["resources"]["connectors"].GetInt(), 1);
}

TEST(ValidateJson, AMissingFileIsADiagnosticWithoutALine) {
  const auto run = run_linkform({"validate", "--json", "-c", "/nonexistent.toml"});
  EXPECT_EQ(run.exit_code, 1);
  const auto doc = parsed(run.out);
  ASSERT_EQ(doc["diagnostics"].Size(), 1U);
  EXPECT_TRUE(doc["diagnostics"][0]["line"].IsNull());
  EXPECT_NE(std::string(doc["diagnostics"][0]["message"].GetString()).find("configuration file not found"),
            std::string::npos);
}

}  // namespace
}  // namespace linkform
