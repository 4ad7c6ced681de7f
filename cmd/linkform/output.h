#pragma once
// How plan, apply and show write: the reporter of the chosen format and whether it colours.

#include <memory>

#include "cmd/linkform/commands.h"
#include "core/report.h"
#include "core/report_mode.h"

namespace linkform {

// --no-color or --color=never: none; --color=always: colour; auto: none under NO_COLOR (any value but
// empty), colour under FORCE_COLOR (any value but empty or 0, for CI logs that render ANSI), else colour only
// on a terminal (README, Commands).
bool use_color(const RunOptions& options, const Environment& env, const CliStreams& streams);

// The reporter for --json, --markdown or the human text.
std::unique_ptr<Reporter> make_reporter(OutputFormat format, ReportMode mode, bool color, CliStreams streams);

}  // namespace linkform
