#pragma once
// The plan as a Bitbucket Code Insights report on the commit (issue 14; spec: Bitbucket's reports.yaml,
// PUT /2.0/repositories/{workspace}/{repo}/commit/{commit}/reports/{id} and POST .../annotations).
//
// Where it goes: inside Bitbucket Pipelines (BITBUCKET_BUILD_NUMBER set) through the Pipelines
// authentication proxy, http://api.bitbucket.org via proxy http://localhost:29418, with no credential at
// all; anywhere else with a bearer token from LINKFORM_CODE_INSIGHTS_TOKEN over https. The repository and
// commit come from BITBUCKET_WORKSPACE, BITBUCKET_REPO_SLUG and BITBUCKET_COMMIT, never from the
// configuration (which a pull request controls).
//
// What it holds: the summary line as details, the counts as data fields, result FAILED only when the plan
// (or the apply) failed; one annotation per change and per manual action, on the line of the
// configuration that declares the resource. Every text passes through redact_known before it is
// shortened, like every other output.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/error.h"
#include "core/http.h"
#include "core/plan.h"
#include "core/secret.h"

namespace linkform::bitbucket {

inline constexpr const char* kInsightsTokenVariable = "LINKFORM_CODE_INSIGHTS_TOKEN";
// The Pipelines authentication proxy, and the variable that points it elsewhere (tests: the emulator).
// Only a loopback proxy is accepted: it is where Pipelines runs it.
inline constexpr const char* kPipelinesProxy = "http://localhost:29418";
inline constexpr const char* kInsightsProxyVariable = "LINKFORM_CODE_INSIGHTS_PROXY";
// Bitbucket's limits (reports.yaml): data fields per report, annotations per report and per request.
inline constexpr std::size_t kMaxDataFields = 10;
inline constexpr std::size_t kMaxAnnotations = 1000;
inline constexpr std::size_t kAnnotationsPerRequest = 100;
// Texts are cut to this many characters (after masking): Bitbucket shows a summary on one line.
inline constexpr std::size_t kMaxSummaryChars = 450;
inline constexpr std::size_t kMaxDetailsChars = 2000;

struct InsightsTarget {
  std::string
      api_url;  // "http://api.bitbucket.org" through the proxy, else https (or $LINKFORM_BITBUCKET_API_URL)
  std::string proxy;  // the Pipelines proxy; empty when a token is used
  std::optional<Secret> token;
  std::string workspace;
  std::string repo;
  std::string commit;
  std::string link;  // the pipeline's page, inside Pipelines
};

// Where a report of this run goes, from the environment; an error says which variable is missing.
Result<InsightsTarget> insights_target(const Environment& env);

struct Annotation {
  std::string external_id;
  std::string summary;
  std::string details;
  std::string severity;  // CRITICAL, HIGH, MEDIUM, LOW
  std::string result;    // empty, or PASSED, FAILED, SKIPPED, IGNORED
  std::string path;      // relative to the repository root; empty: the report as a whole
  int line = 0;          // 0: none
};

struct Report {
  std::string id;  // linkform-<12 hex digits of the configuration's path in the repository>
  std::string title;
  std::string details;
  bool failed = false;
  std::vector<std::pair<std::string, long>> counts;  // NUMBER data fields
  std::string config_path;                           // shown as a TEXT data field
  std::string link;
  std::vector<Annotation> annotations;
};

// What a report is made from besides the plan.
struct ReportContext {
  std::string command = {};           // "plan" or "apply"
  std::string config_path = {};       // the configuration's path relative to the repository root
  std::map<Address, int> lines = {};  // where each resource is declared; the environment is ignored if absent
  bool failed = false;                // the plan or apply failed
  std::vector<std::string> failures = {};    // why, one line each
  std::vector<Diagnostic> diagnostics = {};  // the configuration's errors and warnings, each on its own line
  std::string link = {};                     // the pipeline's page (InsightsTarget::link)
  std::string outcome = {};  // how an apply ended (apply_headline), the details' first line; empty for a plan
};

// The report id of a configuration: the same for every run on that file in that repository.
std::string report_id(const std::string& config_path);

// The report of a plan (null when the configuration could not be planned at all).
Report plan_report(const Plan* plan, const ReportContext& context);

// The request bodies, as reports.yaml defines them; annotation bodies hold at most kAnnotationsPerRequest.
std::string report_body(const Report& report);
std::vector<std::string> annotation_bodies(const Report& report);

// Replaces the report of this commit: DELETE (which drops its old annotations), PUT, then the annotations
// in batches. Errors name the request and Bitbucket's message.
Status publish_report(HttpTransport& transport, const InsightsTarget& target, const Report& report);

}  // namespace linkform::bitbucket
