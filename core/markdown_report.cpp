// The Markdown documents of `plan --markdown` and `apply --markdown`; the
// layout and the size rule are documented in markdown_report.h.

#include "core/markdown_report.h"

#include <algorithm>
#include <ostream>
#include <vector>

#include "core/terminal_text.h"

namespace linkform {

namespace {

// Text placed in HTML (<summary>) or in Markdown prose: no tag may open.
std::string escape_html(const std::string& text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string label(const ResourceChange& c, bool show_environments) {
  return c.address.label(show_environments);
}

// A fence longer than any backtick run in the content, so a value cannot
// close the code block.
std::string fence_for(const std::string& content) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (char ch : content) {
    run = ch == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

std::string diff_block(const ResourceChange& c) {
  std::size_t width = 0;
  for (const auto& a : c.attributes) width = std::max(width, a.name.size());
  std::string lines;
  for (const auto& a : c.attributes) {
    const std::string value = attribute_text(a);
    const std::string marker = a.changed ? action_marker(attribute_action(c, a)) : " ";
    lines += marker + " " + a.name + std::string(width - a.name.size(), ' ') + " = " + value + "\n";
  }
  const std::string fence = fence_for(lines);
  return fence + "diff\n" + lines + fence + "\n";
}

// A numbered item; continuation lines of a step become hard line breaks.
std::string step_item(int number, const std::string& step) {
  const auto lines = split_lines(step);
  std::string out = std::to_string(number) + ". " + escape_html(lines.front());
  for (std::size_t i = 1; i < lines.size(); ++i) out += "\\\n   " + escape_html(lines[i]);
  return out + "\n";
}

std::string resource_section(const ResourceChange& c, bool show_environments) {
  std::string out = "<details><summary><code>" + std::string(action_marker(c.action)) + "</code> <b>" +
                    escape_html(label(c, show_environments)) + "</b> " + escape_html(c.headline) +
                    "</summary>\n\n";
  if (!c.attributes.empty()) out += diff_block(c) + "\n";
  for (const auto& n : c.notes) out += "- " + escape_html(n) + "\n";
  if (!c.notes.empty()) out += "\n";
  if (c.action == Action::kBlocked && !c.depends_on.empty()) {
    std::string waits;
    for (const auto& d : c.depends_on)
      waits += (waits.empty() ? "" : ", ") + ("<code>" + escape_html(d.str()) + "</code>");
    out += "Waits for " + waits + ".\n\n";
  }
  int number = 0;
  for (const auto& s : c.steps) out += step_item(++number, s);
  if (!c.steps.empty()) out += "\n";
  return out + "</details>\n\n";
}

std::string observations_section(const Plan& plan) {
  if (plan.observations.empty()) return {};
  std::string out = "<details><summary>Live state read (" + std::to_string(plan.observations.size()) +
                    (plan.observations.size() == 1 ? " line" : " lines") + ")</summary>\n\n";
  for (const auto& o : plan.observations) {
    const std::string who = o.address.label(plan.show_environments);
    out += "- <code>" + escape_html(who) + "</code>: " + escape_html(o.text) + "\n";
  }
  return out + "\n</details>\n\n";
}

std::string header(const std::string& title, const Plan& plan) {
  const PlanSummary s = plan.summary();
  std::string out = "## " + title + "\n\n";
  out += "| To add | To change | To destroy | Manual | Blocked |\n";
  out += "|-------:|----------:|-----------:|-------:|--------:|\n";
  out += "| " + std::to_string(s.add) + " | " + std::to_string(s.change) + " | " + std::to_string(s.destroy) +
         " | " + std::to_string(s.manual) + " | " + std::to_string(s.blocked) + " |\n\n";
  for (const auto& e : plan.errors) out += "> **Error:** " + escape_html(e) + "\n\n";
  for (const auto& w : plan.warnings) out += "> **Warning:** " + escape_html(w) + "\n\n";
  const std::string incomplete = plan.errors.empty() ? "" : "**" + incomplete_sentence(plan) + "**\n\n";
  if (s.empty() && !incomplete.empty()) return out + incomplete;
  if (s.empty()) return out + "**No changes.** " + escape_html(matches_sentence(plan)) + "\n\n";
  return out + "**" + summary_line(s) + "**\n\n" + incomplete;
}

std::string left_out_notice(std::size_t left_out, std::size_t total, bool observations_left_out,
                            std::size_t max_bytes) {
  std::string out = "> **";
  if (left_out > 0) {
    out += std::to_string(left_out) + " of " + std::to_string(total) + " resource changes are not shown";
    if (observations_left_out) out += ", nor the live state read,";
  } else {
    out += "The live state read is not shown";
  }
  return out + "** to keep this under " + std::to_string(max_bytes / 1000) +
         " KB. Run `linkform plan` for the full output.\n";
}

// Cuts at a UTF-8 character boundary; only reached when max_bytes is too
// small even for the summary table.
std::string cut(std::string text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

std::string render(const Plan& plan, const std::string& title, const std::string& preamble,
                   std::size_t max_bytes) {
  const std::string head = header(title, plan) + preamble;
  std::vector<std::string> sections;
  std::size_t sections_size = 0;
  for (const auto& c : plan.changes) {
    if (c.action == Action::kNoop) continue;
    sections.push_back(resource_section(c, plan.show_environments));
    sections_size += sections.back().size();
  }
  const std::string observations = observations_section(plan);
  if (head.size() + sections_size + observations.size() <= max_bytes) {
    std::string out = head;
    for (const auto& s : sections) out += s;
    return out + observations;
  }
  // The notice is sized for the most it can say, so what is kept stays fits.
  const std::size_t reserve = left_out_notice(sections.size(), sections.size(), true, max_bytes).size();
  const std::size_t budget = max_bytes > head.size() + reserve ? max_bytes - head.size() - reserve : 0;
  std::string out = head;
  std::size_t kept = 0;
  std::size_t used = 0;
  for (; kept < sections.size() && used + sections[kept].size() <= budget; ++kept) {
    used += sections[kept].size();
    out += sections[kept];
  }
  out += left_out_notice(sections.size() - kept, sections.size(), !observations.empty(), max_bytes);
  return cut(std::move(out), max_bytes);
}

std::string address_list(const std::vector<Address>& addresses, bool show_environments) {
  std::string out;
  for (const auto& a : addresses)
    out += (out.empty() ? "" : ", ") + ("<code>" + escape_html(a.label(show_environments)) + "</code>");
  return out.empty() ? "nothing" : out;
}

std::string apply_outcome(const Plan& plan, const ApplyReport& report) {
  const std::string counts = applied_counts_line(plan, report);
  std::string out = "### Apply\n\n";
  if (report.failed || report.interrupted) {
    out += "**" + apply_headline(report) + "** " + counts + "\n\n";
    out += "- Done: " + address_list(report.done, plan.show_environments) + "\n";
    out += "- Not done: " + address_list(report.not_done, plan.show_environments) + "\n";
    if (!report.failure.empty()) out += "- First failure: " + escape_html(report.failure) + "\n";
  } else {
    out += "**" + apply_headline(report) + "** " + counts + "\n\n";
    out += "- Done: " + address_list(report.done, plan.show_environments) + "\n";
  }
  if (!report.pending_manual.empty()) {
    out += "- Manual actions remain: " + address_list(report.pending_manual, plan.show_environments) +
           " (see the steps below)\n";
  }
  return out + "\n### Plan\n\n";
}

}  // namespace

std::string plan_to_markdown(const Plan& plan, std::size_t max_bytes) {
  return render(plan, "linkform plan", "", max_bytes);
}

std::string apply_to_markdown(const Plan& plan, const ApplyReport& report, std::size_t max_bytes) {
  return render(plan, "linkform apply", apply_outcome(plan, report), max_bytes);
}

std::string error_to_markdown(const std::string& title, const std::string& message) {
  const std::string body = message.ends_with('\n') ? message : message + "\n";
  const std::string fence = fence_for(body);
  return "## " + title + " failed\n\n" + fence + "\n" + body + fence + "\n";
}

MarkdownReporter::~MarkdownReporter() { finish(); }

void MarkdownReporter::plan(const Plan& plan) {
  if (done_) return;
  if (mode_ == ReportMode::kApply) {
    pending_ = plan;
    return;
  }
  out_ << plan_to_markdown(plan, max_bytes_) << std::flush;
  done_ = true;
}

void MarkdownReporter::apply_summary(const Plan& plan, const ApplyReport& report) {
  if (done_) return;
  out_ << apply_to_markdown(plan, report, max_bytes_) << std::flush;
  done_ = true;
  pending_.reset();
}

void MarkdownReporter::error(const std::string& message) {
  for (const auto& line : split_lines(message)) err_ << "Error: " << line << "\n";
  err_ << std::flush;
  if (!done_) {
    out_ << error_to_markdown(mode_ == ReportMode::kApply ? "linkform apply" : "linkform plan", message)
         << std::flush;
  }
  done_ = true;
  pending_.reset();
}

void MarkdownReporter::finish() {
  if (done_ || !pending_) return;
  out_ << render(*pending_, "linkform apply", "Nothing was applied.\n\n", max_bytes_) << std::flush;
  done_ = true;
  pending_.reset();
}

}  // namespace linkform
