// ConfigTable (core/config_reader.h) on its own, without any provider's sections: the shape diagnostics
// every section's reader relies on.

#include "core/config_reader.h"

#include <gtest/gtest.h>

namespace linkform {
namespace {

std::vector<std::string> lines_of(const Diagnostics& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags.all()) out.push_back(format_diagnostic(d));
  return out;
}

TEST(ConfigReader, ReportsInvalidTomlAtItsPlace) {
  Diagnostics diags;
  EXPECT_FALSE(parse_config_table("[a\n", "x.toml", diags));
  ASSERT_EQ(diags.error_count(), 1);
  EXPECT_EQ(diags.all()[0].where.line, 1);
  EXPECT_NE(diags.all()[0].message.find("invalid TOML: "), std::string::npos);
}

TEST(ConfigReader, ReadsValuesAndReportsWhatIsLeft) {
  Diagnostics diags;
  auto root =
      parse_config_table("[s]\nname = \"n\"\nflag = 3\nnmae2 = 1\nlist = [\"a\", 2]\n", "x.toml", diags);
  ASSERT_TRUE(root);
  auto s = root->table("s", "[s]", nullptr);
  ASSERT_TRUE(s);
  KeyLocations keys;
  EXPECT_EQ(s->string("name", &keys), "n");
  EXPECT_EQ(keys.at("name").line, 2);
  EXPECT_FALSE(s->boolean("flag", &keys));
  const auto list = s->string_array("list", &keys);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1U);
  EXPECT_EQ((*list)[0].value, "a");
  s->missing("other", "something");
  EXPECT_EQ(s->finish({"name", "flag", "list", "name2"}), 1);
  root->finish({"s"});
  EXPECT_EQ(lines_of(diags),
            (std::vector<std::string>{
                "x.toml:3:8: error: \"flag\" in [s] must be true or false, not an integer",
                "x.toml:5:14: error: items of \"list\" in [s] must be strings, not an integer",
                "x.toml:1:1: error: missing required key \"other\" in [s]: something",
                "x.toml:4:1: error: unknown key \"nmae2\" in [s] (did you mean \"name2\"?)",
            }));
}

TEST(ConfigReader, AMisspelledRequiredKeyIsOnlyUnknown) {
  Diagnostics diags;
  auto root = parse_config_table("nmae = \"n\"\n", "x.toml", diags);
  ASSERT_TRUE(root);
  root->missing("name", "the name");
  root->finish({"name"});
  ASSERT_EQ(diags.error_count(), 1);
  EXPECT_NE(diags.all()[0].message.find("unknown key \"nmae\""), std::string::npos);
}

// Issue 22: a table name becomes an address, which bash completion used to evaluate: only a plain set of
// characters is a name, and a refused one is shown escaped.
TEST(ConfigReader, ATableNameOutsideTheSafeSetIsRefusedAndSkipped) {
  Diagnostics diags;
  auto root = parse_config_table(
      "[t.\"$(touch${IFS}/tmp/PWNED)\"]\n[t.\"`id`\"]\n[t.\"a\\u001b[31m\"]\n[t.\"Good name-1.x_y\"]\n",
      "x.toml", diags);
  ASSERT_TRUE(root);
  auto t = root->table("t", "[t]", nullptr);
  std::vector<std::string> names;
  t->for_each_table("[t.", ConfigTable::Order::kFile,
                    [&](const std::string& name, ConfigTable&, SourceLocation) { names.push_back(name); });
  EXPECT_EQ(names, (std::vector<std::string>{"Good name-1.x_y"}));
  ASSERT_EQ(diags.error_count(), 3);
  EXPECT_NE(diags.all()[0].message.find("a table name becomes a resource address"), std::string::npos);
  EXPECT_NE(format_diagnostic(diags.all()[2]).find("a\\x1b[31m"), std::string::npos);
  EXPECT_EQ(format_diagnostic(diags.all()[2]).find('\x1b'), std::string::npos);
  EXPECT_FALSE(is_safe_table_name(std::string(129, 'a')));
  EXPECT_TRUE(is_safe_table_name(std::string(128, 'a')));
}

TEST(ConfigReader, NamedTablesComeInFileOrderOrKeyOrder) {
  Diagnostics diags;
  auto root = parse_config_table("[t.zeta]\n[t.alpha]\n[t]\nbad = 1\n", "x.toml", diags);
  ASSERT_TRUE(root);
  auto t = root->table("t", "[t]", nullptr);
  ASSERT_TRUE(t);
  std::vector<std::string> names;
  const auto collect = [&](const std::string& name, ConfigTable& table, SourceLocation where) {
    names.push_back(name + "@" + std::to_string(where.line) + " " + table.display());
  };
  t->for_each_table("[t.", ConfigTable::Order::kFile, collect);
  t->for_each_table("[t.", ConfigTable::Order::kKey, collect);
  EXPECT_EQ(names, (std::vector<std::string>{"zeta@1 [t.zeta]", "alpha@2 [t.alpha]", "alpha@2 [t.alpha]",
                                             "zeta@1 [t.zeta]"}));
  // "bad" is not a table: reported once per pass.
  EXPECT_EQ(diags.error_count(), 2);
  EXPECT_NE(diags.all()[0].message.find("[t.bad] must be a table, not an integer"), std::string::npos);
}

TEST(ConfigReader, CredentialsAreReferencesAndSecretsAreNeverLiterals) {
  Diagnostics diags;
  auto root = parse_config_table(
      "id = \"literal\"\nsecret = \"oops\"\nkey = { env = \"K\" }\nfile = { file = \"s/k.txt\" }\n"
      "both = { env = \"A\", file = \"b\" }\n",
      "conf/x.toml", diags);
  ASSERT_TRUE(root);
  const auto id = root->credential("id", true, nullptr, "conf");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->kind, CredentialSource::Kind::kLiteral);
  EXPECT_FALSE(id->masked);
  EXPECT_FALSE(root->credential("secret", false, nullptr, "conf"));
  const auto key = root->credential("key", false, nullptr, "conf");
  ASSERT_TRUE(key);
  EXPECT_EQ(key->kind, CredentialSource::Kind::kEnv);
  EXPECT_TRUE(key->masked);
  const auto file = root->credential("file", false, nullptr, "conf");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->ref, "conf/s/k.txt");
  EXPECT_FALSE(root->credential("both", false, nullptr, "conf"));
  ASSERT_EQ(diags.error_count(), 2);
  EXPECT_NE(diags.all()[0].message.find("\"secret\" in the configuration is a literal secret"),
            std::string::npos);
  EXPECT_NE(diags.all()[1].message.find("must name either env or file, not both"), std::string::npos);
}

TEST(ConfigReader, AStringMapKeepsItsStringsAndReportsTheRest) {
  Diagnostics diags;
  auto root = parse_config_table("m = { a = \"1\", b = 2 }\n", "x.toml", diags);
  ASSERT_TRUE(root);
  KeyLocations keys;
  const auto m = root->string_map("m", &keys);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, (std::map<std::string, std::string>{{"a", "1"}}));
  EXPECT_TRUE(keys.contains("m"));
  ASSERT_EQ(diags.error_count(), 1);
  EXPECT_EQ(diags.all()[0].message, "values of \"m\" in the configuration must be strings, not an integer");
}

}  // namespace
}  // namespace linkform
