#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include "tests/support/binaries.h"
#include "tests/support/cli_runner.h"
#include "tests/support/process.h"

namespace linkform {
namespace {

namespace fs = std::filesystem;
using testing::run_linkform;

TEST(ValidateCommand, EveryExampleIsValid) {
  int checked = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(LINKFORM_SOURCE_DIR) / "examples")) {
    if (entry.path().extension() != ".toml") continue;
    const auto run = run_linkform({"validate", "-c", entry.path().string()});
    EXPECT_EQ(run.exit_code, 0) << entry.path() << "\n" << run.err;
    EXPECT_EQ(run.err, "") << entry.path();
    ++checked;
  }
  EXPECT_GE(checked, 3);
}

TEST(ValidateCommand, PrintsASummaryOnSuccess) {
  const std::string file = std::string(LINKFORM_SOURCE_DIR) + "/examples/multi-environment.toml";
  const auto run = run_linkform({"validate", "--config", file});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, file + ": valid (2 consumers, 2 connectors, 2 Frontegg environments)\n");
}

TEST(ValidateCommand, DefaultsToLinkformTomlInTheWorkingDirectory) {
  const auto dir = fs::temp_directory_path() / "linkform_validate_default";
  fs::create_directories(dir);
  fs::copy_file(fs::path(LINKFORM_SOURCE_DIR) / "examples/production.toml", dir / "linkform.toml",
                fs::copy_options::overwrite_existing);
  const auto run = testing::run_command("cd '" + dir.string() + "' && '" + LINKFORM_BINARY + "' validate");
  fs::remove_all(dir);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, "linkform.toml: valid (1 consumer, 1 connector, 1 Frontegg environment)\n");
}

// Issue 22: linkform.toml committed as a symlink to /dev/zero grew without bound, to /dev/stdin hung, and to
// a file outside the tree was read and echoed.
TEST(ValidateCommand, AConfigurationSymlinkedToADeviceOrOutOfTheTreeEndsAtOnce) {
  const auto base = fs::temp_directory_path() / ("linkform_validate_links_" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::create_directories(base / "repo");
  std::ofstream(base / "outside.toml") << "[bitbucket]\nworkspace = \"leaked-value\"\n";
  for (const auto& [name, target] : std::vector<std::pair<std::string, fs::path>>{
           {"zero", "/dev/zero"}, {"stdin", "/dev/stdin"}, {"outside", base / "outside.toml"}}) {
    const auto link = base / "repo" / (name + ".toml");
    fs::create_symlink(target, link);
    const auto start = std::chrono::steady_clock::now();
    const auto run = run_linkform({"validate", "-c", link.string()});
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1)) << name;
    EXPECT_EQ(run.exit_code, 1) << name;
    EXPECT_NE(run.err.find("cannot read the configuration file"), std::string::npos)
        << name << ": " << run.err;
    EXPECT_EQ(run.err.find("leaked-value"), std::string::npos) << run.err;
  }
  fs::remove_all(base);
}

TEST(ValidateCommand, MissingFileIsAnError) {
  const auto run = run_linkform({"validate", "-c", "/nonexistent.toml"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("/nonexistent.toml: error: configuration file not found"), std::string::npos);
}

TEST(ValidateCommand, ThreeMistakesGiveThreeDiagnosticsAndExitOne) {
  const std::string file =
      std::string(LINKFORM_SOURCE_DIR) + "/tests/cli/invalid/three_independent_mistakes.toml";
  const auto run = run_linkform({"validate", "-c", file});
  EXPECT_EQ(run.exit_code, 1);
  const auto lines = testing::lines_of(run.err);
  ASSERT_EQ(lines.size(), 4U);
  EXPECT_TRUE(lines[0].starts_with(file + ":3:11: error: "));
  EXPECT_TRUE(lines[1].starts_with(file + ":13:27: error: "));
  EXPECT_TRUE(lines[2].starts_with(file + ":19:12: error: "));
  EXPECT_EQ(lines[3], file + ": 3 errors");
}

TEST(ValidateCommand, NeverReadsASecret) {
  // The secret file does not exist: validate must not notice.
  const auto dir = fs::temp_directory_path() / "linkform_validate_nosecret";
  fs::create_directories(dir);
  std::ifstream in(fs::path(LINKFORM_SOURCE_DIR) / "examples/production.toml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string from = "secret = { env = \"BITBUCKET_MCP_SECRET\" }";
  text.replace(text.find(from), from.size(), "secret = { file = \"missing.txt\" }");
  std::ofstream(dir / "linkform.toml") << text;
  const auto run = run_linkform({"validate", "-c", (dir / "linkform.toml").string()});
  fs::remove_all(dir);
  EXPECT_EQ(run.exit_code, 0) << run.err;
}

// A listening socket on loopback that counts the connections made to it.
class CountingListener {
 public:
  CountingListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    ::fcntl(fd_, F_SETFL, O_NONBLOCK);
  }
  ~CountingListener() { ::close(fd_); }
  CountingListener(const CountingListener&) = delete;
  CountingListener& operator=(const CountingListener&) = delete;
  [[nodiscard]] int port() const { return port_; }
  int accepted() {
    int n = 0;
    for (int c = ::accept(fd_, nullptr, nullptr); c >= 0; c = ::accept(fd_, nullptr, nullptr)) {
      ::close(c);
      ++n;
    }
    return n;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(ValidateCommand, OpensNoNetworkConnection) {
  CountingListener listener;
  ASSERT_GT(listener.port(), 0);
  const std::string url = "http://127.0.0.1:" + std::to_string(listener.port());
  const std::string env =
      "env -i FRONTEGG_BASE_URL=" + url + " LINKFORM_BITBUCKET_API_URL=" + url +
      " LINKFORM_BITBUCKET_OAUTH_URL=" + url +
      " FRONTEGG_CLIENT_ID=id FRONTEGG_SECRET=s BITBUCKET_MCP_KEY=k BITBUCKET_MCP_SECRET=s ";
  const auto run = testing::run_command(env + "'" + LINKFORM_BINARY +
                                        "' validate -c '" LINKFORM_SOURCE_DIR "/examples/quickstart.toml'");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(listener.accepted(), 0);
  // The listener does count: one real connection is seen.
  const int client = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(listener.port()));
  ASSERT_EQ(::connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ::usleep(20'000);
  EXPECT_EQ(listener.accepted(), 1);
  ::close(client);
}

TEST(Cli, VersionPrintsTheVersionAndTheCommit) {
  const auto run = run_linkform({"version"});
  EXPECT_EQ(run.exit_code, 0);
  std::smatch m;
  ASSERT_TRUE(std::regex_match(
      run.out, m, std::regex(R"(linkform \d+\.\d+\.\d+ \(commit ([0-9a-f]{12}(-modified)?|unknown)\)\n)")))
      << run.out;
  // Built from this checkout: the commit it is at (the build that ran these tests wrote it).
  const std::string git =
      "git -C " + std::string(LINKFORM_SOURCE_DIR) + " rev-parse --short=12 HEAD 2>/dev/null";
  if (FILE* pipe = ::popen(git.c_str(), "r")) {
    char head[64] = {};
    const bool read = std::fgets(head, sizeof head, pipe) != nullptr;
    ::pclose(pipe);
    if (read) {
      EXPECT_EQ(m[1].str().substr(0, 12), std::string(head).substr(0, 12)) << run.out;
    }
  }
}

TEST(Cli, HelpListsOnlyWorkingCommandsAndExitCodes) {
  const auto run = run_linkform({"--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("validate"), std::string::npos);
  EXPECT_NE(run.out.find("Exit codes"), std::string::npos);
  EXPECT_NE(run.out.find("\n  plan "), std::string::npos);
  EXPECT_NE(run.out.find("\n  apply "), std::string::npos);
  EXPECT_NE(run.out.find("\n  show "), std::string::npos);
  EXPECT_NE(run.out.find("\n  fmt "), std::string::npos);  // it works now (through Taplo)
  EXPECT_NE(run.out.find("\n  completion "), std::string::npos);
}

TEST(Cli, UnknownCommandSuggestsTheClosestOne) {
  const auto run = run_linkform({"valdate"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err,
            "linkform: unknown command \"valdate\" (did you mean \"validate\"?)\n"
            "Run 'linkform --help' for the list of commands.\n");
}

TEST(Cli, UnknownFlagSuggestsTheClosestOneAndTheCommandsHelp) {
  const auto run = run_linkform({"plan", "--detailed-exit-code"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err,
            "linkform: The following argument was not expected: --detailed-exit-code (did you mean "
            "\"--detailed-exitcode\"?)\n"
            "Run 'linkform plan --help' for usage.\n");
}

TEST(Cli, TimeoutsAreBoundedWithAPlainMessage) {
  for (const std::string value : {"0", "-1", "1e300", "nan"}) {
    const auto run = run_linkform({"plan", "--timeout", value});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.err, "linkform: --timeout: must be above 0 and at most 86400 seconds, not " + value +
                           "\nRun 'linkform plan --help' for usage.\n");
  }
  const auto run = run_linkform({"apply", "--connect-timeout", "soon"});
  EXPECT_EQ(run.err,
            "linkform: --connect-timeout: \"soon\" is not a number of seconds\n"
            "Run 'linkform apply --help' for usage.\n");
}

// Under --json every error is the one JSON error document on stderr, configuration errors included.
TEST(Cli, ConfigurationErrorsUnderJsonAreTheJsonErrorDocument) {
  const auto run = run_linkform({"plan", "--json", "-c", "/nonexistent/linkform.toml"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(
      run.err,
      "{\"format_version\":\"1.0\",\"error\":{\"message\":\"/nonexistent/linkform.toml: the configuration "
      "has errors\\n/nonexistent/linkform.toml: error: configuration file not found (use -c FILE to name "
      "another)\"}}\n");
  const auto show = run_linkform({"show", "--json", "/nonexistent/saved.plan"});
  EXPECT_EQ(show.exit_code, 1);
  EXPECT_EQ(
      show.err,
      "{\"format_version\":\"1.0\",\"error\":{\"message\":\"cannot read plan file /nonexistent/saved.plan: "
      "not found\"}}\n");
}

TEST(Cli, NoCommandIsAnError) {
  const auto run = run_linkform({});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("a command is required"), std::string::npos);
}

TEST(Cli, UnknownOptionIsAnError) {
  const auto run = run_linkform({"validate", "--frobnicate"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--frobnicate"), std::string::npos);
}

}  // namespace
}  // namespace linkform
