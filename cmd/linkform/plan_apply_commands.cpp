// plan, apply and show: load the configuration, read the live state through
// the real transport, show the plan, and for apply execute its writes.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <istream>
#include <mutex>
#include <ostream>
#include <sstream>

#include "cmd/linkform/code_insights.h"
#include "cmd/linkform/commands.h"
#include "cmd/linkform/import_context.h"
#include "cmd/linkform/output.h"
#include "cmd/linkform/plan_checks.h"
#include "cmd/linkform/signals.h"
#include "core/engine.h"
#include "core/file_read.h"
#include "core/json_report.h"
#include "core/markdown_report.h"
#include "core/plan_file.h"
#include "core/report.h"
#include "core/terminal_text.h"
#include "providers/config.h"
#include "providers/frontegg/config_part.h"
#include "providers/frontegg/provider.h"
#include "providers/registry.h"
#include "providers/transport/curl_transport.h"
#include "providers/transport/logging_transport.h"
#include "providers/transport/retrying_transport.h"

namespace linkform {

namespace {

// What plan and apply share: a checked configuration, the transports, an
// engine, a reporter, and the plan read from the live state. With --debug,
// its end logs what the run cost in requests and connections.
struct Session {
  Session() = default;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session() {
    if (logging && curl) logging_sink("debug: http: " + curl->stats().summary());
  }
  std::function<void(const std::string&)> logging_sink;
  LoadResult loaded;
  std::string config_sha256;
  std::unique_ptr<CurlTransport> curl;
  std::unique_ptr<LoggingTransport> logging;
  std::unique_ptr<RetryingTransport> retrying;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<Reporter> reporter;
  Plan plan;
  std::string outcome;  // how the apply ended (apply_headline), once it has run: for Code Insights
};

// Made beside the configuration's reading and checks, libcurl's and OpenSSL's set-up is off the critical
// path.
std::future<std::unique_ptr<CurlTransport>> make_transport_early(const RunOptions& options) {
  return std::async(std::launch::async,
                    [o = transport_options(options)] { return std::make_unique<CurlTransport>(o); });
}

void open_transport(Session& s, std::unique_ptr<CurlTransport> curl, const RunOptions& options,
                    const Environment& env, CliStreams streams) {
  s.curl = std::move(curl);
  HttpTransport* inner = s.curl.get();
  const auto log_level = env.get("LINKFORM_LOG");
  if (options.debug || (log_level && *log_level == "debug")) {
    s.logging_sink = [&err = streams.err](const std::string& line) {
      static std::mutex mutex;
      std::lock_guard lock(mutex);
      err << line << "\n";
    };
    s.logging = std::make_unique<LoggingTransport>(*s.curl, s.logging_sink);
    inner = s.logging.get();
  }
  RetryHooks hooks;
  hooks.sleep = [](std::chrono::milliseconds d) { return sleep_unless_interrupted(d); };
  s.retrying = std::make_unique<RetryingTransport>(*inner, RetryPolicy{}, std::move(hooks));
}

// Loads the configuration and reads the live state. Returns an exit code
// when the run must stop here.
std::optional<int> open_session(Session& s, const RunOptions& options, ReportMode mode,
                                const Environment& env, CliStreams streams) {
  auto transport = make_transport_early(options);
  s.loaded = load_checked_config(options.config_path, env);
  if (options.format == OutputFormat::kJson && s.loaded.diagnostics.has_errors()) {
    // One JSON error document, as for every other error under --json; the diagnostics are its lines.
    std::string message = options.config_path + ": the configuration has errors";
    for (const auto& d : s.loaded.diagnostics.sorted()) message += "\n" + format_diagnostic(d);
    streams.err << error_to_json(message);
    return kExitError;
  }
  if (report_diagnostics(s.loaded.diagnostics, streams) || !s.loaded.config) {
    // The list is above; a summary line only where there is more than one line to sum up.
    if (s.loaded.diagnostics.error_count() > 1) {
      streams.err << options.config_path << ": " << s.loaded.diagnostics.error_count() << " errors\n";
    }
    return kExitError;
  }
  s.config_sha256 = sha256_hex(s.loaded.text);  // the bytes parsed, not a second read of the file
  s.reporter = make_reporter(options.format, mode, use_color(options, env, streams), streams);
  if (auto targets = check_targets(*s.loaded.config, options.targets); !targets) {
    s.reporter->error(targets.error().message);
    return kExitError;
  }
  auto replace = replace_addresses(*s.loaded.config, options.replace);
  if (!replace) {
    s.reporter->error(replace.error().message);
    return kExitError;
  }
  if (auto files = check_secret_files(*s.loaded.config, env); !files) {
    s.reporter->error(files.error().message);
    return kExitError;
  }
  open_transport(s, transport.get(), options, env, streams);
  s.engine = std::make_unique<Engine>(make_providers(*s.retrying, *s.loaded.config, env));
  s.reporter->reading();
  // --target selects before anything is read: only the targets and what they depend on are requested.
  Result<Plan> plan = s.engine->plan(select_targets(*s.loaded.config, options.targets), *replace);
  if (!options.targets.empty()) {
    plan = target_plan(*plan, options.targets);
    // As Terraform does: a targeted plan is partial, and "No changes" must not read as "all is well".
    if (plan) {
      std::string names;
      for (const auto& t : options.targets) names += (names.empty() ? "" : ", ") + t;
      plan->warnings.insert(plan->warnings.begin(),
                            "resource targeting is in effect (--target " + names +
                                "): this plan covers only those resources and what they depend on; other "
                                "resources may have changes it does not show");
    }
  }
  if (!plan) {
    s.reporter->error(plan.error().message);
    return kExitError;
  }
  s.plan = std::move(*plan);
  return std::nullopt;
}

// Asks for "yes" on a terminal; refuses to go on unattended.
bool confirmed(const RunOptions& options, CliStreams streams) {
  if (options.auto_approve) return true;
  if (options.format != OutputFormat::kHuman) {
    // A prompt on stdout would break the JSON or Markdown document.
    streams.err
        << "Error: apply with --json or --markdown cannot ask for confirmation; add --auto-approve.\n";
    return false;
  }
  if (options.no_input || !streams.stdin_is_tty || streams.in == nullptr) {
    streams.err << "Error: apply needs confirmation, and "
                << (options.no_input ? "--no-input was given" : "there is no terminal to ask on")
                << ". Review the plan above and run linkform apply --auto-approve to apply it unattended.\n";
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

int count_deletes(const Plan& plan) {
  return static_cast<int>(std::ranges::count(plan.changes, Action::kDelete, &ResourceChange::action));
}

// apply FILE: the saved plan must still be what planning now gives.
std::optional<int> check_saved_plan(const SavedPlan& saved, const Session& s, CliStreams streams) {
  std::string why;
  if (saved.config_sha256 != s.config_sha256) {
    why = "the configuration changed since the plan was made";
  } else if (saved.live_sha256 != s.engine->live_fingerprint()) {
    why = "the live state changed since the plan was made";
    if (const auto parts = changed_parts(saved.live_parts, s.engine->live_parts()); !parts.empty()) {
      std::string list;
      for (const auto& p : parts) list += (list.empty() ? "" : ", ") + p;
      why += " (" + list + ")";
    }
  } else if (const auto changed = changed_resources(saved.plan, s.plan); !changed.empty()) {
    std::string list;
    for (const auto& c : changed) list += (list.empty() ? "" : ", ") + c;
    why = "the changes it would make are no longer the ones it shows (" + list + ")";
  }
  if (why.empty()) return std::nullopt;
  s.reporter->error("plan is stale: " + why + "; nothing was applied. Run linkform plan again.");
  (void)streams;
  return kExitError;
}

// How an apply that never ran ended (refused before any write, or nothing to do), in apply_headline's words.
std::string headline_without_apply(bool failed) {
  ApplyReport none;
  none.failed = failed;
  return apply_headline(none);
}

int execute(Session& s, const RunOptions& options, CliStreams streams) {
  const PlanSummary summary = s.plan.summary();
  if (!s.plan.has_writes()) {
    if (summary.empty()) return kExitOk;
    const ApplyReport report = apply_plan(s.plan, *s.engine, {});
    s.outcome = apply_headline(report);
    s.reporter->apply_summary(s.plan, report);
    return kExitManualRemains;
  }
  if (count_deletes(s.plan) > 1 && !options.allow_destroy) {
    s.reporter->error("this apply would destroy " + std::to_string(count_deletes(s.plan)) +
                      " connectors; review the plan and add --allow-destroy to let it. Nothing was applied.");
    return kExitError;
  }
  if (options.plan_file.empty() && !confirmed(options, streams)) return kExitError;
  InterruptGuard guard;
  ApplyReport report = apply_plan(
      s.plan, *s.engine, [&](const ApplyEvent& e) { s.reporter->apply_event(e); },
      [] { return interrupted(); }, s.curl->requests_at_once());
  // What was written must read back as written (Terraform's "inconsistent result after apply").
  const std::vector<std::string>& inconsistent = report.inconsistent;
  if (!inconsistent.empty() && !report.failed) {
    report.failed = true;
    report.failure = inconsistent.front();
  }
  s.outcome = apply_headline(report);
  s.reporter->apply_summary(s.plan, report);
  if (!inconsistent.empty()) {
    std::string message = "what was written does not read back as written:";
    for (const auto& line : inconsistent) message += "\n" + line;
    s.reporter->error(message);
  }
  if (report.failed || report.interrupted) return kExitError;
  return report.pending_manual.empty() ? kExitOk : kExitManualRemains;
}

// The errors of a plan that could not read everything, after the plan itself.
std::string incomplete_plan_message(const Plan& plan, const std::string& consequence) {
  std::string message = "the plan is incomplete: " + std::to_string(plan.errors.size()) +
                        (plan.errors.size() == 1 ? " read or check" : " reads or checks") + " failed; " +
                        consequence;
  for (const auto& e : plan.errors) message += "\n" + e;
  return message;
}

}  // namespace

CurlOptions transport_options(const RunOptions& options) {
  CurlOptions o;
  o.connect_timeout = std::chrono::milliseconds(static_cast<long>(options.connect_timeout_s * 1000));
  o.total_timeout = std::chrono::milliseconds(static_cast<long>(options.timeout_s * 1000));
  o.max_host_connections = options.parallelism;
  return o;
}

int run_plan(const RunOptions& options, const Environment& env, CliStreams streams) {
  // Before anything is read or sent: --out must name a file a plan may replace.
  if (!options.out_path.empty()) {
    if (auto target = check_plan_target(options.out_path, options.config_path); !target) {
      if (options.format == OutputFormat::kJson)
        streams.err << error_to_json(target.error().message);
      else
        streams.err << "Error: " << target.error().message << "\n";
      return kExitError;
    }
  }
  Session s;
  if (auto stop = open_session(s, options, ReportMode::kPlan, env, streams)) {
    publish_code_insights(stopped_run("plan", s.loaded), options, env, streams);
    return *stop;
  }
  s.reporter->plan(s.plan);
  publish_code_insights({"plan", &s.loaded, &s.plan, !s.plan.errors.empty(), {}, {}}, options, env, streams);
  if (!s.plan.errors.empty()) {
    s.reporter->error(incomplete_plan_message(
        s.plan, options.out_path.empty()
                    ? "everything else is shown above"
                    : "everything else is shown above, and no plan was saved to " + options.out_path));
    return kExitError;
  }
  if (!options.out_path.empty()) {
    SavedPlan saved{
        "",     options.config_path, s.config_sha256, s.engine->live_fingerprint(), s.engine->live_parts(),
        s.plan, options.targets,     options.replace};
    if (auto written = write_saved_plan(options.out_path, saved); !written) {
      s.reporter->error(written.error().message);
      return kExitError;
    }
    if (options.format == OutputFormat::kHuman) {
      streams.out << "\nSaved the plan to " << options.out_path << ". To apply exactly this plan, run:\n"
                  << "  linkform apply " << options.out_path << "\n";
    }
  }
  if (options.detailed_exitcode && !s.plan.summary().empty()) return kExitChangesPending;
  return kExitOk;
}

int run_apply(const RunOptions& options, const Environment& env, CliStreams streams) {
  RunOptions effective = options;
  std::optional<SavedPlan> saved;
  if (!options.plan_file.empty()) {
    auto read = read_saved_plan(options.plan_file);
    if (!read) {
      const bool looks_like_config = options.plan_file.ends_with(".toml");
      streams.err << "Error: " << read.error().message
                  << (looks_like_config
                          ? "\n(apply FILE takes a plan saved by 'linkform plan --out FILE'; to apply a "
                            "configuration, use: linkform apply -c " +
                                options.plan_file + ")"
                          : "")
                  << "\n";
      return kExitError;
    }
    if (!options.config_given && !std::filesystem::exists(read->config_path)) {
      streams.err
          << "Error: " << options.plan_file << " was planned with the configuration " << read->config_path
          << ", which is not found from here (the path is relative to the directory 'linkform plan' ran "
             "in); run apply from that directory, or name the configuration with -c FILE\n";
      return kExitError;
    }
    if (!options.targets.empty() || !options.replace.empty()) {
      streams.err << "Error: " << (options.targets.empty() ? "--replace" : "--target")
                  << " cannot be combined with a saved plan; the plan already holds its targets and "
                     "replacements\n";
      return kExitError;
    }
    if (!options.config_given) effective.config_path = read->config_path;
    effective.targets = read->targets;
    effective.replace = read->replace;
    saved = std::move(*read);
  }
  Session s;
  if (auto stop = open_session(s, effective, ReportMode::kApply, env, streams)) {
    publish_code_insights(stopped_run("apply", s.loaded), effective, env, streams);
    return *stop;
  }
  if (saved) {
    if (auto stale = check_saved_plan(*saved, s, streams)) return *stale;
  }
  s.reporter->plan(s.plan);
  if (!s.plan.errors.empty()) {
    s.reporter->error(incomplete_plan_message(s.plan, "nothing was applied"));
    publish_code_insights({"apply", &s.loaded, &s.plan, true, {}, headline_without_apply(true)}, effective,
                          env, streams);
    return kExitError;
  }
  const int code = execute(s, effective, streams);
  const bool failed = code == kExitError;
  publish_code_insights(
      {"apply", &s.loaded, &s.plan, failed,
       failed ? std::vector<std::string>{"the apply failed; see the log"} : std::vector<std::string>{},
       s.outcome.empty() ? headline_without_apply(failed) : s.outcome},
      effective, env, streams);
  return code;
}

int run_import(const RunOptions& options, const Environment& env, CliStreams streams) {
  Session s;
  s.loaded = load_checked_config(options.config_path, env);
  if (report_diagnostics(s.loaded.diagnostics, streams) || !s.loaded.config) return kExitError;
  if (auto files = check_secret_files(*s.loaded.config, env); !files) {
    HumanReporter(streams.out, streams.err, HumanStyle{}).error(files.error().message);
    return kExitError;
  }
  open_transport(s, std::make_unique<CurlTransport>(transport_options(options)), options, env, streams);
  frontegg::FronteggProvider connectors(*s.retrying, *s.loaded.config->part<frontegg::FronteggConfig>(), env);
  std::vector<std::string> warnings;
  auto toml = connectors.import_toml(import_context(*s.loaded.config, env), warnings);
  for (const auto& w : warnings) streams.err << "Warning: " << terminal_safe(w) << "\n";
  if (!toml) {
    HumanReporter(streams.out, streams.err, HumanStyle{}).error(toml.error().message);
    return kExitError;
  }
  streams.out << *toml;
  return kExitOk;
}

int run_show(const std::string& plan_file, OutputFormat format, const Environment& env, CliStreams streams) {
  auto saved = read_saved_plan(plan_file);
  if (!saved) {
    if (format == OutputFormat::kJson)
      streams.err << error_to_json(saved.error().message);
    else
      streams.err << "Error: " << saved.error().message << "\n";
    return kExitError;
  }
  auto reporter = make_reporter(format, ReportMode::kPlan, use_color(RunOptions{}, env, streams), streams);
  reporter->plan(saved->plan);
  return kExitOk;
}

}  // namespace linkform
