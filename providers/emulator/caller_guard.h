#pragma once
// Who may drive the emulator. It has no real authentication and holds every secret it was given, so only
// programs on this machine may use it: a web page must not (any page can send a simple POST to loopback,
// and DNS rebinding lets one read the replies).

#include <httplib.h>

#include <optional>

#include "providers/emulator/common/reply.h"

namespace linkform::emulator {

// nullopt when the request may be served, else the refusal (403 or 415, an {"errors":[...]} body):
//  - a Host that is not loopback (a rebound DNS name), unless `loopback_only` is off
//    (--allow-non-loopback) or the request is in proxy form (the Pipelines proxy's; no browser sends one);
//  - any Origin header but a loopback origin: browsers send one, curl and linkform do not;
//  - a body sent as text/plain or multipart/form-data, the types a page may post without asking: the
//    emulator's bodies are JSON (or, on Bitbucket's token endpoint, a form).
std::optional<Reply> refuse_foreign_caller(const httplib::Request& req, bool loopback_only);

}  // namespace linkform::emulator
