// Parses the command line (as cli_definition.cpp defines it), runs the command, and maps results to exit
// codes (README, Commands).

#include "cmd/linkform/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ostream>

#include "cmd/linkform/cli_definition.h"
#include "cmd/linkform/commands.h"
#include "cmd/linkform/commit_id.h"
#include "cmd/linkform/completion.h"
#include "core/suggest.h"
#include "core/version.h"

namespace linkform {

namespace {

int unknown_command(const std::string& word, const std::vector<std::string>& names, CliStreams streams) {
  streams.err << "linkform: unknown command \"" << word << "\"" << did_you_mean(word, names)
              << "\nRun 'linkform --help' for the list of commands.\n";
  return kExitError;
}

}  // namespace

namespace {

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
  std::string commands;
  for (const CLI::App* sub : app.get_subcommands({}))
    commands += (commands.empty() ? "" : ", ") + sub->get_name();
  // -C is linkform's, not a command's: it goes before the command (as Terraform's -chdir does).
  std::string hint;
  if (command != nullptr && std::ranges::any_of(args, [](const std::string& a) {
        return a == "-C" || a.starts_with("--chdir") || (a.starts_with("-C") && a.size() > 2);
      })) {
    hint = "\n-C (--chdir) goes before the command: linkform -C DIR " + command->get_name() + " ...";
  }
  streams.err << "linkform: "
              << (e.get_name() == "RequiredError" && what.find("subcommand") != std::string::npos
                      ? "a command is required (" + commands + ")"
                      : what)
              << hint << "\nRun '" << help << "' for usage.\n";
  return kExitError;
}

CompletionFlag::Value value_kind(const CLI::Option& option) {
  const auto named = [&](const char* name) {
    return std::ranges::find(option.get_lnames(), name) != option.get_lnames().end();
  };
  if (option.get_expected_min() == 0) return CompletionFlag::Value::kNone;
  if (named("target") || named("replace")) return CompletionFlag::Value::kTarget;  // addresses
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
    streams.out << "linkform " << kVersion << " (commit " << kCommit << ")\n";
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
  if (c.validate->parsed()) return run_validate(options.config_path, p.json, env, streams);
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
  app.set_version_flag("--version", std::string("linkform ") + kVersion + " (commit " + kCommit + ")");
  Parsed parsed;
  const Commands commands = define_commands(app, parsed);

  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  if (!args.empty() && !args.front().starts_with('-') &&
      std::ranges::find(names, args.front()) == names.end()) {
    return unknown_command(args.front(), names, streams);
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  // Terraform spells it -replace=ADDR: taken as --replace (one dash and a long name is not CLI11's).
  for (auto& a : reversed) {
    if (a == "-replace" || a.starts_with("-replace=")) a.insert(0, "-");
  }
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
