#include "cmd/linkform/code_insights.h"

#include <filesystem>
#include <ostream>
#include <system_error>

#include "providers/bitbucket/code_insights.h"
#include "providers/transport/curl_transport.h"
#include "providers/transport/retrying_transport.h"

namespace linkform {

namespace fs = std::filesystem;

std::string path_in_repository(const std::string& config_path, const Environment& env) {
  std::error_code ec;
  const fs::path file = fs::weakly_canonical(fs::absolute(config_path, ec), ec);
  if (ec) return config_path;
  fs::path root;
  if (const auto clone = env.get("BITBUCKET_CLONE_DIR"); clone && !clone->empty()) {
    root = fs::weakly_canonical(*clone, ec);
  } else {
    for (fs::path dir = file.parent_path(); !dir.empty(); dir = dir.parent_path()) {
      if (fs::exists(dir / ".git", ec)) {
        root = dir;
        break;
      }
      if (dir == dir.root_path()) break;
    }
  }
  if (root.empty()) return config_path;
  const fs::path relative = file.lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..") return config_path;
  return relative.generic_string();
}

InsightsRun stopped_run(const std::string& command, const LoadResult& loaded) {
  InsightsRun run{command, &loaded, nullptr, true, {}, {}};
  if (!loaded.diagnostics.has_errors()) {
    run.failures.push_back("linkform " + command + " stopped before it had a plan; see the log");
  }
  return run;
}

void publish_code_insights(const InsightsRun& run, const RunOptions& options, const Environment& env,
                           CliStreams streams) {
  if (!options.code_insights) return;
  const auto warn = [&](const std::string& why) {
    streams.err << "Warning: the Code Insights report was not published: " << why << " (the " << run.command
                << "'s result is unchanged)\n";
  };
  auto target = bitbucket::insights_target(env);
  if (!target) return warn(target.error().message);

  bitbucket::ReportContext context;
  context.command = run.command;
  context.config_path = path_in_repository(options.config_path, env);
  context.failed = run.failed;
  context.failures = run.failures;
  context.outcome = run.outcome;
  context.link = target->link;
  if (run.loaded != nullptr) {
    for (const auto& d : run.loaded->diagnostics.sorted()) {
      if (d.where.file == options.config_path) context.diagnostics.push_back(d);
    }
    if (run.loaded->config) context.lines = declared_lines(*run.loaded->config);
  }
  const bitbucket::Report report = bitbucket::plan_report(run.plan, context);

  CurlTransport curl(transport_options(options));
  RetryingTransport transport(curl);
  if (auto published = bitbucket::publish_report(transport, *target, report); !published) {
    return warn(published.error().message);
  }
  streams.err << "Code Insights: published the report " << report.id << " (" << report.annotations.size()
              << (report.annotations.size() == 1 ? " annotation" : " annotations") << ") on commit "
              << target->commit << " of " << target->workspace << "/" << target->repo << "\n";
}

}  // namespace linkform
