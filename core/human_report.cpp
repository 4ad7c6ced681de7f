#include <algorithm>
#include <ostream>

#include "core/report.h"
#include "core/terminal_text.h"

namespace linkform {

namespace {

constexpr const char* kGreen = "32";
constexpr const char* kYellow = "33";
constexpr const char* kRed = "31";
constexpr const char* kCyan = "36";
constexpr const char* kBold = "1";
// Where warnings and errors wrap (wrap_words): a CI log is read in a window about this wide.
constexpr std::size_t kWrapWidth = 100;

const char* action_color(Action a) {
  switch (a) {
    case Action::kCreate:
      return kGreen;
    case Action::kUpdate:
    case Action::kReplace:
      return kYellow;
    case Action::kDelete:
      return kRed;
    case Action::kManual:
    case Action::kBlocked:
      return kCyan;
    case Action::kNoop:
      break;
  }
  return nullptr;
}

// Vendor text (names, descriptions, messages) reaches these lines: shown with controls escaped.
std::string safe(const std::string& text) { return terminal_safe(text); }

std::string pad(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

}  // namespace

std::string matches_sentence(const Plan& plan) {
  const auto& s = plan.sources;
  if (s.empty()) return "The live state matches the configuration.";
  std::string names = s.front();
  for (std::size_t i = 1; i < s.size(); ++i) names += (i + 1 == s.size() ? " and " : ", ") + s[i];
  return names + (s.size() == 1 ? " matches" : " match") + " the configuration.";
}

std::string incomplete_sentence(const Plan& plan) {
  if (plan.errors.empty()) return {};
  const std::size_t n = plan.errors.size();
  return "Plan incomplete: " + std::to_string(n) + (n == 1 ? " read or check" : " reads or checks") +
         " failed (see the errors); " +
         (plan.summary().empty() ? "what could be read matches the configuration."
                                 : "the changes above are those of what could be read.");
}

std::string apply_headline(const ApplyReport& report) {
  if (report.failed) return "Apply failed.";
  if (report.interrupted) return "Apply interrupted.";
  if (!report.pending_manual.empty()) return "Apply incomplete: manual actions remain.";
  return "Apply complete!";
}

std::string render_value(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kAbsent:
      return "";
    case Value::Kind::kNone:
      return "(none)";
    case Value::Kind::kBool:
      return v.flag ? "true" : "false";
    case Value::Kind::kString:
      return "\"" + v.text + "\"";
    case Value::Kind::kUnknown:
      return "(known after apply)";
    case Value::Kind::kList:
      break;
  }
  std::string out = "[";
  for (const auto& i : v.items) out += (out.size() > 1 ? ", \"" : "\"") + i + "\"";
  return out + "]";
}

std::string attribute_text(const AttributeChange& a) {
  if (a.sensitive) return a.changed ? "(sensitive value)" : "(sensitive value, unchanged)";
  if (a.before.absent()) return render_value(a.after);
  if (a.after.absent()) return render_value(a.before);
  return render_value(a.before) + " -> " + render_value(a.after);
}

std::string summary_line(const PlanSummary& s) {
  std::string line = "Plan: " + std::to_string(s.add) + " to add, " + std::to_string(s.change) +
                     " to change, " + std::to_string(s.destroy) + " to destroy, " + std::to_string(s.manual) +
                     " manual";
  if (s.blocked > 0) line += ", " + std::to_string(s.blocked) + " blocked";
  return line + ".";
}

std::string HumanReporter::paint(const std::string& text, const char* code) const {
  if (!style_.color || code == nullptr) return text;
  return std::string("\x1b[") + code + "m" + text + "\x1b[0m";
}

std::string HumanReporter::label(const ResourceChange& c, bool show_environments) const {
  return safe(c.address.label(show_environments));
}

void HumanReporter::reading() { out_ << "Reading live state...\n" << std::flush; }

void HumanReporter::change(const ResourceChange& c, bool show_environments) {
  out_ << "  " << paint(action_marker(c.action), action_color(c.action)) << " "
       << paint(label(c, show_environments), kBold) << " " << safe(c.headline) << "\n";
  std::size_t width = 0;
  for (const auto& a : c.attributes) width = std::max(width, a.name.size());
  for (const auto& a : c.attributes) {
    const Action shown = attribute_action(c, a);
    const char* marker = a.changed ? action_marker(shown) : " ";
    out_ << "      " << paint(marker, a.changed ? action_color(shown) : nullptr) << " "
         << pad(safe(a.name), width) << " = " << safe(attribute_text(a)) << "\n";
  }
  for (const auto& n : c.notes) out_ << "      " << safe(n) << "\n";
  int number = 0;
  for (const auto& step : c.steps) {
    const auto lines = split_lines(step);
    out_ << "      " << ++number << ". " << safe(lines.front()) << "\n";
    for (std::size_t i = 1; i < lines.size(); ++i) out_ << "         " << safe(lines[i]) << "\n";
  }
  out_ << "\n";
}

void HumanReporter::plan(const Plan& plan) {
  show_environments_ = plan.show_environments;
  for (const auto& o : plan.observations) {
    out_ << "  " << safe(o.address.label(plan.show_environments)) << ": " << safe(o.text) << "\n";
  }
  out_ << "\n";
  // Wrapped with a hanging indent: a CI log does not wrap a 300-character line where a person can read it.
  for (const auto& w : plan.warnings)
    out_ << paint("Warning:", kYellow) << " " << wrap_words(safe(w), kWrapWidth, 9) << "\n\n";
  const PlanSummary summary = plan.summary();
  const std::string incomplete = incomplete_sentence(plan);
  if (summary.empty() && !incomplete.empty()) {
    out_ << paint(incomplete, kRed) << "\n" << std::flush;
    return;
  }
  if (summary.empty()) {
    out_ << paint("No changes.", kGreen) << " " << safe(matches_sentence(plan)) << "\n";
    return;
  }
  out_ << "linkform will perform the following actions:\n\n";
  for (const auto& c : plan.changes) {
    if (c.action != Action::kNoop) change(c, plan.show_environments);
  }
  out_ << paint(summary_line(summary), kBold) << "\n";
  if (!incomplete.empty()) out_ << paint(incomplete, kRed) << "\n";
  out_ << std::flush;
}

void HumanReporter::apply_event(const ApplyEvent& e) {
  const std::string who = label(*e.change, show_environments_);
  const Action a = e.change->action;
  switch (e.step) {
    case ApplyStep::kStarting:
      out_ << who << ": "
           << (a == Action::kCreate    ? "Creating..."
               : a == Action::kUpdate  ? "Modifying..."
               : a == Action::kReplace ? "Creating the replacement..."
                                       : "Destroying...")
           << "\n";
      break;
    case ApplyStep::kDone:
      out_ << who << ": "
           << (a == Action::kCreate    ? "Creation complete"
               : a == Action::kUpdate  ? "Modifications complete"
               : a == Action::kReplace ? "Replacement created"
                                       : "Destruction complete")
           << (e.detail.empty() ? "" : " (" + safe(e.detail) + ")") << "\n";
      break;
    case ApplyStep::kFailed:
      err_ << paint("Error:", kRed) << " " << who << ": " << safe(e.detail) << "\n";
      break;
    case ApplyStep::kSkipped:
      out_ << who << ": not started\n";
      break;
  }
  // Progress must reach a CI log (a pipe) as it happens, not when linkform exits.
  out_.flush();
}

void HumanReporter::apply_summary(const Plan& plan, const ApplyReport& report) {
  const std::string counts = applied_counts_line(plan, report);
  out_ << "\n";
  if (report.failed || report.interrupted) {
    err_ << paint(apply_headline(report), kRed) << " " << counts << "\n";
    auto list = [&](const std::vector<Address>& v) {
      std::string s;
      for (const auto& a : v) s += (s.empty() ? "" : ", ") + safe(a.label(plan.show_environments));
      return s.empty() ? std::string("nothing") : s;
    };
    err_ << "  done:     " << list(report.done) << "\n";
    err_ << "  not done: " << list(report.not_done) << "\n";
    err_ << "Run linkform plan to see what remains.\n";
    return;
  }
  out_ << paint(apply_headline(report), report.pending_manual.empty() ? kGreen : kYellow) << " " << counts
       << "\n";
  if (!report.pending_manual.empty()) {
    out_ << "Manual actions remain: ";
    for (std::size_t i = 0; i < report.pending_manual.size(); ++i) {
      out_ << (i > 0 ? ", " : "") << safe(report.pending_manual[i].label(plan.show_environments));
    }
    out_ << " (see the steps above).\n";
  }
}

void HumanReporter::error(const std::string& message) {
  for (const auto& line : split_lines(message)) err_ << paint("Error:", kRed) << " " << safe(line) << "\n";
}

}  // namespace linkform
