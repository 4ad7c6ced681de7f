// linkform's command line as CLI11 defines it (cli_definition.h).

#include "cmd/linkform/cli_definition.h"

#include <exception>

namespace linkform {

const char* const kDescription =
    "linkform keeps a Bitbucket Cloud OAuth consumer and the Frontegg Bitbucket connector that uses it\n"
    "in the state declared in a TOML file. Bitbucket consumers cannot be managed by API: linkform\n"
    "verifies them and prints the steps a person must take. Frontegg connectors are created, updated\n"
    "and deleted through Frontegg's API.";

const char* const kExitCodes =
    "\nExit codes: 0 success or no changes, 1 error, 2 changes pending (plan --detailed-exitcode),\n"
    "3 apply did all it could but manual actions remain.\n";

namespace {

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
    "  LINKFORM_LOG=debug              as --debug\n"
    "  NO_COLOR, FORCE_COLOR           no colour / colour even off a terminal (--color=auto)\n";
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
  cmd.add_option(
         "--replace", options.replace,
         "Plan this resource as replaced, e.g. gitlab_application.mcp: a new one is created, what uses "
         "it is written with it, then the old one is destroyed (a secret's rotation); repeatable. "
         "Terraform's -replace=ADDR is accepted too")
      ->type_name("ADDR")
      ->allow_extra_args(false);
  cmd.add_flag("--json", json, "Print one JSON document (schema: see the README) instead of text");
  cmd.add_flag("--markdown", markdown, "Print Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY");
  cmd.add_option("--color", options.color,
                 "always, never or auto (default): auto colours on a terminal, never under NO_COLOR, always "
                 "under FORCE_COLOR (for CI logs that render ANSI colours)")
      ->check(CLI::IsMember({"always", "never", "auto"}))
      ->type_name("WHEN");
  cmd.add_flag("--no-color", options.no_color, "As --color=never");
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

// Each command's help ends with the exit codes that command can give (README, Commands).
void add_exit_codes(const Commands& c) {
  const std::pair<CLI::App*, const char*> codes[] = {
      {c.validate, "0 valid (warnings are shown), 1 errors"},
      {c.plan,
       "0 success, 1 error or a plan some of whose reads failed, 2 changes or manual actions pending "
       "(with --detailed-exitcode; otherwise 0)"},
      {c.apply,
       "0 applied or nothing to do, 1 error (nothing more is written after it), 3 applied what "
       "it could, manual actions remain"},
      {c.show, "0 shown, 1 the file is not a plan linkform can read"},
      {c.import, "0 TOML printed (possibly empty), 1 error"},
      {c.discover, "0 shown, 1 error"},
      {c.fmt,
       "0 formatted (or already so), 1 not formatted (--check) or not valid TOML, 4 Taplo is not "
       "installed"},
      {c.version, "0"},
      {c.completion, "0 printed, 1 error"},
  };
  for (const auto& [command, text] : codes)
    command->footer(command->get_footer() + "\nExit codes: " + text + ".\n");
}

}  // namespace

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
  c.validate->add_flag("--json", p.json,
                       "Print one JSON document: valid, and every error and warning with its file, line and "
                       "column (for editors and CI annotations; see the README)");
  add_environment_help(*c.validate, false);
  define_plan_and_apply(app, c, p);
  add_environment_help(*c.plan, true, true);
  add_environment_help(*c.apply, true, true);
  c.show = app.add_subcommand("show", "Print a plan saved with 'linkform plan --out FILE'");
  c.show->add_option("FILE", p.show_file, "The saved plan")->required()->type_name("");
  c.show->add_flag("--json", p.json, "Print it as JSON");
  c.import = app.add_subcommand(
      "import",
      "Print TOML for the live connectors (and their OAuth clients) the configuration does not name yet, so "
      "an existing setup can be adopted (secrets become environment references). Changes nothing.");
  add_config_option(*c.import, p.options);
  c.import->add_flag("--debug", p.options.debug, "Log each HTTP exchange to stderr");
  add_environment_help(*c.import, true);
  c.discover = app.add_subcommand(
      "discover",
      "Show what each configured Frontegg environment offers: its applications, and for each kind of "
      "connector the template linkform would use (id, integrationId, name, API names, config keys) and the "
      "configuration and customConfiguration keys its live connectors store (never a secret). Run it on "
      "first contact with a real environment to confirm or fix the template and target-key settings and "
      "scopes_field. Changes nothing.");
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
  add_exit_codes(c);
  return c;
}

}  // namespace linkform
