#include "providers/emulator_halves.h"

#include "providers/bitbucket/emulator_half.h"
#include "providers/bitbucket/emulator_template.h"
#include "providers/frontegg/emulator_half.h"
#include "providers/gitlab/emulator_half.h"
#include "providers/gitlab/emulator_template.h"

namespace linkform::emulator {

Result<Halves> make_halves(const HalfOptions& o) {
  if (o.frontegg_token_ttl_s <= 0 || o.bitbucket_token_ttl_s <= 0) {
    return fail(Error::invalid("token lifetimes must be positive"));
  }
  Halves halves;
  halves.add(std::make_unique<bitbucket::BitbucketHalf>(o.bitbucket_token_ttl_s,
                                                        o.bitbucket_pre_2026_token_reply
                                                            ? bitbucket::TokenReplyShape::kPre2026
                                                            : bitbucket::TokenReplyShape::k2026,
                                                        o.bitbucket_before_issues_sunset));
  halves.add(std::make_unique<gitlab::GitlabHalf>());
  // The integration templates the connector platform's marketplace offers: one per code host.
  std::vector<std::string> templates = {bitbucket::emulated_connector_template(),
                                        gitlab::emulated_connector_template()};
  halves.add(std::make_unique<frontegg::FronteggHalf>(o.frontegg_token_ttl_s, std::move(templates)),
             Halves::Paths::kAndRest);
  return halves;
}

Result<std::unique_ptr<Emulator>> start_with_halves(const EmulatorOptions& options) {
  return Emulator::start(options, [&options] { return make_halves(options); });
}

}  // namespace linkform::emulator
