// Issue 6's fault matrix: for a create-path apply and an update-path apply,
// for every request the apply sends and every fault the emulator can inject,
// the apply either succeeds or exits 1 naming the failed call, and a clean
// run afterwards converges to exactly one correctly configured connector.

#include <gmock/gmock.h>

#include <cstdio>

#include "tests/e2e/e2e_fixture.h"

namespace linkform::testing {
namespace {

struct Request {
  std::string method;
  std::string path;    // without the query
  int occurrence = 0;  // how many earlier requests had the same method and path
};

struct FaultCase {
  std::string name;
  std::string body;  // the fault without method, path, skip and count
  int count = 1;     // 1: a passing fault retries absorb; 10: one that outlasts them
};

const std::vector<FaultCase>& fault_cases() {
  static const std::vector<FaultCase> cases = {
      {"500", R"("kind":"status","status":500)"},
      {"502", R"("kind":"status","status":502)"},
      {"503", R"("kind":"status","status":503)"},
      {"429 with reset", R"("kind":"rate_limit","reset_after_ms":300)"},
      {"dropped connection", R"("kind":"drop")"},
      {"delay past the client timeout", R"("kind":"latency","latency_ms":1500)"},
      {"truncated body", R"("kind":"truncate")"},
      {"503 that outlasts the retries", R"("kind":"status","status":503)", 10},
      {"connection dropped every time", R"("kind":"drop")", 10},
  };
  return cases;
}

class FaultMatrix : public E2E {
 protected:
  // Back to the start seed with a fresh consumer; for the update path, the
  // connector exists and has drifted (renamed), so apply sends a PATCH.
  void prepare(bool update_path) {
    emulator_.call("POST", "/_emulator/reset");
    emulator_.call("DELETE", "/_emulator/faults");
    keys_.clear();
    create_consumer();
    if (update_path) {
      ASSERT_EQ(linkform({"apply", "--auto-approve"}).exit_code, 0);
      const auto stored = emulator_.connectors("prod");
      ASSERT_EQ(stored.Size(), 1U);
      const std::string id = stored[0]["id"].GetString();
      const std::string body =
          std::string(R"({"appId":")") + stored[0]["appId"].GetString() + R"(","name":"Drifted"})";
      ASSERT_EQ(frontegg("PATCH", "/app-integrations/resources/custom-integrations/v1/" + id, body)->status,
                200);
    }
    emulator_.clear_requests();
  }

  std::vector<Request> requests_of_a_clean_apply(bool update_path) {
    prepare(update_path);
    EXPECT_EQ(linkform({"apply", "--auto-approve"}).exit_code, 0);
    std::vector<Request> out;
    std::map<std::string, int> seen;
    for (const auto& line : emulator_.requests()) {
      const auto space = line.find(' ');
      Request r{line.substr(0, space), line.substr(space + 1), 0};
      // Connector ids change with every reset: match them with a wildcard.
      r.path =
          std::regex_replace(r.path.substr(0, r.path.find('?')),
                             std::regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "*");
      r.occurrence = seen[r.method + " " + r.path]++;
      out.push_back(r);
    }
    return out;
  }

  // The connector is there once, and as the configuration says.
  bool converged(std::string& why) {
    const auto stored = emulator_.connectors("prod");
    if (stored.Size() != 1) {
      why = std::to_string(stored.Size()) + " connectors";
      return false;
    }
    const auto& c = stored[0];
    const bool right =
        std::string(c["name"].GetString()) == "Bitbucket" && c["isActive"].GetBool() &&
        c["configuration"]["clientSecret"].GetString() == env_["BITBUCKET_MCP_SECRET"] &&
        c["configuration"]["clientId"].GetString() == env_["BITBUCKET_MCP_KEY"] &&
        std::string(c["configuration"]["customConfiguration"]["workspace"].GetString()) == "acme";
    if (!right) why = "the connector is not as configured";
    return right;
  }

  // One cell; returns an empty string when it held, else why not.
  int succeeded_ = 0;
  int failed_clearly_ = 0;

  std::string run_cell(bool update_path, const Request& at, const FaultCase& fault) {
    prepare(update_path);
    const std::string body = "{" + fault.body + R"(,"method":")" + at.method + R"(","path":")" + at.path +
                             R"(","skip":)" + std::to_string(at.occurrence) + R"(,"count":)" +
                             std::to_string(fault.count) + "}";
    auto added = emulator_.call("POST", "/_emulator/faults", body);
    if (!added || added->status != 201) return "the emulator refused the fault " + body;
    const auto faulted = linkform({"apply", "--auto-approve", "--timeout", "1"});
    // The fault must have fired, or the cell proves nothing.
    const auto pending = emulator_.call("GET", "/_emulator/faults");
    if (!pending) return "cannot read the emulator's faults";
    const bool fired =
        fault.count == 1
            ? pending->body.find("\"id\"") == std::string::npos
            : pending->body.find("\"remaining\":" + std::to_string(fault.count) + ",") == std::string::npos;
    if (!fired) return "the fault never fired";
    ++(faulted.exit_code == 0 ? succeeded_ : failed_clearly_);
    if (faulted.exit_code != 0) {
      if (faulted.exit_code != 1) return "exit code " + std::to_string(faulted.exit_code);
      // "GET /path: 503 ..." for a reply, "GET http://host/path: ..." for no reply.
      const std::regex call("(GET|POST|PATCH|DELETE) (https?://[^ /]+)?" +
                            std::regex_replace(at.path, std::regex("\\*"), ".*"));
      const bool names_call = std::regex_search(faulted.err, call);
      if (!names_call) return "the error does not name the failed call: " + faulted.err;
    }
    emulator_.call("DELETE", "/_emulator/faults");
    const auto clean = linkform({"apply", "--auto-approve"});
    if (clean.exit_code != 0) return "the clean run failed: " + clean.err;
    std::string why;
    if (!converged(why)) return why;
    if (linkform({"plan", "--detailed-exitcode"}).exit_code != 0)
      return "a plan after the clean run is not empty";
    return {};
  }
};

TEST_F(FaultMatrix, EveryFaultAtEveryRequestEitherSucceedsOrFailsClearlyAndThenConverges) {
  int cells = 0;
  int held = 0;
  std::vector<std::string> failures;
  for (const bool update_path : {false, true}) {
    const auto requests = requests_of_a_clean_apply(update_path);
    ASSERT_GE(requests.size(), 7U);
    for (const auto& at : requests) {
      for (const auto& fault : fault_cases()) {
        ++cells;
        const std::string problem = run_cell(update_path, at, fault);
        if (problem.empty()) {
          ++held;
        } else {
          failures.push_back(std::string(update_path ? "update" : "create") + " path, " + at.method + " " +
                             at.path + " #" + std::to_string(at.occurrence + 1) + ", " + fault.name + ": " +
                             problem);
        }
      }
    }
  }
  std::printf(
      "fault matrix: %d/%d cells held (2 apply paths x requests x %zu faults); the faulted apply succeeded "
      "in %d "
      "cells and exited 1 naming the call in %d\n",
      held, cells, fault_cases().size(), succeeded_, failed_clearly_);
  for (const auto& f : failures) std::printf("  did not hold: %s\n", f.c_str());
  EXPECT_EQ(held, cells);
  EXPECT_GE(cells, 2 * 7 * 9);
}

}  // namespace
}  // namespace linkform::testing
