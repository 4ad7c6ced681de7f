#pragma once
// Everything linkform shows a person goes through a Reporter; core/ and
// providers/ never write to stdout themselves (ARCHITECTURE.md).

#include <iosfwd>
#include <string>

#include "core/apply.h"
#include "core/plan.h"

namespace linkform {

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void reading() = 0;               // before the live state is read
  virtual void plan(const Plan& plan) = 0;  // what was read, and the actions
  virtual void apply_event(const ApplyEvent& event) = 0;
  virtual void apply_summary(const Plan& plan, const ApplyReport& report) = 0;
  virtual void error(const std::string& message) = 0;  // one or more lines
};

struct HumanStyle {
  bool color = false;
};

// Terraform-shaped text: plan and progress on `out`, errors on `err`.
class HumanReporter final : public Reporter {
 public:
  HumanReporter(std::ostream& out, std::ostream& err, HumanStyle style)
      : out_(out), err_(err), style_(style) {}
  void reading() override;
  void plan(const Plan& plan) override;
  void apply_event(const ApplyEvent& event) override;
  void apply_summary(const Plan& plan, const ApplyReport& report) override;
  void error(const std::string& message) override;

 private:
  [[nodiscard]] std::string paint(const std::string& text, const char* code) const;
  [[nodiscard]] std::string label(const ResourceChange& change, bool show_environments) const;
  void change(const ResourceChange& change, bool show_environments);
  std::ostream& out_;
  std::ostream& err_;
  HumanStyle style_;
  bool show_environments_ = false;
};

std::string summary_line(const PlanSummary& summary);

// "A and B match the configuration." for the plan's sources A and B; "The live state matches the
// configuration." when it names none.
std::string matches_sentence(const Plan& plan);

// For a plan some of whose reads or checks failed: "Plan incomplete: 4 reads or checks failed (see the
// errors); what could be read matches the configuration." (or "...; the changes above are those of what
// could be read."). Empty when nothing failed. It never says "No changes": a CI step that looks for those
// words must not find them in a failed run.
std::string incomplete_sentence(const Plan& plan);

// How an apply ended, as its summary line begins: "Apply failed.", "Apply interrupted.", "Apply
// incomplete: manual actions remain." (exit code 3) or "Apply complete!".
std::string apply_headline(const ApplyReport& report);

// A value as every text reporter shows it: "\"text\"", true, ["a", "b"], (none); empty when absent.
std::string render_value(const Value& value);
// An attribute's value column: "before -> after", the one side it has, or "(sensitive value...)".
std::string attribute_text(const AttributeChange& attribute);

}  // namespace linkform
