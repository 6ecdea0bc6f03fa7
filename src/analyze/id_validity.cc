#include "analyze/id_validity.h"

namespace notaria::analyze {
namespace {

using mrz::Date;
using mrz::DocumentKind;

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysIn(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

constexpr Date kExtensionFirstIssue{2004, 1, 2};
constexpr Date kExtensionLastIssue{2013, 12, 31};

bool AdultOn(const Date& birth, const Date& day) { return AddYears(birth, 18) <= day; }

// Validity printed on a card or passport, in years, from its kind, issue date and age.
int PrintedYears(DocumentKind kind, const Date& issue, bool adult) {
  if (kind == DocumentKind::kCniAncienne && issue.year >= 2014 && adult) return 15;
  return 10;
}

Date Expiry(const Date& issue, int years) { return AddDays(AddYears(issue, years), -1); }

}  // namespace

Date AddYears(const Date& date, int years) {
  Date d{date.year + years, date.month, date.day};
  if (d.month == 2 && d.day == 29 && !IsLeap(d.year)) d.day = 28;
  return d;
}

Date AddDays(const Date& date, int days) {
  Date d = date;
  while (days > 0) {
    if (++d.day > DaysIn(d.year, d.month)) {
      d.day = 1;
      if (++d.month > 12) {
        d.month = 1;
        ++d.year;
      }
    }
    --days;
  }
  while (days < 0) {
    if (--d.day < 1) {
      if (--d.month < 1) {
        d.month = 12;
        --d.year;
      }
      d.day = DaysIn(d.year, d.month);
    }
    ++days;
  }
  return d;
}

IdValidity EvaluateIdValidity(const IdValidityInput& in, const Date& reference) {
  IdValidity out;
  const bool in_window = in.kind == DocumentKind::kCniAncienne && in.issue_date &&
                         *in.issue_date >= kExtensionFirstIssue &&
                         *in.issue_date <= kExtensionLastIssue;
  // The effective expiry for one reading of the holder's age at issue.
  auto effective = [&](bool adult) -> std::optional<Date> {
    std::optional<Date> printed = in.printed_expiry;
    if (!printed && in.issue_date) {
      printed = Expiry(*in.issue_date, PrintedYears(in.kind, *in.issue_date, adult));
    }
    if (!printed) return std::nullopt;
    return in_window && adult ? AddYears(*printed, 5) : *printed;
  };
  if (!in.printed_expiry && !in.issue_date) {
    out.reason = "date d'expiration inconnue";
    return out;
  }
  if (in_window && !in.birth_date) {
    std::optional<Date> as_adult = effective(true);
    std::optional<Date> as_minor = effective(false);
    bool expired_adult = *as_adult < reference;
    bool expired_minor = *as_minor < reference;
    if (expired_adult == expired_minor) out.expired = expired_adult;
    out.reason =
        "carte délivrée entre 2004 et 2013 : âge à la délivrance inconnu, prolongation de "
        "5 ans non établie";
    out.effective_expiry = as_minor;
    return out;
  }
  const bool adult = !in.birth_date || !in.issue_date || AdultOn(*in.birth_date, *in.issue_date);
  out.effective_expiry = effective(adult);
  out.validity_extended_15y = in_window && adult;
  out.expired = *out.effective_expiry < reference;
  if (out.validity_extended_15y) {
    out.reason =
        "carte délivrée à un majeur entre le 2 janvier 2004 et le 31 décembre 2013 : valable "
        "15 ans (10 ans imprimés)";
  } else if (in_window) {
    out.reason = "carte délivrée à un mineur : validité de 10 ans";
  } else {
    out.reason = "validité imprimée";
  }
  return out;
}

}  // namespace notaria::analyze
