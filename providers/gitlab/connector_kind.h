#pragma once
// What a connector that uses a GitLab OAuth application needs to know of GitLab (core/oauth_client.h): the
// integration template, the scope vocabulary and the TOML of an application that linkform import writes.

#include "core/oauth_client.h"

namespace linkform::gitlab {

// The one kind of connector GitLab's applications serve; lives as long as the program.
const ConnectorKind& connector_kind();

}  // namespace linkform::gitlab
