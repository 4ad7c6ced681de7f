#include "providers/gitlab/client.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <iterator>
#include <utility>

#include "core/url.h"
#include "providers/transport/http_messages.h"
#include "providers/transport/json_reply.h"

namespace linkform::gitlab {

namespace {

constexpr int kPerPage = 100;
constexpr int kMaxPages = 50;

Result<RemoteApplication> read_application(const rapidjson::Value& v, std::string_view what) {
  if (!v.IsObject()) return fail(json::parse_error(what, "an application is not an object"));
  RemoteApplication a;
  const auto* id = json::member(v, "id");
  if (id == nullptr || !id->IsInt64()) return fail(json::parse_error(what, "field \"id\" is not an integer"));
  a.id = id->GetInt64();
  json::FieldReader r(v, std::string(what));
  a.application_id = r.string("application_id");
  a.name = r.string("application_name");
  a.callback_url = r.string("callback_url");
  a.confidential = r.optional_boolean("confidential").value_or(true);
  a.scopes = r.optional_string_array("scopes").value_or(std::vector<std::string>{});
  if (!r.ok()) return fail(*r.error());
  return a;
}

std::string scopes_text(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& s : scopes) out += (out.empty() ? "" : " ") + s;  // space-separated, as GitLab takes them
  return out;
}

}  // namespace

Result<RemoteApplication> parse_application(std::string_view body, std::string_view what) {
  auto doc = json::parse(body, what);
  if (!doc) return fail(doc.error());
  return read_application(*doc, what);
}

Result<std::vector<RemoteApplication>> parse_applications(std::string_view body, std::string_view what) {
  auto doc = json::parse(body, what);
  if (!doc) return fail(doc.error());
  if (!doc->IsArray()) return fail(json::parse_error(what, "the reply is not a list"));
  std::vector<RemoteApplication> out;
  for (const auto& v : doc->GetArray()) {
    auto a = read_application(v, what);
    if (!a) return fail(a.error());
    out.push_back(std::move(*a));
  }
  return out;
}

std::string gitlab_message(std::string_view body) {
  auto doc = json::parse(body, "reply");
  if (!doc || !doc->IsObject()) return {};
  if (const auto* m = json::member(*doc, "message")) {
    if (m->IsString()) return m->GetString();
    if (m->IsObject()) {  // {"message": {"field": ["problem", ...]}}
      std::string out;
      for (const auto& field : m->GetObject()) {
        if (!field.value.IsArray()) continue;
        for (const auto& p : field.value.GetArray()) {
          if (p.IsString())
            out += (out.empty() ? "" : "; ") + std::string(field.name.GetString()) + " " + p.GetString();
        }
      }
      return out;
    }
  }
  if (const auto* e = json::member(*doc, "error"); e != nullptr && e->IsString()) {
    std::string out = e->GetString();
    if (const auto* d = json::member(*doc, "error_description"); d != nullptr && d->IsString())
      out += ": " + std::string(d->GetString());
    return out;
  }
  return {};
}

GitlabClient::GitlabClient(HttpTransport& transport, std::string url, std::string group, Secret token)
    : transport_(transport), url_(std::move(url)), group_(std::move(group)), token_(std::move(token)) {}

std::string GitlabClient::applications_path() const {
  return "/api/v4/groups/" + url_encode(group_) + "/applications";
}

Result<HttpResponse> GitlabClient::call(const std::string& method, const std::string& path,
                                        const std::string& body, const std::vector<const Secret*>& secrets) {
  HttpRequest request{method, join_url(url_, path), {{"PRIVATE-TOKEN", token_.reveal()}}, body};
  if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  request.label = "gitlab";
  auto response = transport_.send(request);
  if (!response) return response;
  if (response->status >= 200 && response->status < 300) return response;
  std::vector<const Secret*> masked = secrets;
  masked.push_back(&token_);
  std::string message = method + " " + path_without_query(request.url) + ": " + status_text(response->status);
  const std::string text = redact(response->body, masked);
  const std::string vendor = gitlab_message(text);
  message += ": " + (vendor.empty() ? body_excerpt(text) : vendor);
  if (response->status == 401)
    message += " (the token of [gitlab] is missing, wrong, expired or revoked)";
  else if (response->status == 403)
    message += " (the token needs the api scope, and its user the Owner role in group \"" + group_ + "\")";
  else if (response->status == 429)
    message += " (rate limited by GitLab; wait before retrying)";
  message += attempts_suffix(*response);
  const ErrorKind kind = response->status == 404   ? ErrorKind::kNotFound
                         : response->status == 409 ? ErrorKind::kConflict
                                                   : ErrorKind::kHttp;
  return fail(Error{kind, redact(std::move(message), masked), response->status});
}

Result<std::vector<RemoteApplication>> GitlabClient::list_applications() {
  std::vector<RemoteApplication> all;
  std::string page = "1";
  for (int pages = 0; !page.empty(); ++pages) {
    if (pages == kMaxPages)
      return fail(Error::invalid("GET " + applications_path() + ": more than " + std::to_string(kMaxPages) +
                                 " pages of applications"));
    const std::string path = applications_path() + "?per_page=" + std::to_string(kPerPage) + "&page=" + page;
    auto response = call("GET", path, "", {});
    if (!response) return fail(response.error());
    auto listed = parse_applications(response->body, "GET " + applications_path());
    if (!listed) return fail(listed.error());
    std::ranges::move(*listed, std::back_inserter(all));
    const std::string next = response->header("x-next-page").value_or("");
    page = next == page ? "" : next;  // a server that repeats a page does not loop
  }
  return all;
}

Result<CreatedApplication> GitlabClient::create_application(const std::string& name,
                                                            const std::string& redirect_uri,
                                                            const std::vector<std::string>& scopes,
                                                            bool confidential) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("name");
  w.String(name);
  w.Key("redirect_uri");
  w.String(redirect_uri);
  w.Key("scopes");
  w.String(scopes_text(scopes));
  w.Key("confidential");
  w.Bool(confidential);
  w.EndObject();
  auto response = call("POST", applications_path(), buffer.GetString(), {});
  if (!response) return fail(response.error());
  const std::string what = "POST " + applications_path();
  auto doc = json::parse(response->body, what);
  if (!doc) return fail(doc.error());
  auto application = read_application(*doc, what);
  if (!application) return fail(application.error());
  json::FieldReader r(*doc, what);
  Secret secret(r.string("secret"));
  if (!r.ok()) return fail(*r.error());
  return CreatedApplication{std::move(*application), std::move(secret)};
}

Result<RemoteApplication> GitlabClient::update_application(long long id, const std::string& name,
                                                           const std::vector<std::string>& scopes) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("name");
  w.String(name);
  w.Key("scopes");
  w.String(scopes_text(scopes));
  w.EndObject();
  const std::string path = applications_path() + "/" + std::to_string(id);
  auto response = call("PUT", path, buffer.GetString(), {});
  if (!response) return fail(response.error());
  return parse_application(response->body, "PUT " + path);
}

Status GitlabClient::delete_application(long long id) {
  auto response = call("DELETE", applications_path() + "/" + std::to_string(id), "", {});
  if (!response) return fail(response.error());
  return {};
}

}  // namespace linkform::gitlab
