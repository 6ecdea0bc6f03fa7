#include "analyze/validate.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace notaria::analyze {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit);
}

// Removes the separators printed inside company numbers and upper-cases.
std::string CompactNumber(std::string_view s, std::string_view separators) {
  std::string out;
  for (char c : s) {
    if (separators.find(c) != std::string_view::npos) continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// Remainder modulo 97 of a string of digits and letters (A=10 ... Z=35), ISO 7064 style.
int Mod97(std::string_view s) {
  int r = 0;
  for (char c : s) {
    if (IsDigit(c)) {
      r = (r * 10 + (c - '0')) % 97;
    } else {
      int v = c - 'A' + 10;
      r = (r * 100 + v) % 97;
    }
  }
  return r;
}

// IBAN registry: country, total length, BBAN structure in registry notation (n digits,
// a upper-case letters, c alphanumerics). Source: SWIFT IBAN registry and the national
// formats published by the central banks that use IBAN outside it (Africa, Middle East).
struct IbanSpec {
  const char* country;
  int length;
  const char* bban;
};
constexpr IbanSpec kIbanSpecs[] = {
    {"AD", 24, "8n12c"},    {"AE", 23, "19n"},      {"AL", 28, "8n16c"},    {"AO", 25, "21n"},
    {"AT", 20, "16n"},      {"AX", 18, "14n"},      {"AZ", 28, "4a20c"},    {"BA", 20, "16n"},
    {"BE", 16, "12n"},      {"BF", 28, "2c22n"},    {"BG", 22, "4a6n8c"},   {"BH", 22, "4a14c"},
    {"BI", 27, "23n"},      {"BJ", 28, "2c22n"},    {"BL", 27, "10n11c2n"}, {"BR", 29, "23n1a1c"},
    {"BY", 28, "4c4n16c"},  {"CF", 27, "23n"},      {"CG", 27, "23n"},      {"CH", 21, "5n12c"},
    {"CI", 28, "1a23n"},    {"CM", 27, "23n"},      {"CR", 22, "18n"},      {"CV", 25, "21n"},
    {"CY", 28, "8n16c"},    {"CZ", 24, "20n"},      {"DE", 22, "18n"},      {"DJ", 27, "23n"},
    {"DK", 18, "14n"},      {"DO", 28, "4c20n"},    {"DZ", 26, "22n"},      {"EE", 20, "16n"},
    {"EG", 29, "25n"},      {"ES", 24, "20n"},      {"FI", 18, "14n"},      {"FK", 18, "2a12n"},
    {"FO", 18, "14n"},      {"FR", 27, "10n11c2n"}, {"GA", 27, "23n"},      {"GB", 22, "4a14n"},
    {"GE", 22, "2a16n"},    {"GF", 27, "10n11c2n"}, {"GI", 23, "4a15c"},    {"GL", 18, "14n"},
    {"GP", 27, "10n11c2n"}, {"GQ", 27, "23n"},      {"GR", 27, "7n16c"},    {"GT", 28, "4c20c"},
    {"GW", 25, "2c19n"},    {"HN", 28, "4a20n"},    {"HR", 21, "17n"},      {"HU", 28, "24n"},
    {"IE", 22, "4a14n"},    {"IL", 23, "19n"},      {"IQ", 23, "4a15n"},    {"IR", 26, "22n"},
    {"IS", 26, "22n"},      {"IT", 27, "1a10n12c"}, {"JO", 30, "4a4n18c"},  {"KM", 27, "23n"},
    {"KW", 30, "4a22c"},    {"KZ", 20, "3n13c"},    {"LB", 28, "4n20c"},    {"LC", 32, "4a24c"},
    {"LI", 21, "5n12c"},    {"LT", 20, "16n"},      {"LU", 20, "3n13c"},    {"LV", 21, "4a13c"},
    {"LY", 25, "21n"},      {"MA", 28, "24n"},      {"MC", 27, "10n11c2n"}, {"MD", 24, "2c18c"},
    {"ME", 22, "18n"},      {"MF", 27, "10n11c2n"}, {"MG", 27, "23n"},      {"MK", 19, "3n10c2n"},
    {"ML", 28, "2c22n"},    {"MN", 20, "16n"},      {"MQ", 27, "10n11c2n"}, {"MR", 27, "23n"},
    {"MT", 31, "4a5n18c"},  {"MU", 30, "4a19n3a"},  {"MZ", 25, "21n"},      {"NC", 27, "10n11c2n"},
    {"NE", 28, "2a22n"},    {"NI", 28, "4a20n"},    {"NL", 18, "4a10n"},    {"NO", 15, "11n"},
    {"OM", 23, "3n16c"},    {"PF", 27, "10n11c2n"}, {"PK", 24, "4c16n"},    {"PL", 28, "24n"},
    {"PM", 27, "10n11c2n"}, {"PS", 29, "4c21n"},    {"PT", 25, "21n"},      {"QA", 29, "4a21c"},
    {"RE", 27, "10n11c2n"}, {"RO", 24, "4a16c"},    {"RS", 22, "18n"},      {"RU", 33, "14n15c"},
    {"SA", 24, "2n18c"},    {"SC", 31, "4a20n3a"},  {"SD", 18, "14n"},      {"SE", 24, "20n"},
    {"SI", 19, "15n"},      {"SK", 24, "20n"},      {"SM", 27, "1a10n12c"}, {"SN", 28, "2a22n"},
    {"SO", 23, "19n"},      {"ST", 25, "21n"},      {"SV", 28, "4a20n"},    {"TD", 27, "23n"},
    {"TF", 27, "10n11c2n"}, {"TG", 28, "2a22n"},    {"TL", 23, "19n"},      {"TN", 24, "20n"},
    {"TR", 26, "5n17c"},    {"UA", 29, "6n19c"},    {"VA", 22, "18n"},      {"VG", 24, "4c16n"},
    {"WF", 27, "10n11c2n"}, {"XK", 20, "16n"},      {"YE", 30, "4a4n18c"},  {"YT", 27, "10n11c2n"},
};

const IbanSpec* FindIbanSpec(std::string_view cc) {
  for (const IbanSpec& s : kIbanSpecs) {
    if (cc == s.country) return &s;
  }
  return nullptr;
}

bool MatchesStructure(std::string_view bban, std::string_view structure) {
  size_t pos = 0;
  size_t i = 0;
  while (i < structure.size()) {
    int count = 0;
    while (i < structure.size() && IsDigit(structure[i]))
      count = count * 10 + (structure[i++] - '0');
    char kind = structure[i++];
    for (int k = 0; k < count; ++k, ++pos) {
      if (pos >= bban.size()) return false;
      char c = bban[pos];
      bool ok = kind == 'n' ? IsDigit(c) : kind == 'a' ? IsUpper(c) : (IsDigit(c) || IsUpper(c));
      if (!ok) return false;
    }
  }
  return pos == bban.size();
}

// Spanish BBAN: entity (4) office (4) DC (2) account (10); each DC digit is a mod-11 check.
bool SpanishBbanValid(std::string_view bban) {
  static constexpr std::array<int, 10> kWeights = {1, 2, 4, 8, 5, 10, 9, 7, 3, 6};
  auto dc = [&](std::string_view digits) {
    int sum = 0;
    for (size_t i = 0; i < digits.size(); ++i) sum += (digits[i] - '0') * kWeights[i];
    int d = 11 - sum % 11;
    return d == 11 ? 0 : d == 10 ? 1 : d;
  };
  std::string first = "00" + std::string(bban.substr(0, 8));
  return dc(first) == bban[8] - '0' && dc(bban.substr(10, 10)) == bban[9] - '0';
}

// Letters in a French account number, per the RIB rule.
char RibDigit(char c) {
  if (IsDigit(c)) return c;
  if (!IsUpper(c)) return 0;
  static constexpr std::string_view kMap = "12345678912345678923456789";
  return kMap[c - 'A'];
}

constexpr std::array<std::string_view, 250> kCountries = {
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW", "XK",
};

std::string StripLeadingZeros(std::string_view s) {
  size_t i = 0;
  while (i + 1 < s.size() && s[i] == '0') ++i;
  return std::string(s.substr(i));
}

}  // namespace

std::string_view IdStatusName(IdStatus status) {
  switch (status) {
    case IdStatus::kValid:
      return "valid";
    case IdStatus::kInvalidFormat:
      return "invalid_format";
    case IdStatus::kInvalidLength:
      return "invalid_length";
    case IdStatus::kInvalidCountry:
      return "invalid_country";
    case IdStatus::kInvalidChecksum:
      return "invalid_checksum";
    case IdStatus::kInvalidNational:
      return "invalid_national_check";
  }
  return "";
}

bool LuhnValid(std::string_view digits) {
  if (!AllDigits(digits)) return false;
  int sum = 0;
  bool dbl = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (dbl) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 == 0;
}

IdStatus ValidateSiren(std::string_view siren) {
  std::string s = CompactNumber(siren, " .-");
  if (!AllDigits(s)) return IdStatus::kInvalidFormat;
  if (s.size() != 9) return IdStatus::kInvalidLength;
  return LuhnValid(s) ? IdStatus::kValid : IdStatus::kInvalidChecksum;
}

IdStatus ValidateSiret(std::string_view siret) {
  std::string s = CompactNumber(siret, " .-");
  if (!AllDigits(s)) return IdStatus::kInvalidFormat;
  if (s.size() != 14) return IdStatus::kInvalidLength;
  if (LuhnValid(s)) return IdStatus::kValid;
  if (s.compare(0, 9, "356000000") == 0) {
    int sum = 0;
    for (char c : s) sum += c - '0';
    if (sum % 5 == 0) return IdStatus::kValid;
  }
  return IdStatus::kInvalidChecksum;
}

IdStatus ValidateFrenchVat(std::string_view vat) {
  std::string s = CompactNumber(vat, " .-");
  if (s.size() >= 2 && s.compare(0, 2, "FR") == 0) s = s.substr(2);
  static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  if (s.size() < 2 || kAlphabet.find(s[0]) == std::string_view::npos ||
      kAlphabet.find(s[1]) == std::string_view::npos || !AllDigits(s.substr(2))) {
    return IdStatus::kInvalidFormat;
  }
  if (s.size() != 11) return IdStatus::kInvalidLength;
  std::string siren = s.substr(2);
  if (siren.compare(0, 3, "000") != 0 && !LuhnValid(siren)) return IdStatus::kInvalidChecksum;
  long long n = std::stoll(siren);
  if (IsDigit(s[0]) && IsDigit(s[1])) {
    int key = std::stoi(s.substr(0, 2));
    return key == (n * 100 + 12) % 97 ? IdStatus::kValid : IdStatus::kInvalidChecksum;
  }
  long long check = IsDigit(s[0]) ? static_cast<long long>(kAlphabet.find(s[0])) * 24 +
                                        static_cast<long long>(kAlphabet.find(s[1])) - 10
                                  : static_cast<long long>(kAlphabet.find(s[0])) * 34 +
                                        static_cast<long long>(kAlphabet.find(s[1])) - 100;
  return (n + 1 + check / 11) % 11 == check % 11 ? IdStatus::kValid : IdStatus::kInvalidChecksum;
}

std::string CompactIban(std::string_view iban) { return CompactNumber(iban, " -."); }

IdStatus ValidateIban(std::string_view iban) {
  std::string s = CompactIban(iban);
  if (s.size() < 4 || !IsUpper(s[0]) || !IsUpper(s[1])) return IdStatus::kInvalidFormat;
  const IbanSpec* spec = FindIbanSpec(std::string_view(s).substr(0, 2));
  if (spec == nullptr) return IdStatus::kInvalidCountry;
  if (!std::all_of(s.begin(), s.end(), [](char c) { return IsDigit(c) || IsUpper(c); }) ||
      !IsDigit(s[2]) || !IsDigit(s[3])) {
    return IdStatus::kInvalidFormat;
  }
  if (static_cast<int>(s.size()) != spec->length) return IdStatus::kInvalidLength;
  std::string_view bban = std::string_view(s).substr(4);
  if (!MatchesStructure(bban, spec->bban)) return IdStatus::kInvalidFormat;
  if (Mod97(std::string(bban) + s.substr(0, 4)) != 1) return IdStatus::kInvalidChecksum;
  if (std::string_view(spec->bban) == "10n11c2n" &&
      !RibValid(bban.substr(0, 5), bban.substr(5, 5), bban.substr(10, 11), bban.substr(21, 2))) {
    return IdStatus::kInvalidNational;
  }
  if (s.compare(0, 2, "ES") == 0 && !SpanishBbanValid(bban)) return IdStatus::kInvalidNational;
  return IdStatus::kValid;
}

int RibKey(std::string_view bank, std::string_view branch, std::string_view account) {
  if (bank.size() != 5 || branch.size() != 5 || account.size() != 11) return -1;
  if (!AllDigits(bank) || !AllDigits(branch)) return -1;
  std::string acc;
  for (char c : account) {
    char d = RibDigit(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    if (d == 0) return -1;
    acc += d;
  }
  long long b = std::stoll(std::string(bank));
  long long g = std::stoll(std::string(branch));
  long long a = std::stoll(acc);
  return static_cast<int>(97 - (89 * b + 15 * g + 3 * a) % 97);
}

bool RibValid(std::string_view bank, std::string_view branch, std::string_view account,
              std::string_view key) {
  int k = RibKey(bank, branch, account);
  return k >= 0 && key.size() == 2 && AllDigits(key) && std::stoi(std::string(key)) == k;
}

bool IsCountryCode(std::string_view cc) {
  return std::find(kCountries.begin(), kCountries.end(), cc) != kCountries.end();
}

IdStatus ValidateBic(std::string_view bic) {
  std::string s = CompactNumber(bic, " ");
  if (s.size() != 8 && s.size() != 11) return IdStatus::kInvalidLength;
  if (!std::all_of(s.begin(), s.begin() + 6, IsUpper)) return IdStatus::kInvalidFormat;
  if (!std::all_of(s.begin() + 6, s.end(), [](char c) { return IsDigit(c) || IsUpper(c); })) {
    return IdStatus::kInvalidFormat;
  }
  if (!IsCountryCode(std::string_view(s).substr(4, 2))) return IdStatus::kInvalidCountry;
  return IdStatus::kValid;
}

std::optional<CadastralRef> ParseCadastralRef(std::string_view text) {
  // Tokens of letters and digits; "section", "n°", "no", "numéro", "parcelle" are words
  // around the reference, not part of it.
  std::string folded;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xB0) {
      folded += ' ';  // '°'
      ++i;
    } else if (c == 0xC3 && i + 1 < text.size() &&
               (static_cast<unsigned char>(text[i + 1]) == 0xA9 ||
                static_cast<unsigned char>(text[i + 1]) == 0x89)) {
      folded += 'E';  // 'é' / 'É'
      ++i;
    } else if (std::isalnum(c)) {
      folded += static_cast<char>(std::toupper(c));
    } else {
      folded += ' ';
    }
  }
  std::vector<std::string> tokens;
  size_t pos = 0;
  while (pos < folded.size()) {
    size_t b = folded.find_first_not_of(' ', pos);
    if (b == std::string::npos) break;
    size_t e = folded.find(' ', b);
    if (e == std::string::npos) e = folded.size();
    std::string t = folded.substr(b, e - b);
    if (t != "SECTION" && t != "N" && t != "NO" && t != "NUMERO" && t != "PARCELLE" &&
        t != "CADASTREE" && t != "CADASTRE") {
      tokens.push_back(t);
    }
    pos = e;
  }
  CadastralRef ref;
  auto section_ok = [](const std::string& s) {
    return !s.empty() && s.size() <= 2 &&
           std::all_of(s.begin(), s.end(), [](char c) { return IsDigit(c) || IsUpper(c); }) &&
           std::any_of(s.begin(), s.end(), IsUpper);
  };
  auto set = [&](std::string_view prefix, std::string_view section, std::string_view number) {
    std::string p = StripLeadingZeros(prefix);
    ref.prefix = p == "0" ? "" : p;
    std::string sec(section);
    if (sec.size() == 2 && sec[0] == '0') sec = sec.substr(1);
    ref.section = sec;
    ref.number = StripLeadingZeros(number);
  };
  if (tokens.size() == 1 && tokens[0].size() == 14) {
    // DVF id_parcelle: INSEE (5) + prefix (3) + section (2) + number (4).
    const std::string& t = tokens[0];
    std::string sec = t.substr(8, 2);
    if (!AllDigits(t.substr(5, 3)) || !AllDigits(t.substr(10, 4)) || !section_ok(sec)) {
      return std::nullopt;
    }
    ref.insee_code = t.substr(0, 5);
    set(t.substr(5, 3), sec, t.substr(10, 4));
    return ref;
  }
  // "AB123" written without a space.
  if (tokens.size() == 1 || (tokens.size() == 2 && tokens[0].size() == 3 && AllDigits(tokens[0]))) {
    std::string& last = tokens.back();
    size_t d = last.find_first_of("0123456789", 1);
    while (d != std::string::npos && d < last.size() && !AllDigits(last.substr(d))) {
      d = last.find_first_of("0123456789", d + 1);
    }
    if (d != std::string::npos && d <= 2) {
      std::string sec = last.substr(0, d);
      std::string num = last.substr(d);
      tokens.pop_back();
      tokens.push_back(sec);
      tokens.push_back(num);
    }
  }
  std::string prefix;
  if (tokens.size() == 3 && tokens[0].size() == 3 && AllDigits(tokens[0])) {
    prefix = tokens[0];
    tokens.erase(tokens.begin());
  }
  if (tokens.size() != 2) return std::nullopt;
  if (!section_ok(tokens[0]) || !AllDigits(tokens[1]) || tokens[1].size() > 4) {
    return std::nullopt;
  }
  set(prefix, tokens[0], tokens[1]);
  return ref;
}

}  // namespace notaria::analyze
