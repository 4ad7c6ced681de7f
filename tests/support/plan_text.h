#pragma once
// One planned resource as `linkform plan` shows it, for planner golden tests.

#include <sstream>
#include <string>

#include "core/report.h"

namespace linkform::testing {

inline std::string plan_text(const ResourceChange& change, const std::string& observation = "") {
  Plan plan;
  plan.sources = {"Bitbucket", "Frontegg"};
  if (!observation.empty()) plan.observations.push_back({change.address, observation});
  plan.changes.push_back(change);
  std::ostringstream out;
  std::ostringstream err;
  HumanReporter(out, err, HumanStyle{false}).plan(plan);
  return out.str() + err.str();
}

}  // namespace linkform::testing
