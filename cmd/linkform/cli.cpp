// The one file that uses CLI11: parses the command line, runs the command,
// and maps results to exit codes (README, Commands).

#include "cmd/linkform/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ostream>

#include "cmd/linkform/commands.h"
#include "cmd/linkform/completion.h"
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

// What each command reads from the environment, shown at the end of its --help.
constexpr const char* kConfigVariables =
    "  FRONTEGG_CLIENT_ID, FRONTEGG_SECRET (or FRONTEGG_SECRET_KEY, FRONTEGG_API_KEY), "
    "FRONTEGG_ENVIRONMENT_ID\n"
    "                        a single [frontegg]'s credentials where the file names none\n"
    "  FRONTEGG_REGION, FRONTEGG_BASE_URL\n"
    "                        the Frontegg API host, instead of the file's (every environment)\n"
    "  FRONTEGG_GATEWAY      the MCP gateway, instead of the file's (every environment)\n"
    "  LINKFORM_BITBUCKET_API_URL, LINKFORM_BITBUCKET_OAUTH_URL\n"
    "                        Bitbucket's hosts, instead of the file's\n"
    "  LINKFORM_ALLOW_HOSTS, LINKFORM_ALLOW_MIXED_HOSTS\n"
    "                        hosts besides the vendors' own and loopback that may receive credentials\n"
    "  LINKFORM_ALLOW_SECRET_FILES\n"
    "                        directories outside the configuration's own that { file = ... } may read\n";
constexpr const char* kRunVariables =
    "  every NAME the configuration names as { env = \"NAME\" } (the secrets)\n"
    "  CURL_CA_BUNDLE, SSL_CERT_FILE   a CA bundle; HTTPS_PROXY, NO_PROXY   libcurl's proxy settings\n"
    "  LINKFORM_LOG=debug              as --debug;   NO_COLOR   no colour\n";
constexpr const char* kInsightsVariables =
    "  BITBUCKET_BUILD_NUMBER, BITBUCKET_WORKSPACE, BITBUCKET_REPO_SLUG, BITBUCKET_COMMIT,\n"
    "  BITBUCKET_CLONE_DIR, LINKFORM_CODE_INSIGHTS_TOKEN\n"
    "                                  --code-insights: the Pipelines run, or a token, and the commit\n";

void add_environment_help(CLI::App& cmd, bool runs, bool publishes = false) {
  cmd.footer(std::string("\nEnvironment variables it reads:\n") + kConfigVariables +
             (runs ? kRunVariables : "") + (publishes ? kInsightsVariables : ""));
}

void add_config_option(CLI::App& cmd, RunOptions& options) {
  cmd.add_option("-c,--config", options.config_path, "Configuration file to read (default: linkform.toml)")
      ->type_name("FILE");
}

// Seconds above 0 and at most a day; the message names the bound, not CLI11's whole double range.
CLI::Validator seconds_up_to_a_day() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        double seconds = 0;
        std::size_t used = 0;
        try {
          seconds = std::stod(value, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used == 0 || used != value.size()) return "\"" + value + "\" is not a number of seconds";
        if (!(seconds > 0) || seconds > 86400)
          return "must be above 0 and at most 86400 seconds, not " + value;
        return {};
      },
      "", "seconds");
}

void add_run_options(CLI::App& cmd, RunOptions& options, bool& json, bool& markdown) {
  cmd.add_option("--target", options.targets,
                 "Only this resource (and what it depends on), e.g. frontegg_connector.bitbucket; repeatable")
      ->type_name("ADDR")
      ->allow_extra_args(false);
  cmd.add_flag("--json", json, "Print one JSON document (schema: see the README) instead of text");
  cmd.add_flag("--markdown", markdown, "Print Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY");
  cmd.add_flag("--no-color", options.no_color,
               "Never colour the output (also: NO_COLOR=1; colour is only used on a terminal)");
  cmd.add_flag(
      "--debug", options.debug,
      "Log each HTTP exchange (method, URL, status, time, trace id) to stderr; never headers or bodies. "
      "Also: LINKFORM_LOG=debug");
  cmd.add_option(
         "--parallelism", options.parallelism,
         "Connections to one host at most (default 8). Over HTTP/1.1 that is also the requests in flight; "
         "over HTTP/2 (HTTPS hosts that offer it) requests are multiplexed on those connections")
      ->check(CLI::Range(1, 64))
      ->type_name("N");
  cmd.add_flag("--code-insights", options.code_insights,
               "Also publish the plan as a Bitbucket Code Insights report on the commit, with an annotation "
               "on the line of each resource that changes: inside Bitbucket Pipelines through its "
               "authentication proxy (no credential), elsewhere with LINKFORM_CODE_INSIGHTS_TOKEN. A failure "
               "to publish is a warning; the exit code stays the plan's");
  cmd.add_option("--connect-timeout", options.connect_timeout_s,
                 "Seconds to wait for a connection (default 10)")
      ->check(seconds_up_to_a_day())
      ->type_name("SECONDS");
  cmd.add_option("--timeout", options.timeout_s, "Seconds one HTTP request may take in all (default 60)")
      ->check(seconds_up_to_a_day())
      ->type_name("SECONDS");
}

int unknown_command(const std::string& word, const std::vector<std::string>& names, CliStreams streams) {
  streams.err << "linkform: unknown command \"" << word << "\"" << did_you_mean(word, names)
              << "\nRun 'linkform --help' for the list of commands.\n";
  return kExitError;
}

}  // namespace

namespace {

// The subcommands, as CLI11 parsed them.
struct Commands {
  CLI::App* validate = nullptr;
  CLI::App* plan = nullptr;
  CLI::App* apply = nullptr;
  CLI::App* show = nullptr;
  CLI::App* import = nullptr;
  CLI::App* discover = nullptr;
  CLI::App* version = nullptr;
  CLI::App* completion = nullptr;
  CLI::App* fmt = nullptr;
};

// What the flags of every command fill in.
struct Parsed {
  RunOptions options;
  std::string chdir;  // -C DIR
  bool json = false;
  bool markdown = false;
  std::string show_file;
  std::string shell;  // completion SHELL
  std::vector<std::string> fmt_files;
  bool fmt_check = false;
};

void define_plan_and_apply(CLI::App& app, Commands& c, Parsed& p) {
  c.plan = app.add_subcommand(
      "plan",
      "Read the live Bitbucket and Frontegg state and show what differs from the configuration. "
      "Changes nothing.");
  add_config_option(*c.plan, p.options);
  add_run_options(*c.plan, p.options, p.json, p.markdown);
  c.plan->add_flag("--detailed-exitcode", p.options.detailed_exitcode,
                   "Exit 2 when the plan has changes or manual actions, 0 when there are none, 1 on error");
  c.plan
      ->add_option(
          "--out", p.options.out_path,
          "Save the plan to FILE (no secrets in it) for 'linkform apply FILE' and 'linkform show FILE'")
      ->type_name("FILE");

  c.apply = app.add_subcommand(
      "apply",
      "Plan, then make the changes that can be made through the APIs and list the manual steps that "
      "remain. Asks for confirmation on a terminal. With FILE, applies exactly that saved plan, "
      "or refuses if the configuration or the live state changed since.");
  add_config_option(*c.apply, p.options);
  add_run_options(*c.apply, p.options, p.json, p.markdown);
  // A positional is shown by its name; a type name as well would print "FILE FILE".
  c.apply->add_option("FILE", p.options.plan_file, "A plan saved with 'linkform plan --out FILE'")
      ->type_name("");
  c.apply->add_flag("--auto-approve", p.options.auto_approve,
                    "Apply without asking; required when there is no terminal (CI)");
  c.apply->add_flag("--no-input", p.options.no_input,
                    "Never prompt: fail instead of asking for confirmation");
  c.apply->add_flag("--allow-destroy", p.options.allow_destroy,
                    "Allow an apply that destroys more than one connector");
}

Commands define_commands(CLI::App& app, Parsed& p) {
  Commands c;
  app.add_option("-C,--chdir", p.chdir,
                 "Run as if linkform had been started in DIR: linkform.toml, -c FILE, --out FILE and "
                 "relative secret files are found from there (Terraform's -chdir)")
      ->type_name("DIR");
  c.validate =
      app.add_subcommand("validate",
                         "Check the configuration offline: syntax, keys, types, names, URLs and references. "
                         "Sends no request and reads no secret.");
  add_config_option(*c.validate, p.options);
  add_environment_help(*c.validate, false);
  define_plan_and_apply(app, c, p);
  add_environment_help(*c.plan, true, true);
  add_environment_help(*c.apply, true, true);
  c.show = app.add_subcommand("show", "Print a plan saved with 'linkform plan --out FILE'");
  c.show->add_option("FILE", p.show_file, "The saved plan")->required()->type_name("");
  c.show->add_flag("--json", p.json, "Print it as JSON");
  c.import = app.add_subcommand(
      "import",
      "Print TOML for the live Bitbucket connectors the configuration does not name yet, so an existing "
      "setup can be adopted (secrets become environment references). Changes nothing.");
  add_config_option(*c.import, p.options);
  c.import->add_flag("--debug", p.options.debug, "Log each HTTP exchange to stderr");
  add_environment_help(*c.import, true);
  c.discover = app.add_subcommand(
      "discover",
      "Show what each configured Frontegg environment offers: its applications, the Bitbucket template "
      "linkform would use (id, integrationId, name, API names, config keys) and the configuration and "
      "customConfiguration keys its live Bitbucket connectors store (never a secret). Run it on first "
      "contact with a real environment to confirm or fix template, workspace_key and scopes_field. "
      "Changes nothing.");
  add_config_option(*c.discover, p.options);
  c.discover->add_flag("--json", p.json, "Print one JSON document instead of text");
  add_environment_help(*c.discover, true);
  c.show->footer("\nEnvironment variables it reads: none (a saved plan holds everything it shows).");
  c.fmt =
      app.add_subcommand("fmt",
                         "Format the configuration (default: linkform.toml) in place with Taplo, the TOML "
                         "formatter, when it is installed (npm install -g @taplo/cli, or LINKFORM_TAPLO)");
  c.fmt->add_option("FILE", p.fmt_files, "The files to format (default: linkform.toml)")->type_name("");
  c.fmt->add_flag("--check", p.fmt_check, "Change nothing; exit 1 when a file is not formatted (for CI)");
  c.fmt->footer("\nEnvironment variables it reads: LINKFORM_TAPLO (Taplo's path), PATH.");
  c.version = app.add_subcommand("version", "Print linkform's version");
  c.completion = app.add_subcommand(
      "completion",
      "Print a shell completion script: commands, flags, and the resource addresses --target accepts "
      "(from the configuration, when there is one). Load it with: source <(linkform completion bash), "
      "or save it where the shell looks (the .deb installs all three). 'completion targets' prints those "
      "addresses, for the scripts.");
  c.completion->add_option("SHELL", p.shell, "bash, zsh or fish (or targets)")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish", "targets"}))
      ->type_name("");
  add_config_option(*c.completion, p.options);
  c.completion->footer("\nEnvironment variables it reads: none.");
  return c;
}

// A command line CLI11 refused: the error, a "did you mean" for a mistyped flag, and where help is.
int parse_failure(const CLI::App& app, const CLI::ParseError& e, const std::vector<std::string>& args,
                  CliStreams streams) {
  std::string what = e.what();
  // The command the error is about, if one was named: its help, and its flags for "did you mean".
  const CLI::App* command = nullptr;
  for (const CLI::App* sub : app.get_subcommands()) command = sub;
  const std::string help =
      command != nullptr ? "linkform " + command->get_name() + " --help" : "linkform --help";
  if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::ExtrasError)) {
    std::vector<std::string> flags;
    for (const CLI::Option* option : (command != nullptr ? command : &app)->get_options()) {
      for (const auto& name : option->get_lnames()) flags.push_back("--" + name);
    }
    for (const auto& arg : args) {
      if (!arg.starts_with("--")) continue;
      const std::string flag = arg.substr(0, arg.find('='));
      if (std::ranges::find(flags, flag) == flags.end()) what += did_you_mean(flag, flags);
    }
  }
  streams.err << "linkform: "
              << (e.get_name() == "RequiredError" && what.find("subcommand") != std::string::npos
                      ? std::string("a command is required (validate, plan, apply, show, import, discover, "
                                    "version, completion)")
                      : what)
              << "\nRun '" << help << "' for usage.\n";
  return kExitError;
}

CompletionFlag::Value value_kind(const CLI::Option& option) {
  const auto named = [&](const char* name) {
    return std::ranges::find(option.get_lnames(), name) != option.get_lnames().end();
  };
  if (option.get_expected_min() == 0) return CompletionFlag::Value::kNone;
  if (named("target")) return CompletionFlag::Value::kTarget;
  if (named("chdir")) return CompletionFlag::Value::kDirectory;
  if (option.get_type_name() == "FILE") return CompletionFlag::Value::kFile;
  return CompletionFlag::Value::kText;
}

void add_flags(const CLI::App& app, std::vector<CompletionFlag>& flags, bool& takes_file) {
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_positional()) {
      takes_file = takes_file || option->get_name() == "FILE";
      continue;
    }
    for (const auto& n : option->get_lnames())
      flags.push_back({"--" + n, option->get_description(), value_kind(*option)});
    for (const auto& n : option->get_snames())
      flags.push_back({"-" + n, option->get_description(), value_kind(*option)});
  }
}

// The command line as the completion scripts need it, read off CLI11's own definition.
CompletionModel completion_model(const CLI::App& app) {
  CompletionModel model;
  bool unused = false;
  add_flags(app, model.global_flags, unused);
  for (const CLI::App* sub : app.get_subcommands({})) {
    CompletionCommand command{sub->get_name(), sub->get_description(), {}, false};
    add_flags(*sub, command.flags, command.takes_file);
    model.commands.push_back(std::move(command));
  }
  return model;
}

int dispatch(const Commands& c, Parsed& p, const Environment& env, CliStreams streams) {
  if (p.json && p.markdown) {
    streams.err
        << "linkform: --json and --markdown cannot be used together\nRun 'linkform --help' for usage.\n";
    return kExitError;
  }
  if (!p.chdir.empty() && ::chdir(p.chdir.c_str()) != 0) {
    streams.err << "linkform: -C " << p.chdir << ": cannot change to that directory: " << std::strerror(errno)
                << "\n";
    return kExitError;
  }
  RunOptions& options = p.options;
  options.format = p.json ? OutputFormat::kJson : p.markdown ? OutputFormat::kMarkdown : OutputFormat::kHuman;
  for (CLI::App* sub : {c.validate, c.plan, c.apply, c.import, c.discover}) {
    if (sub->parsed() && sub->count("--config") > 0) options.config_given = true;
  }
  if (c.version->parsed()) {
    streams.out << "linkform " << kVersion << "\n";
    return kExitOk;
  }
  if (c.completion->parsed()) {
    if (p.shell == "targets") {
      streams.out << completion_targets(options.config_path);
    } else {
      streams.out << completion_script(p.shell, completion_model(*c.completion->get_parent()));
    }
    return kExitOk;
  }
  if (c.fmt->parsed()) {
    return run_fmt(p.fmt_files.empty() ? std::vector<std::string>{"linkform.toml"} : p.fmt_files, p.fmt_check,
                   env, streams);
  }
  if (c.validate->parsed()) return run_validate(options.config_path, env, streams);
  if (c.plan->parsed()) return run_plan(options, env, streams);
  if (c.apply->parsed()) return run_apply(options, env, streams);
  if (c.show->parsed()) return run_show(p.show_file, options.format, env, streams);
  if (c.import->parsed()) return run_import(options, env, streams);
  if (c.discover->parsed()) return run_discover(options, env, streams);
  return kExitError;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, const Environment& env, CliStreams streams) {
  CLI::App app(kDescription, "linkform");
  app.footer(kExitCodes);
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("linkform ") + kVersion);
  Parsed parsed;
  const Commands commands = define_commands(app, parsed);

  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  if (!args.empty() && !args.front().starts_with('-') &&
      std::ranges::find(names, args.front()) == names.end()) {
    return unknown_command(args.front(), names, streams);
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
      app.exit(e, streams.out, streams.err);
      return kExitOk;
    }
    return parse_failure(app, e, args, streams);
  }
  return dispatch(commands, parsed, env, streams);
}

}  // namespace linkform
