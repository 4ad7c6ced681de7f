// How plan, apply and show write (output.h).

#include "cmd/linkform/output.h"

#include "core/json_report.h"
#include "core/markdown_report.h"

namespace linkform {

bool use_color(const RunOptions& options, const Environment& env, const CliStreams& streams) {
  if (options.no_color || options.color == "never") return false;
  if (options.color == "always") return true;
  const auto set = [&](const char* name) {
    const auto v = env.get(name);
    return v && !v->empty() && *v != "0";
  };
  if (const auto no_color = env.get("NO_COLOR"); no_color && !no_color->empty()) return false;
  return set("FORCE_COLOR") || streams.stdout_is_tty;
}

std::unique_ptr<Reporter> make_reporter(OutputFormat format, ReportMode mode, bool color,
                                        CliStreams streams) {
  switch (format) {
    case OutputFormat::kJson:
      return std::make_unique<JsonReporter>(streams.out, streams.err, mode);
    case OutputFormat::kMarkdown:
      return std::make_unique<MarkdownReporter>(streams.out, streams.err, mode);
    case OutputFormat::kHuman:
      break;
  }
  return std::make_unique<HumanReporter>(streams.out, streams.err, HumanStyle{color});
}

}  // namespace linkform
