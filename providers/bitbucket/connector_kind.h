#pragma once
// What a connector that uses a Bitbucket OAuth consumer needs to know of Bitbucket (core/oauth_client.h):
// the integration template, the workspace key, the permission vocabulary and the TOML of a consumer that
// linkform import writes. Data for the connector's provider, which names no code host itself.

#include "core/oauth_client.h"

namespace linkform::bitbucket {

// The one kind of connector Bitbucket's consumers serve; lives as long as the program.
const ConnectorKind& connector_kind();

}  // namespace linkform::bitbucket
