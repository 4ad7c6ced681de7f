#pragma once
// The commands behind the command line. Each returns the process exit code.

#include <string>
#include <vector>

#include "cmd/linkform/cli.h"
#include "core/config.h"
#include "providers/transport/curl_transport.h"

namespace linkform {

// Exit codes (README, Commands).
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitChangesPending = 2;
inline constexpr int kExitManualRemains = 3;
// A program linkform hands the work to is not installed (fmt without Taplo).
inline constexpr int kExitToolMissing = 4;

enum class OutputFormat { kHuman, kJson, kMarkdown };

struct RunOptions {
  std::string config_path = "linkform.toml";
  bool config_given = false;  // -c was on the command line
  bool no_color = false;
  std::string color = "auto";  // --color: always, never or auto (use_color)
  bool debug = false;
  double connect_timeout_s = 10;
  double timeout_s = 60;
  int parallelism = 8;  // requests in flight per host
  OutputFormat format = OutputFormat::kHuman;
  std::vector<std::string> targets;
  std::vector<std::string> replace;  // --replace ADDR: planned as replaced (create before destroy)
  bool code_insights = false;        // --code-insights: publish the plan as a Bitbucket Code Insights report
  // plan
  bool detailed_exitcode = false;
  std::string out_path;  // --out FILE
  // apply
  std::string plan_file;  // apply FILE
  bool auto_approve = false;
  bool no_input = false;
  bool allow_destroy = false;
};

int run_validate(const std::string& config_path, bool json, const Environment& env, CliStreams streams);
int run_plan(const RunOptions& options, const Environment& env, CliStreams streams);
int run_apply(const RunOptions& options, const Environment& env, CliStreams streams);
int run_import(const RunOptions& options, const Environment& env, CliStreams streams);
int run_discover(const RunOptions& options, const Environment& env, CliStreams streams);
// fmt [--check] FILE...: Taplo's formatting (found as $LINKFORM_TAPLO or on PATH), or an error saying how
// to install it.
int run_fmt(const std::vector<std::string>& files, bool check, const Environment& env, CliStreams streams);

// The transport settings of --connect-timeout, --timeout and --parallelism.
CurlOptions transport_options(const RunOptions& options);
int run_show(const std::string& plan_file, OutputFormat format, const Environment& env, CliStreams streams);

// Prints every diagnostic to err in file order. Returns true if any is an error.
bool report_diagnostics(const Diagnostics& diags, CliStreams streams);

}  // namespace linkform
