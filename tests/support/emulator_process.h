#pragma once
// Starts the real linkform-emulator binary on a free loopback port for one
// test, and drives its control API the way a person drives Bitbucket's UI.

#include <httplib.h>
#include <rapidjson/document.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support/binaries.h"

namespace linkform::testing {

struct CreatedConsumer {
  std::string key;
  std::string secret;
};

class EmulatorProcess {
 public:
  explicit EmulatorProcess(const std::vector<std::string>& extra_args = {}) {
    int out_pipe[2];
    if (::pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
    // Everything execv needs is made before fork: the child of a process with threads may not allocate.
    std::vector<std::string> args = {LINKFORM_EMULATOR_BINARY, "--port", "0"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out_pipe[1], 1);
      ::close(out_pipe[0]);
      ::close(out_pipe[1]);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out_pipe[1]);
    out_ = ::fdopen(out_pipe[0], "r");
    char line[256] = {};
    if (out_ == nullptr || std::fgets(line, sizeof line, out_) == nullptr) {
      throw std::runtime_error("linkform-emulator did not start");
    }
    const std::string first(line);
    const std::string prefix = "listening on ";
    if (!first.starts_with(prefix)) throw std::runtime_error("unexpected first line: " + first);
    url_ = first.substr(prefix.size());
    while (!url_.empty() && (url_.back() == '\n' || url_.back() == '\r')) url_.pop_back();
    port_ = std::stoi(url_.substr(url_.rfind(':') + 1));
  }

  ~EmulatorProcess() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    if (out_ != nullptr) std::fclose(out_);
  }

  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  [[nodiscard]] const std::string& url() const { return url_; }

  httplib::Result call(const std::string& method, const std::string& path, const std::string& body = "{}") {
    httplib::Client client("127.0.0.1", port_);
    // Generous: under sanitizers and a loaded machine the emulator can be slow, never absent.
    client.set_connection_timeout(30);
    client.set_read_timeout(60);
    client.set_write_timeout(60);
    if (method == "GET") return client.Get(path);
    if (method == "DELETE") return client.Delete(path);
    if (method == "PATCH") return client.Patch(path, body, "application/json");
    return client.Post(path, body, "application/json");
  }

  // Creates a consumer through the control API, as a person would in the UI.
  CreatedConsumer create_consumer(
      const std::string& permissions_json = R"(["account","repository","pullrequest"])",
      bool is_private = true, const std::string& name = "Frontegg Integration") {
    const std::string body = R"({"workspace":"acme","name":")" + name +
                             R"(","description":"OAuth consumer for the Frontegg MCP gateway",)"
                             R"("callback_url":"https://acme.mcp-gw.frontegg.com/integration-callback",)"
                             R"("url":"https://app.acme.example","private":)" +
                             (is_private ? "true" : "false") + R"(,"permissions":)" + permissions_json + "}";
    auto r = call("POST", "/_emulator/bitbucket/consumers", body);
    if (!r || r->status != 201) throw std::runtime_error("create consumer failed");
    rapidjson::Document d;
    d.Parse(r->body.c_str());
    return {d["key"].GetString(), d["secret"].GetString()};
  }

  std::string regenerate_secret(const std::string& key) {
    auto r = call("POST", "/_emulator/bitbucket/consumers/" + key + "/regenerate-secret");
    if (!r || r->status != 200) throw std::runtime_error("regenerate failed");
    rapidjson::Document d;
    d.Parse(r->body.c_str());
    return d["secret"].GetString();
  }

  // The stored connectors of an environment, secrets included.
  rapidjson::Document connectors(const std::string& environment) {
    auto r = call("GET", "/_emulator/frontegg/connectors?environment=" + environment);
    rapidjson::Document d;
    d.Parse(r ? r->body.c_str() : "[]");
    return d;
  }

  // Method and path of every vendor request received since the last clear.
  std::vector<std::string> requests() {
    auto r = call("GET", "/_emulator/requests");
    rapidjson::Document d;
    d.Parse(r ? r->body.c_str() : "[]");
    std::vector<std::string> out;
    for (const auto& e : d.GetArray())
      out.push_back(std::string(e["method"].GetString()) + " " + e["path"].GetString());
    return out;
  }
  void clear_requests() { call("DELETE", "/_emulator/requests"); }

  // The request log as the emulator serves it (method, path, status, environment_id, ...).
  rapidjson::Document request_log() {
    auto r = call("GET", "/_emulator/requests");
    rapidjson::Document d;
    d.Parse(r ? r->body.c_str() : "[]");
    return d;
  }

  // Adds a fault (a JSON body for POST /_emulator/faults); throws when the emulator refuses it.
  void add_fault(const std::string& json) {
    auto r = call("POST", "/_emulator/faults", json);
    if (!r || r->status != 201)
      throw std::runtime_error("fault refused: " + (r ? r->body : std::string("no reply")));
  }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  std::string url_;
  int port_ = 0;
};

}  // namespace linkform::testing
