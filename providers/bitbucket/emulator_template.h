#pragma once
// The integration template a connector platform's marketplace offers for Bitbucket, as linkform-emulator
// serves it (README, vendor assumptions): the JSON of an IntegrationTemplateResponseDto without its id.
// Bitbucket's half supplies it; the emulator's composition hands it to the platform's half.

#include <string>

namespace linkform::bitbucket {

const std::string& emulated_connector_template();

}  // namespace linkform::bitbucket
