#pragma once
// Tests that look inside a loaded configuration: every vendor's sections in one value, copied from the
// parts (providers/config.h keeps them apart, one per registered provider).

#include "providers/bitbucket/config_part.h"
#include "providers/config.h"
#include "providers/frontegg/config_part.h"

namespace linkform::testing {

struct ConfigSections : BitbucketSection, FronteggSection {};

inline ConfigSections sections(const Config& config) {
  ConfigSections out;
  static_cast<BitbucketSection&>(out) = *config.part<bitbucket::BitbucketConfig>();
  static_cast<FronteggSection&>(out) = *config.part<frontegg::FronteggConfig>();
  return out;
}

}  // namespace linkform::testing
