// The JSON documents of `plan --json` and `apply --json`; the schema is
// documented in json_report.h. Written with RapidJSON's writer so escaping
// is never done by hand.

#include "core/json_report.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <ostream>

#include "core/terminal_text.h"
#include "core/value_json.h"
#include "core/version.h"

namespace linkform {

namespace {

using JsonWriter = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

const char* action_name(Action a) {
  switch (a) {
    case Action::kCreate:
      return "create";
    case Action::kUpdate:
      return "update";
    case Action::kDelete:
      return "delete";
    case Action::kManual:
      return "manual";
    case Action::kBlocked:
      return "blocked";
    case Action::kReplace:  // written as its two steps, ["create", "delete"] (resource_change)
    case Action::kNoop:
      break;
  }
  return "no-op";
}

const char* step_name(ApplyStep s) {
  switch (s) {
    case ApplyStep::kStarting:
      return "starting";
    case ApplyStep::kDone:
      return "done";
    case ApplyStep::kFailed:
      return "failed";
    case ApplyStep::kSkipped:
      break;
  }
  return "skipped";
}

void string_or_null(JsonWriter& w, const std::string& s) {
  if (s.empty()) {
    w.Null();
  } else {
    w.String(s);
  }
}

template <class Writer>
void string_array(Writer& w, const std::vector<std::string>& items) {
  w.StartArray();
  for (const auto& i : items) w.String(i);
  w.EndArray();
}

template <class Writer>
void address_array(Writer& w, const std::vector<Address>& items) {
  w.StartArray();
  for (const auto& i : items) w.String(i.str());
  w.EndArray();
}

// One side of the change: the non-sensitive attributes that have a value on
// that side.
void attribute_values(JsonWriter& w, const ResourceChange& c, bool before) {
  w.StartObject();
  for (const auto& a : c.attributes) {
    const Value& value = before ? a.before : a.after;
    if (a.sensitive || value.absent() || value.kind == Value::Kind::kUnknown) continue;
    w.Key(a.name);
    write_json_value(w, value);
  }
  w.EndObject();
}

void sensitive_flags(JsonWriter& w, const ResourceChange& c, bool before) {
  const Action side_missing = before ? Action::kCreate : Action::kDelete;
  w.StartObject();
  if (c.action != side_missing) {
    for (const auto& a : c.attributes) {
      if (!a.sensitive) continue;
      w.Key(a.name);
      w.Bool(true);
    }
  }
  w.EndObject();
}

void change_object(JsonWriter& w, const ResourceChange& c) {
  w.StartObject();
  w.Key("before");
  attribute_values(w, c, true);
  w.Key("after");
  attribute_values(w, c, false);
  w.Key("before_sensitive");
  sensitive_flags(w, c, true);
  w.Key("after_sensitive");
  sensitive_flags(w, c, false);
  // As Terraform's plan JSON: the attributes whose value only the apply learns.
  w.Key("after_unknown");
  w.StartObject();
  for (const auto& a : c.attributes) {
    if (a.sensitive || a.after.kind != Value::Kind::kUnknown) continue;
    w.Key(a.name);
    w.Bool(true);
  }
  w.EndObject();
  w.Key("changed_attributes");
  w.StartArray();
  for (const auto& a : c.attributes) {
    if (a.changed) w.String(a.name);
  }
  w.EndArray();
  w.EndObject();
}

void resource_change(JsonWriter& w, const ResourceChange& c) {
  w.StartObject();
  w.Key("address");
  w.String(c.address.str());
  w.Key("type");
  w.String(c.address.type);
  w.Key("name");
  w.String(c.address.name);
  w.Key("environment");
  string_or_null(w, c.address.environment);
  w.Key("actions");
  w.StartArray();
  if (c.action == Action::kReplace) {  // create before destroy, in that order, as Terraform writes it
    w.String("create");
    w.String("delete");
  } else {
    w.String(action_name(c.action));
  }
  w.EndArray();
  w.Key("headline");
  w.String(c.headline);
  w.Key("remote_id");
  string_or_null(w, c.remote_id);
  w.Key("change");
  change_object(w, c);
  w.Key("notes");
  string_array(w, c.notes);
  w.Key("manual_steps");
  string_array(w, c.steps);
  w.Key("depends_on");
  address_array(w, c.depends_on);
  w.EndObject();
}

void summary_object(JsonWriter& w, const PlanSummary& s) {
  w.StartObject();
  w.Key("add");
  w.Int(s.add);
  w.Key("change");
  w.Int(s.change);
  w.Key("destroy");
  w.Int(s.destroy);
  w.Key("manual");
  w.Int(s.manual);
  w.Key("blocked");
  w.Int(s.blocked);
  w.EndObject();
}

// The members every plan document has, inside an object already started.
void plan_members(JsonWriter& w, const Plan& plan) {
  w.Key("format_version");
  w.String(kJsonFormatVersion);
  w.Key("linkform_version");
  w.String(kVersion);
  w.Key("resource_changes");
  w.StartArray();
  for (const auto& c : plan.changes) resource_change(w, c);
  w.EndArray();
  w.Key("observations");
  w.StartArray();
  for (const auto& o : plan.observations) {
    w.StartObject();
    w.Key("address");
    w.String(o.address.str());
    w.Key("environment");
    string_or_null(w, o.address.environment);
    w.Key("text");
    w.String(o.text);
    w.EndObject();
  }
  w.EndArray();
  w.Key("summary");
  summary_object(w, plan.summary());
  // Present only when there is something to say, so a clean plan's document is unchanged.
  if (!plan.warnings.empty()) {
    w.Key("warnings");
    string_array(w, plan.warnings);
  }
  if (!plan.errors.empty()) {
    w.Key("errors");
    string_array(w, plan.errors);
  }
}

void apply_object(JsonWriter& w, const ApplyReport& report, const std::vector<ApplyEvent>& events) {
  w.StartObject();
  w.Key("done");
  address_array(w, report.done);
  w.Key("not_done");
  address_array(w, report.not_done);
  w.Key("pending_manual");
  address_array(w, report.pending_manual);
  w.Key("failed");
  w.Bool(report.failed);
  w.Key("failure");
  string_or_null(w, report.failure);
  w.Key("interrupted");
  w.Bool(report.interrupted);
  w.Key("events");
  w.StartArray();
  for (const auto& e : events) {
    if (e.step == ApplyStep::kStarting || e.change == nullptr) continue;
    w.StartObject();
    w.Key("address");
    w.String(e.change->address.str());
    w.Key("step");
    w.String(step_name(e.step));
    w.Key("detail");
    string_or_null(w, e.detail);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void configure(JsonWriter& w) {
  w.SetIndent(' ', 2);
  w.SetFormatOptions(rapidjson::kFormatSingleLineArray);
}

}  // namespace

std::string plan_to_json(const Plan& plan) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  configure(w);
  w.StartObject();
  plan_members(w, plan);
  w.EndObject();
  return json_controls_escaped(std::string(buffer.GetString(), buffer.GetSize())) + "\n";
}

std::string apply_to_json(const Plan& plan, const ApplyReport& report,
                          const std::vector<ApplyEvent>& events) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  configure(w);
  w.StartObject();
  plan_members(w, plan);
  w.Key("apply");
  apply_object(w, report, events);
  w.EndObject();
  return json_controls_escaped(std::string(buffer.GetString(), buffer.GetSize())) + "\n";
}

std::string error_to_json(const std::string& message) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("format_version");
  w.String(kJsonFormatVersion);
  w.Key("error");
  w.StartObject();
  w.Key("message");
  w.String(message);
  w.EndObject();
  w.EndObject();
  return json_controls_escaped(std::string(buffer.GetString(), buffer.GetSize())) + "\n";
}

std::string validate_to_json(const Diagnostics& diagnostics,
                             const std::vector<std::pair<std::string, std::size_t>>& counts) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("format_version");
  w.String(kJsonFormatVersion);
  w.Key("valid");
  w.Bool(!diagnostics.has_errors());
  w.Key("error_count");
  w.Int(diagnostics.error_count());
  w.Key("warning_count");
  w.Int(diagnostics.warning_count());
  w.Key("diagnostics");
  w.StartArray();
  for (const auto& d : diagnostics.sorted()) {
    w.StartObject();
    w.Key("severity");
    w.String(d.severity == Severity::kError ? "error" : "warning");
    w.Key("file");
    w.String(d.where.file);
    w.Key("line");
    d.where.line > 0 ? w.Int(d.where.line) : w.Null();
    w.Key("column");
    d.where.line > 0 && d.where.column > 0 ? w.Int(d.where.column) : w.Null();
    w.Key("message");
    w.String(d.message);
    w.EndObject();
  }
  w.EndArray();
  w.Key("resources");
  if (diagnostics.has_errors()) {
    w.Null();
  } else {
    w.StartObject();
    for (const auto& [name, n] : counts) {
      w.Key(name);
      w.Uint64(n);
    }
    w.EndObject();
  }
  w.EndObject();
  return json_controls_escaped(std::string(buffer.GetString(), buffer.GetSize())) + "\n";
}

JsonReporter::~JsonReporter() { finish(); }

void JsonReporter::plan(const Plan& plan) {
  if (done_) return;
  if (mode_ == ReportMode::kApply) {
    pending_ = plan;
    return;
  }
  out_ << plan_to_json(plan) << std::flush;
  done_ = true;
}

void JsonReporter::apply_event(const ApplyEvent& event) { events_.push_back(event); }

void JsonReporter::apply_summary(const Plan& plan, const ApplyReport& report) {
  if (done_) return;
  out_ << apply_to_json(plan, report, events_) << std::flush;
  done_ = true;
  pending_.reset();
}

void JsonReporter::error(const std::string& message) {
  err_ << error_to_json(message) << std::flush;
  done_ = true;
  pending_.reset();
}

void JsonReporter::finish() {
  if (done_ || !pending_) return;
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  configure(w);
  w.StartObject();
  plan_members(w, *pending_);
  w.Key("apply");
  w.Null();
  w.EndObject();
  out_ << json_controls_escaped(std::string(buffer.GetString(), buffer.GetSize())) << "\n" << std::flush;
  done_ = true;
  pending_.reset();
}

}  // namespace linkform
