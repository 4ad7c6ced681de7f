#pragma once
// Which command a machine-readable reporter serves. A JSON or Markdown
// reporter writes one document per run, so it must know whether the plan it
// is shown is the whole story (plan) or will be followed by an apply.

namespace linkform {

enum class ReportMode {
  kPlan,   // the document is written when the plan is shown
  kApply,  // the document is written after the apply, with the plan in it
};

}  // namespace linkform
