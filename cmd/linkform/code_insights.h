#pragma once
// plan|apply --code-insights: after the plan (or the apply) is shown, publish it as a Bitbucket Code
// Insights report on the commit (providers/bitbucket/code_insights.h). Publishing never changes the
// command's exit code: a failure is one warning on stderr.

#include <string>
#include <vector>

#include "cmd/linkform/cli.h"
#include "cmd/linkform/commands.h"
#include "core/plan.h"
#include "providers/config.h"

namespace linkform {

struct InsightsRun {
  std::string command;                 // "plan" or "apply"
  const LoadResult* loaded = nullptr;  // the configuration as loaded (diagnostics, declarations)
  const Plan* plan = nullptr;          // null when there is no plan (the configuration has errors)
  bool failed = false;
  std::vector<std::string> failures;  // why it failed, one line each
  std::string outcome;                // an apply's headline (apply_headline); empty for a plan
};

// The configuration's path relative to the repository: $BITBUCKET_CLONE_DIR when set (Pipelines), else
// the nearest directory above the file that holds .git; the path as given when neither contains it.
std::string path_in_repository(const std::string& config_path, const Environment& env);

// The report of a run that stopped before it had a plan: the configuration's errors, or one line.
InsightsRun stopped_run(const std::string& command, const LoadResult& loaded);

void publish_code_insights(const InsightsRun& run, const RunOptions& options, const Environment& env,
                           CliStreams streams);

}  // namespace linkform
