// plan and apply: load the configuration, read the live state through the
// real transport, show the plan, and for apply execute its writes.

#include <chrono>
#include <istream>
#include <ostream>

#include "cmd/linkform/commands.h"
#include "core/report.h"
#include "providers/config_checks.h"
#include "providers/engine.h"
#include "providers/transport/curl_transport.h"

namespace linkform {

namespace {

bool use_color(const RunOptions& options, const Environment& env, const CliStreams& streams) {
  const auto no_color = env.get("NO_COLOR");
  return streams.stdout_is_tty && !options.no_color && !(no_color && !no_color->empty());
}

CurlOptions transport_options(const RunOptions& options) {
  CurlOptions o;
  o.connect_timeout = std::chrono::milliseconds(static_cast<long>(options.connect_timeout_s * 1000));
  o.total_timeout = std::chrono::milliseconds(static_cast<long>(options.timeout_s * 1000));
  return o;
}

// What plan and apply share: a checked configuration, a transport, an engine
// and a reporter, and the plan read from the live state.
struct Session {
  LoadResult loaded;
  std::unique_ptr<CurlTransport> transport;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<HumanReporter> reporter;
  Plan plan;
};

// Returns an exit code when the run must stop here, else nullopt.
std::optional<int> open_session(Session& s, const RunOptions& options, const Environment& env,
                                CliStreams streams) {
  s.loaded = load_checked_config(options.config_path, env);
  if (report_diagnostics(s.loaded.diagnostics, streams)) {
    streams.err << options.config_path
                << ": the configuration has errors; run linkform validate for the list\n";
    return kExitError;
  }
  s.reporter =
      std::make_unique<HumanReporter>(streams.out, streams.err, HumanStyle{use_color(options, env, streams)});
  s.transport = std::make_unique<CurlTransport>(transport_options(options));
  s.engine = std::make_unique<Engine>(*s.transport, *s.loaded.config, env);
  s.reporter->reading();
  auto plan = s.engine->plan();
  if (!plan) {
    s.reporter->error(plan.error().message);
    return kExitError;
  }
  s.plan = std::move(*plan);
  s.reporter->plan(s.plan);
  return std::nullopt;
}

// Asks for "yes" on a terminal; refuses to go on unattended.
bool confirmed(const RunOptions& options, CliStreams streams) {
  if (options.auto_approve) return true;
  if (!streams.stdin_is_tty || streams.in == nullptr) {
    streams.err
        << "Error: apply needs confirmation, and there is no terminal to ask on. Review the plan above and "
           "run linkform apply --auto-approve to apply it unattended.\n";
    return false;
  }
  streams.out << "\nDo you want to perform these actions?\n  Only 'yes' will be accepted to approve.\n\n"
              << "  Enter a value: " << std::flush;
  std::string answer;
  std::getline(*streams.in, answer);
  if (answer != "yes") {
    streams.err << "\nApply cancelled.\n";
    return false;
  }
  streams.out << "\n";
  return true;
}

}  // namespace

int run_plan(const RunOptions& options, const Environment& env, CliStreams streams) {
  Session s;
  if (auto stop = open_session(s, options, env, streams)) return *stop;
  if (options.detailed_exitcode && !s.plan.summary().empty()) return kExitChangesPending;
  return kExitOk;
}

int run_apply(const RunOptions& options, const Environment& env, CliStreams streams) {
  Session s;
  if (auto stop = open_session(s, options, env, streams)) return *stop;
  const PlanSummary summary = s.plan.summary();
  if (!s.plan.has_writes()) {
    if (summary.empty()) return kExitOk;
    const ApplyReport nothing_to_write = apply_plan(s.plan, *s.engine, {});
    s.reporter->apply_summary(s.plan, nothing_to_write);
    return kExitManualRemains;
  }
  if (!confirmed(options, streams)) return kExitError;
  const ApplyReport report =
      apply_plan(s.plan, *s.engine, [&](const ApplyEvent& e) { s.reporter->apply_event(e); });
  s.reporter->apply_summary(s.plan, report);
  if (report.failed || report.interrupted) return kExitError;
  return report.pending_manual.empty() ? kExitOk : kExitManualRemains;
}

}  // namespace linkform
