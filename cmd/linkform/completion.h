#pragma once
// linkform completion bash|zsh|fish: shell completion scripts made from the command line's own definition
// (cli.cpp hands over the commands and their flags), so a new flag is completed without editing them.
// --target completes the addresses the configuration declares: the scripts ask
// `linkform completion targets [-c FILE]`, which reads the file offline (no secret, no request).

#include <string>
#include <vector>

namespace linkform {

struct CompletionFlag {
  std::string name;  // "--json" or "-c"
  std::string help;
  enum class Value { kNone, kText, kFile, kDirectory, kTarget } value = Value::kNone;
};

struct CompletionCommand {
  std::string name;
  std::string help;
  std::vector<CompletionFlag> flags;
  bool takes_file = false;  // a FILE positional (apply, show)
};

struct CompletionModel {
  std::vector<CompletionFlag> global_flags;  // before the command: -C, --help, --version
  std::vector<CompletionCommand> commands;
};

inline constexpr const char* kCompletionShells[] = {"bash", "zsh", "fish"};

// The script for "bash", "zsh" or "fish"; empty for any other name.
std::string completion_script(const std::string& shell, const CompletionModel& model);

// The "type.name" addresses the configuration at `config_path` declares, one per line, sorted; empty when
// the file cannot be read or parsed (completion must stay silent).
std::string completion_targets(const std::string& config_path);

}  // namespace linkform
