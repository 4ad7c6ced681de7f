#pragma once
// Markdown output for a pull-request comment or $GITHUB_STEP_SUMMARY:
// `linkform plan --markdown`, `linkform apply --markdown`.
//
// The document (GitHub-flavoured Markdown):
//   ## linkform plan
//   | To add | To change | To destroy | Manual | Blocked |   always present
//   Plan: 1 to add, 0 to change, 0 to destroy, 1 manual.   the human summary line
//   <details> per resource that is not a no-op: a ```diff block of its
//     attributes (+ create, - delete, ~ update, blank for context), its
//     notes as a list, and its manual steps as a numbered list
//   <details> "Live state read": the observations
//
// The document is never longer than `max_bytes` (default 60,000, under
// GitHub's 65,536-character comment limit). When everything does not fit,
// the table and summary line stay, the per-resource details are kept in plan
// order as far as they fit, and a line says how many were left out and to
// run `linkform plan` for the full output.

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>

#include "core/report.h"
#include "core/report_mode.h"

namespace linkform {

inline constexpr std::size_t kMarkdownMaxBytes = 60000;

std::string plan_to_markdown(const Plan& plan, std::size_t max_bytes = kMarkdownMaxBytes);
// The plan document titled "linkform apply", with the apply's outcome after
// the summary table. Same size limit.
std::string apply_to_markdown(const Plan& plan, const ApplyReport& report,
                              std::size_t max_bytes = kMarkdownMaxBytes);
// A short document saying the command failed, with the message.
std::string error_to_markdown(const std::string& title, const std::string& message);

// Writes one Markdown document to `out` per run: in kPlan mode when the plan
// is shown; in kApply mode at apply_summary(), or at finish() when no apply
// happened. An error is written as "Error: ..." lines to `err` and as a
// short failure document to `out` (so a step summary shows it), and
// suppresses the plan document.
class MarkdownReporter final : public Reporter {
 public:
  MarkdownReporter(std::ostream& out, std::ostream& err, ReportMode mode,
                   std::size_t max_bytes = kMarkdownMaxBytes)
      : out_(out), err_(err), mode_(mode), max_bytes_(max_bytes) {}
  ~MarkdownReporter() override;
  MarkdownReporter(const MarkdownReporter&) = delete;
  MarkdownReporter& operator=(const MarkdownReporter&) = delete;

  void reading() override {}
  void plan(const Plan& plan) override;
  void apply_event(const ApplyEvent& /*event*/) override {}
  void apply_summary(const Plan& plan, const ApplyReport& report) override;
  void error(const std::string& message) override;
  // Writes the pending plan of kApply mode when apply_summary was never
  // called. Idempotent; the destructor calls it too.
  void finish();

 private:
  std::ostream& out_;
  std::ostream& err_;
  ReportMode mode_;
  std::size_t max_bytes_;
  std::optional<Plan> pending_;
  bool done_ = false;
};

}  // namespace linkform
