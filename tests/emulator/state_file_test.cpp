// Seed and state files: a restart with the same state file keeps every
// consumer and connector; files are written whole; bad files fail the start.

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "providers/bitbucket/emulator_half.h"
#include "providers/emulator/state.h"
#include "providers/frontegg/emulator_half.h"
#include "tests/emulator/emulator_fixture.h"

namespace linkform::emulator::testing {
namespace {

namespace fs = std::filesystem;

class StateFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("linkform-emu-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  EmulatorOptions with_state() {
    EmulatorOptions o;
    o.state_file = (dir_ / "state.json").string();
    return o;
  }
  static std::string read(const fs::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  fs::path dir_;
};

// A seed file as the halves read it, each section in its half's own type.
struct TypedSeed {
  bitbucket::EmulatedBitbucket bitbucket;
  frontegg::EmulatedFrontegg frontegg;
};

Result<TypedSeed> load_typed_seed(const std::string& path) {
  const auto halves = make_halves({});
  if (!halves) return fail(halves.error());
  auto state = load_state_file(*halves, path);
  if (!state) return fail(state.error());
  return TypedSeed{bitbucket::BitbucketHalf::State::of(*state->section("bitbucket")),
                   frontegg::FronteggHalf::State::of(*state->section("frontegg"))};
}

TEST_F(StateFileTest, RestartWithTheSameStateKeepsConsumersAndConnectors) {
  std::vector<Consumer> consumers;
  std::string stored_before;
  std::string bitbucket_access_token;
  std::string dev_app;
  {
    auto emu = start_emulator(with_state());
    ASSERT_NE(emu, nullptr);
    EXPECT_TRUE(fs::exists(dir_ / "state.json")) << "the state file is written at start";
    httplib::Client c("127.0.0.1", emu->port());
    consumers = {create_consumer(c), create_consumer(c)};
    ASSERT_EQ(c.Post("/_emulator/bitbucket/consumers/" + consumers[1].key + "/regenerate-secret", "", kJson)
                  ->status,
              200);
    ASSERT_EQ(c.Delete("/_emulator/bitbucket/consumers/" + consumers[0].key)->status, 204);
    consumers[1].secret =
        parse(c.Get("/_emulator/state")->body)["bitbucket"]["consumers"][0]["secret"].GetString();
    bitbucket_access_token =
        parse(bitbucket_token(c, consumers[1].key, consumers[1].secret)->body)["access_token"].GetString();
    for (const char* env : {"dev", "prod"}) {
      const std::string token = frontegg_token(c, env);
      const std::string app = first_app_id(c, token);
      if (std::string(env) == "dev") dev_app = app;
      ASSERT_EQ(c.Post(kConnectors, bearer(token), connector_body(app, "a", std::string(env) + "-s"), kJson)
                    ->status,
                201);
      auto second = c.Post(kConnectors, bearer(token), connector_body(app, "b"), kJson);
      const std::string id = parse(second->body)["id"].GetString();
      ASSERT_EQ(
          c.Patch(std::string(kConnectors) + "/" + id, bearer(token), R"({"name":"Patched"})", kJson)->status,
          200);
    }
    stored_before = c.Get("/_emulator/frontegg/connectors")->body;
    EXPECT_EQ(parse(stored_before).Size(), 4u);
    // The file on disk already holds all of it.
    EXPECT_EQ(parse(read(dir_ / "state.json"))["frontegg"]["environments"][1]["connectors"].Size(), 2u);
  }
  auto emu = start_emulator(with_state());
  ASSERT_NE(emu, nullptr);
  httplib::Client c("127.0.0.1", emu->port());
  EXPECT_EQ(c.Get("/_emulator/frontegg/connectors")->body, stored_before);
  const auto listed = parse(c.Get("/_emulator/bitbucket/consumers")->body);
  ASSERT_EQ(listed.Size(), 1u);
  EXPECT_STREQ(listed[0]["key"].GetString(), consumers[1].key.c_str());
  EXPECT_EQ(bitbucket_token(c, consumers[1].key, consumers[1].secret)->status, 200);
  EXPECT_EQ(c.Get("/2.0/workspaces/acme", bearer(bitbucket_access_token))->status, 401)
      << "tokens do not survive";
  // Same applications, so connectors stay reachable through the vendor API.
  const std::string token = frontegg_token(c, "dev");
  EXPECT_EQ(first_app_id(c, token), dev_app);
  EXPECT_EQ(parse(c.Get(std::string(kConnectors) + "?appId=" + dev_app, bearer(token))->body).Size(), 2u);
}

TEST_F(StateFileTest, StateFileIsOwnerOnlyAndLeavesNoTemporaryFiles) {
  auto emu = start_emulator(with_state());
  ASSERT_NE(emu, nullptr);
  httplib::Client c("127.0.0.1", emu->port());
  for (int i = 0; i < 5; ++i) create_consumer(c);
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "state.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
  EXPECT_EQ(parse(read(dir_ / "state.json"))["bitbucket"]["consumers"].Size(), 5u);
}

// Issue 22: the state was written through "STATE.tmp.<pid>" without O_EXCL or O_NOFOLLOW, so a planted
// symlink received every secret, and a planted 0666 file kept its mode.
TEST_F(StateFileTest, APlantedSymlinkIsRefusedAndAPlantedFileBecomesOwnerOnly) {
  const fs::path elsewhere = dir_ / "elsewhere.json";
  fs::create_symlink(elsewhere, dir_ / "state.json");
  auto refused = start_with_halves(with_state());
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("it is a symlink"), std::string::npos) << refused.error().message;
  EXPECT_FALSE(fs::exists(elsewhere));
  fs::remove(dir_ / "state.json");
  {
    std::ofstream(dir_ / "state.json") << "{}";
    fs::permissions(dir_ / "state.json", fs::perms::all & ~(fs::perms::owner_exec | fs::perms::group_exec |
                                                            fs::perms::others_exec));
  }
  auto emu = start_emulator(with_state());  // writes the state at once
  ASSERT_NE(emu, nullptr);
  struct stat st {};
  ASSERT_EQ(::lstat((dir_ / "state.json").c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(StateFileTest, ResetReturnsToTheSeedNotToTheLoadedState) {
  {
    auto emu = start_emulator(with_state());
    httplib::Client c("127.0.0.1", emu->port());
    create_consumer(c);
  }
  auto emu = start_emulator(with_state());
  httplib::Client c("127.0.0.1", emu->port());
  EXPECT_EQ(parse(c.Get("/_emulator/bitbucket/consumers")->body).Size(), 1u);
  ASSERT_EQ(c.Post("/_emulator/reset", "", kJson)->status, 200);
  EXPECT_EQ(c.Get("/_emulator/bitbucket/consumers")->body, "[]");
  EXPECT_EQ(parse(read(dir_ / "state.json"))["bitbucket"]["consumers"].Size(), 0u);
}

TEST_F(StateFileTest, AStateFileThatCannotBeWrittenFailsTheStart) {
  EmulatorOptions o;
  o.state_file = (dir_ / "missing-dir" / "state.json").string();
  auto emu = start_with_halves(o);
  ASSERT_FALSE(emu);
  EXPECT_NE(emu.error().message.find("missing-dir"), std::string::npos) << emu.error().message;
}

TEST_F(StateFileTest, BadSeedAndStateFilesFailTheStartNamingTheFile) {
  const auto bad = dir_ / "bad.json";
  std::ofstream(bad) << R"({"frontegg":{"environments":[{"name":"x","client_id":"c"}]}})";
  EmulatorOptions o;
  o.seed_file = bad.string();
  auto emu = start_with_halves(o);
  ASSERT_FALSE(emu);
  EXPECT_NE(emu.error().message.find("bad.json"), std::string::npos) << emu.error().message;
  EXPECT_NE(emu.error().message.find("secret"), std::string::npos) << emu.error().message;

  std::ofstream(dir_ / "state.json") << "{ not json";
  auto from_state = start_with_halves(with_state());
  ASSERT_FALSE(from_state);
  EXPECT_NE(from_state.error().message.find("state.json"), std::string::npos);
}

TEST_F(StateFileTest, OptionsAreChecked) {
  EmulatorOptions o;
  o.host = "0.0.0.0";
  EXPECT_FALSE(start_with_halves(o));
  o.host = "127.0.0.1";
  o.frontegg_token_ttl_s = 0;
  EXPECT_FALSE(start_with_halves(o));
}

TEST(EmulatorPort, APortInUseIsAnErrorNotASharedPort) {
  auto first = start_emulator();
  ASSERT_NE(first, nullptr);
  EmulatorOptions o;
  o.port = first->port();
  auto second = start_with_halves(o);
  ASSERT_FALSE(second) << "two emulators share port " << first->port();
  EXPECT_NE(second.error().message.find(std::to_string(first->port())), std::string::npos)
      << second.error().message;
}

TEST(ExampleSeed, TheExampleSeedFileLoads) {
  const auto state = load_typed_seed(std::string(LINKFORM_SOURCE_DIR) + "/examples/emulator-seed.json");
  ASSERT_TRUE(state) << state.error().message;
  ASSERT_EQ(state->frontegg.environments.size(), 2u);
  EXPECT_EQ(state->frontegg.environments[0].templates.size(), 2u);  // every code host's
  EXPECT_EQ(state->frontegg.environments[1].templates[0].api_ids.size(), 3u);
  ASSERT_EQ(state->bitbucket.consumers.size(), 1u);
  // Its consumer can get a token straight away.
  EmulatorOptions o;
  o.seed_file = std::string(LINKFORM_SOURCE_DIR) + "/examples/emulator-seed.json";
  auto emu = start_emulator(o);
  ASSERT_NE(emu, nullptr);
  httplib::Client c("127.0.0.1", emu->port());
  const auto& consumer = state->bitbucket.consumers[0];
  auto r = bitbucket_token(c, consumer.key, consumer.secret);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
}

TEST(StateFormat, StateRoundTripsThroughItsJson) {
  const Halves halves = make_halves({}).value();
  const EmulatorState state = default_state(halves);
  const std::string text = state_json(state);
  const auto again = parse_state(halves, text);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(state_json(*again), text);
}

}  // namespace
}  // namespace linkform::emulator::testing
