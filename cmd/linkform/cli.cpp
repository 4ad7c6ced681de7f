// The one file that uses CLI11: parses the command line, runs the command,
// and maps results to exit codes (DESIGN.md section 4).

#include "cmd/linkform/cli.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <ostream>

#include "cmd/linkform/commands.h"
#include "core/suggest.h"
#include "core/version.h"

namespace linkform {

namespace {

constexpr const char* kDescription =
    "linkform keeps a Bitbucket Cloud OAuth consumer and the Frontegg Bitbucket connector that uses it\n"
    "in the state declared in a TOML file. Bitbucket consumers cannot be managed by API: linkform\n"
    "verifies them and prints the steps a person must take. Frontegg connectors are created, updated\n"
    "and deleted through Frontegg's API.";

constexpr const char* kExitCodes =
    "\nExit codes: 0 success or no changes, 1 error, 2 changes pending (plan --detailed-exitcode),\n"
    "3 apply did all it could but manual actions remain.\n";

void add_config_option(CLI::App& cmd, std::string& path) {
  cmd.add_option("-c,--config", path, "Configuration file to read (default: linkform.toml)")
      ->type_name("FILE");
}

void add_run_options(CLI::App& cmd, RunOptions& options) {
  cmd.add_flag("--no-color", options.no_color,
               "Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)");
  cmd.add_option("--connect-timeout", options.connect_timeout_s,
                 "Seconds to wait for a connection (default 10)")
      ->check(CLI::PositiveNumber)
      ->type_name("SECONDS");
  cmd.add_option("--timeout", options.timeout_s, "Seconds one HTTP request may take in all (default 60)")
      ->check(CLI::PositiveNumber)
      ->type_name("SECONDS");
}

}  // namespace

int run_cli(const std::vector<std::string>& args, const Environment& env, CliStreams streams) {
  CLI::App app(kDescription, "linkform");
  app.footer(kExitCodes);
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("linkform ") + kVersion);

  RunOptions options;

  CLI::App* validate =
      app.add_subcommand("validate",
                         "Check the configuration offline: syntax, keys, types, names, URLs and references. "
                         "Sends no request and reads no secret.");
  add_config_option(*validate, options.config_path);

  CLI::App* plan = app.add_subcommand(
      "plan",
      "Read the live Bitbucket and Frontegg state and show what differs from the configuration. "
      "Changes nothing.");
  add_config_option(*plan, options.config_path);
  add_run_options(*plan, options);
  plan->add_flag("--detailed-exitcode", options.detailed_exitcode,
                 "Exit 2 when the plan has changes or manual actions, 0 when there are none, 1 on error");

  CLI::App* apply = app.add_subcommand(
      "apply",
      "Plan, then make the changes that can be made through the APIs and list the manual steps that "
      "remain. Asks for confirmation on a terminal.");
  add_config_option(*apply, options.config_path);
  add_run_options(*apply, options);
  apply->add_flag("--auto-approve", options.auto_approve,
                  "Apply without asking; required when there is no terminal (CI)");

  CLI::App* version = app.add_subcommand("version", "Print linkform's version");

  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  if (!args.empty() && !args.front().starts_with('-') &&
      std::ranges::find(names, args.front()) == names.end()) {
    streams.err << "linkform: unknown command \"" << args.front() << "\"" << did_you_mean(args.front(), names)
                << "\nRun 'linkform --help' for the list of commands.\n";
    return 1;
  }

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
      app.exit(e, streams.out, streams.err);
      return 0;
    }
    streams.err << "linkform: "
                << (e.get_name() == "RequiredError" &&
                            std::string(e.what()).find("subcommand") != std::string::npos
                        ? std::string("a command is required (validate, plan, apply, version)")
                        : std::string(e.what()))
                << "\n";
    streams.err << "Run 'linkform --help' for usage.\n";
    return 1;
  }

  if (version->parsed()) {
    streams.out << "linkform " << kVersion << "\n";
    return 0;
  }
  if (validate->parsed()) return run_validate(options.config_path, env, streams);
  if (plan->parsed()) return run_plan(options, env, streams);
  if (apply->parsed()) return run_apply(options, env, streams);
  return 1;
}

}  // namespace linkform
