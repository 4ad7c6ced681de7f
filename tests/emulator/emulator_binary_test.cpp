// The real linkform-emulator binary: its first stdout line, its flags, and a
// clean stop on SIGTERM.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <regex>

#include "tests/emulator/emulator_fixture.h"
#include "tests/support/binaries.h"
#include "tests/support/process.h"

namespace linkform::emulator::testing {
namespace {

const std::string kBinary = LINKFORM_EMULATOR_BINARY;

// A running emulator process whose stdout is a pipe.
class EmulatorProcess {
 public:
  explicit EmulatorProcess(std::vector<std::string> args) {
    int out[2];
    if (::pipe(out) != 0) return;
    // Made before fork: the child of a process with threads may not allocate.
    std::vector<char*> argv{const_cast<char*>(kBinary.c_str())};
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      ::close(out[1]);
      ::execv(kBinary.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    stdout_ = out[0];
  }
  ~EmulatorProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (stdout_ >= 0) ::close(stdout_);
  }
  // The first line on stdout, waiting up to 10 s for it.
  std::string first_line() {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{stdout_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char ch = 0;
      if (::read(stdout_, &ch, 1) != 1 || ch == '\n') return line;
      line.push_back(ch);
    }
    return line;
  }
  // The lines after the first, until one starts with "Control API" (waiting up to 10 s in all).
  std::vector<std::string> startup_lines() {
    std::vector<std::string> lines;
    for (int i = 0; i < 20; ++i) {
      lines.push_back(first_line());
      if (lines.back().starts_with("Control API") || lines.back().empty()) break;
    }
    return lines;
  }
  // Sends the signal and returns the exit status, or -1.
  int stop(int signal) {
    ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  int stdout_ = -1;
};

TEST(EmulatorBinary, PrintsWhereItListensServesAndStopsOnSigterm) {
  EmulatorProcess emu({"--port", "0", "--latency-ms", "0", "--token-ttl", "60"});
  const std::string line = emu.first_line();
  std::smatch m;
  ASSERT_TRUE(std::regex_match(line, m, std::regex(R"(listening on http://127\.0\.0\.1:(\d+))"))) << line;
  httplib::Client c("127.0.0.1", std::stoi(m[1]));
  auto r = c.Post("/auth/vendor", R"({"clientId":"prod-client-id","secret":"prod-secret"})", kJson);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(parse(r->body)["expiresIn"].GetInt(), 60) << "--token-ttl applies to Frontegg";
  EXPECT_EQ(emu.stop(SIGTERM), 0);
}

TEST(EmulatorBinary, StopsCleanlyOnSigint) {
  EmulatorProcess emu({});
  ASSERT_TRUE(emu.first_line().starts_with("listening on http://127.0.0.1:"));
  EXPECT_EQ(emu.stop(SIGINT), 0);
}

TEST(EmulatorBinary, BadFlagsAndFilesExitWithOneAndSayWhy) {
  struct Case {
    std::string args;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"--host 0.0.0.0", "--allow-non-loopback"},
      {"--port 70000", "port"},
      {"--seed /nonexistent/seed.json", "seed"},
      {"--seed " + std::string(LINKFORM_SOURCE_DIR) + "/CMakeLists.txt", "CMakeLists.txt"},
      {"--latency-ms -5", "latency"},
      {"--token-ttl 0", "token-ttl"},
      {"--no-such-flag", "no-such-flag"},
  };
  for (const auto& c : cases) {
    const auto result = linkform::testing::run_command(kBinary + " " + c.args + " </dev/null");
    EXPECT_EQ(result.exit_code, 1) << c.args << "\n" << result.output;
    EXPECT_NE(result.output.find(c.says), std::string::npos) << c.args << "\n" << result.output;
    EXPECT_EQ(result.output.find("listening on"), std::string::npos) << c.args;
  }
}

TEST(EmulatorBinary, HelpExitsZeroAndDescribesTheSeedAndTheControlApi) {
  const auto result = linkform::testing::run_command(kBinary + " --help");
  EXPECT_EQ(result.exit_code, 0);
  for (const char* says : {"--state", "prod-client-id", "Control API",
                           "frontegg/connectors/ID?environment=NAME", "bitbucket/consumers/KEY"}) {
    EXPECT_NE(result.output.find(says), std::string::npos) << says << "\n" << result.output;
  }
}

// After "listening on", a person learns what to configure linkform with: the seeded workspace, each
// environment's credentials and apps, and the control API.
TEST(EmulatorBinary, SaysWhatItServesAfterTheListeningLine) {
  EmulatorProcess emu({"--port", "0"});
  const std::string first = emu.first_line();
  ASSERT_TRUE(first.starts_with("listening on http://127.0.0.1:")) << first;
  const std::string url = first.substr(std::string("listening on ").size());
  std::string text;
  for (const auto& line : emu.startup_lines()) text += line + "\n";
  for (const std::string& says : std::vector<std::string>{
           "workspace acme", url + "/acme/workspace/settings/oauth-consumers/new", "FRONTEGG_BASE_URL=" + url,
           "environment dev: client_id dev-client-id, secret dev-secret",
           "environment prod: client_id prod-client-id", "\"Agen for Work\"", "account credentials",
           "Control API: " + url + "/_emulator/"}) {
    EXPECT_NE(text.find(says), std::string::npos) << says << "\n" << text;
  }
  EXPECT_EQ(emu.stop(SIGTERM), 0);
}

TEST(EmulatorBinary, PrintsItsVersionAndSuggestsTheFlagMeant) {
  const auto version = linkform::testing::run_command(kBinary + " --version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(version.output.starts_with("linkform-emulator ")) << version.output;
  const auto typo = linkform::testing::run_command(kBinary + " --latncy-ms 5 </dev/null");
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_NE(typo.output.find("did you mean \"--latency-ms\""), std::string::npos) << typo.output;
}

}  // namespace
}  // namespace linkform::emulator::testing
