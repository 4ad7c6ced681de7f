#pragma once
// linkform's command line as CLI11 defines it: the commands, their flags, their help, and what the flags
// fill in. cli.cpp parses with it and runs the command; the completion scripts are read off it.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cmd/linkform/commands.h"

namespace linkform {

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

// Adds every command and flag to `app`, with its help; the flags write into `p`.
Commands define_commands(CLI::App& app, Parsed& p);

// The program's description and the exit codes, for linkform --help.
extern const char* const kDescription;
extern const char* const kExitCodes;

}  // namespace linkform
