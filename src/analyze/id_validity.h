// Effective validity of French identity documents.
//
// A CNI issued from 2004-01-02 to 2013-12-31 to a person who was an adult on the issue date
// is valid 15 years although 10 are printed (décret n° 2013-1188): its effective expiry is
// the printed one plus 5 years, and `validity_extended_15y` says so. A card issued to a minor
// keeps its 10 years. Cards issued 2014–2021 print their 15 years (10 for minors), 2021 cards
// and passports print 10 years: the printed date is the effective one. When the printed date
// is unknown it is derived from the issue date (validity years, less one day).
//
// `expired` compares the effective expiry with a reference date (the deed date, or the
// corpus default for standalone cards); it is absent when the inputs cannot decide, e.g. the
// age at issue is unknown and the two readings disagree.
#pragma once

#include <optional>
#include <string>

#include "analyze/mrz.h"

namespace notaria::analyze {

struct IdValidityInput {
  mrz::DocumentKind kind = mrz::DocumentKind::kOther;
  std::optional<mrz::Date> issue_date;
  std::optional<mrz::Date> printed_expiry;
  std::optional<mrz::Date> birth_date;
};

struct IdValidity {
  std::optional<mrz::Date> effective_expiry;
  bool validity_extended_15y = false;
  std::optional<bool> expired;  // at the reference date
  std::string reason;           // French, for the notary; never holds personal data
};

IdValidity EvaluateIdValidity(const IdValidityInput& input, const mrz::Date& reference);

// `date` moved by whole years (29 February becomes 28 February in common years) and days.
mrz::Date AddYears(const mrz::Date& date, int years);
mrz::Date AddDays(const mrz::Date& date, int days);

}  // namespace notaria::analyze
