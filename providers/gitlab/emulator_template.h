#pragma once
// The integration template a connector platform's marketplace offers for GitLab, as linkform-emulator serves
// it (README, vendor assumptions: its integrationId "gitlab" is inferred, its API ids are linkform's own
// examples): the JSON of an IntegrationTemplateResponseDto without its id. GitLab's half supplies it; the
// emulator's composition hands it to the platform's half.

#include <string>

namespace linkform::gitlab {

const std::string& emulated_connector_template();

}  // namespace linkform::gitlab
