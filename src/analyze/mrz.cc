#include "analyze/mrz.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <tuple>
#include <utility>

namespace notaria::analyze::mrz {
namespace {

constexpr char kFiller = '<';

// What may stand at a position: it decides which OCR confusions can be undone there.
enum class Cls { kDigit, kAlpha, kAlnum, kName, kSex };

struct Span {
  int line;
  int start;
  int len;
};

bool IsMrzChar(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == kFiller; }

std::string TrimFillers(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && s[b] == kFiller) ++b;
  while (e > b && s[e - 1] == kFiller) --e;
  return std::string(s.substr(b, e - b));
}

// Inner fillers become spaces ("010195<112X" -> "010195 112X").
std::string FieldText(std::string_view s) {
  std::string out = TrimFillers(s);
  std::replace(out.begin(), out.end(), kFiller, ' ');
  return out;
}

bool AllFillers(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == kFiller; });
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysIn(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

enum class DateRole { kBirth, kExpiry };

// Birth dates lie in the past of the reference; expiry dates within 50 years of it.
std::optional<Date> ParseYymmdd(std::string_view raw, const Date& ref, DateRole role) {
  if (raw.size() != 6 || !AllDigits(raw)) return std::nullopt;
  int yy = (raw[0] - '0') * 10 + (raw[1] - '0');
  int mm = (raw[2] - '0') * 10 + (raw[3] - '0');
  int dd = (raw[4] - '0') * 10 + (raw[5] - '0');
  if (mm < 1 || mm > 12) return std::nullopt;
  Date d{2000 + yy, mm, 0};
  if (role == DateRole::kBirth) {
    if (Date{d.year, mm, dd} > ref) d.year -= 100;
  } else if (d.year > ref.year + 50) {
    d.year -= 100;
  }
  if (dd < 1 || dd > DaysIn(d.year, mm)) return std::nullopt;
  d.day = dd;
  return d;
}

struct Names {
  std::string surname;
  std::vector<std::string> given;
};

// "ERIKSSON<<ANNA<MARIA<<<" -> ERIKSSON / [ANNA, MARIA]. Without "<<" everything is surname.
Names SplitIcaoName(std::string_view field) {
  Names n;
  // Trailing fillers only: a leading "<<" means an empty surname.
  std::string f(field);
  while (!f.empty() && f.back() == kFiller) f.pop_back();
  size_t sep = f.find("<<");
  std::string sur = f.substr(0, sep);
  std::replace(sur.begin(), sur.end(), kFiller, ' ');
  n.surname = sur;
  if (sep == std::string::npos) return n;
  std::string rest = f.substr(sep + 2);
  size_t pos = 0;
  while (pos <= rest.size()) {
    size_t next = rest.find(kFiller, pos);
    if (next == std::string::npos) next = rest.size();
    if (next > pos) n.given.push_back(rest.substr(pos, next - pos));
    pos = next + 1;
  }
  return n;
}

// The old CNI separates given names with "<<"; a single '<' is a space inside one name.
std::vector<std::string> SplitOldCniGiven(std::string_view field) {
  std::vector<std::string> out;
  std::string f = TrimFillers(field);
  size_t pos = 0;
  while (pos < f.size()) {
    size_t next = f.find("<<", pos);
    if (next == std::string::npos) next = f.size();
    std::string name = TrimFillers(std::string_view(f).substr(pos, next - pos));
    std::replace(name.begin(), name.end(), kFiller, ' ');
    if (!name.empty()) out.push_back(name);
    pos = next + 2;
  }
  return out;
}

std::string SexOf(char c) {
  if (c == 'M' || c == 'F' || c == 'X') return std::string(1, c);
  return "";
}

// Checks a printed check digit against its data. A filler as check digit is accepted for an
// all-filler field (ICAO 9303 part 3, 4.9).
Check MakeCheck(std::string name, std::string_view data, char printed) {
  Check c;
  c.field = std::move(name);
  c.printed = printed;
  c.computed = CheckDigit(data);
  if (c.computed >= 0) {
    if (printed >= '0' && printed <= '9') {
      c.valid = printed - '0' == c.computed;
    } else if (printed == kFiller) {
      c.valid = AllFillers(data);
    }
  }
  return c;
}

struct DocNumber {
  std::string number;
  std::string optional_rest;  // the optional field once the extension is removed
  Check check;
};

// TD1/TD2 document number, with the long-number extension: a filler in the check-digit
// position sends the rest of the number and its check digit into the optional field, up to
// the next filler. Issuers differ on whether that filler counts in the check digit (Belgian
// cards of different series use both), so either computation is accepted.
DocNumber ReadDocNumber(std::string_view doc9, char cd, std::string_view optional) {
  DocNumber d;
  if (cd == kFiller && !optional.empty() && optional[0] != kFiller) {
    size_t end = optional.find(kFiller);
    if (end == std::string_view::npos) end = optional.size();
    std::string_view ext = optional.substr(0, end);
    std::string_view body = ext.substr(0, ext.size() - 1);
    char digit = ext.back();
    std::string with_filler = std::string(doc9) + kFiller + std::string(body);
    std::string without = std::string(doc9) + std::string(body);
    Check a = MakeCheck("document_number", with_filler, digit);
    Check b = MakeCheck("document_number", without, digit);
    d.check = a.valid ? a : b;
    d.number = TrimFillers(doc9);
    d.number.erase(std::remove(d.number.begin(), d.number.end(), kFiller), d.number.end());
    d.number += body;
    d.optional_rest = end < optional.size() ? std::string(optional.substr(end + 1)) : "";
    return d;
  }
  d.check = MakeCheck("document_number", doc9, cd);
  d.number = FieldText(doc9);
  d.optional_rest = std::string(optional);
  return d;
}

void Finish(Mrz& m) {
  m.failed_checks.clear();
  for (const Check& c : m.checks) {
    if (!c.valid) m.failed_checks.push_back(c.field);
  }
  m.valid = !m.checks.empty() && m.failed_checks.empty();
}

void SetDates(Mrz& m, const Date& ref) {
  if (auto d = ParseYymmdd(m.birth_date_raw, ref, DateRole::kBirth)) m.birth_date = d->Iso();
  if (auto d = ParseYymmdd(m.expiry_date_raw, ref, DateRole::kExpiry)) m.expiry_date = d->Iso();
}

DocumentKind KindOf(const Mrz& m) {
  if (m.format == Format::kFrenchIdOld) return DocumentKind::kCniAncienne;
  if (m.format == Format::kTd1 && m.document_code == "ID" && m.issuing_country == "FRA") {
    return DocumentKind::kCni2021;
  }
  if (m.format == Format::kTd3 && !m.document_code.empty() && m.document_code[0] == 'P') {
    return DocumentKind::kPasseport;
  }
  return DocumentKind::kOther;
}

void ReadHeader(Mrz& m, std::string_view line0) {
  m.document_code = TrimFillers(line0.substr(0, 2));
  m.issuing_country = TrimFillers(line0.substr(2, 3));
}

Mrz ParseTd1(const std::vector<std::string>& l, const Date& ref) {
  Mrz m;
  m.format = Format::kTd1;
  ReadHeader(m, l[0]);
  DocNumber doc = ReadDocNumber(l[0].substr(5, 9), l[0][14], l[0].substr(15, 15));
  m.document_number = doc.number;
  m.optional_data = FieldText(doc.optional_rest);
  m.checks.push_back(doc.check);
  m.birth_date_raw = l[1].substr(0, 6);
  m.checks.push_back(MakeCheck("birth_date", m.birth_date_raw, l[1][6]));
  m.sex = SexOf(l[1][7]);
  m.expiry_date_raw = l[1].substr(8, 6);
  m.checks.push_back(MakeCheck("expiry_date", m.expiry_date_raw, l[1][14]));
  m.nationality = TrimFillers(l[1].substr(15, 3));
  m.optional_data_2 = FieldText(l[1].substr(18, 11));
  std::string composite =
      l[0].substr(5, 25) + l[1].substr(0, 7) + l[1].substr(8, 7) + l[1].substr(18, 11);
  m.checks.push_back(MakeCheck("composite", composite, l[1][29]));
  Names n = SplitIcaoName(l[2]);
  m.surname = n.surname;
  m.given_names = n.given;
  SetDates(m, ref);
  return m;
}

// TD2, TD3 and both visas share line 2 up to the expiry check digit.
Mrz ParseTwoLine(Format format, const std::vector<std::string>& l, const Date& ref) {
  Mrz m;
  m.format = format;
  ReadHeader(m, l[0]);
  Names n = SplitIcaoName(std::string_view(l[0]).substr(5));
  m.surname = n.surname;
  m.given_names = n.given;
  const std::string& s = l[1];
  const int len = static_cast<int>(s.size());
  std::string optional =
      s.substr(28, (format == Format::kTd2 || format == Format::kTd3) ? len - 28 - 1 : len - 28);
  if (format == Format::kTd2) {
    DocNumber doc = ReadDocNumber(s.substr(0, 9), s[9], optional);
    m.document_number = doc.number;
    m.checks.push_back(doc.check);
    optional = doc.optional_rest;
  } else {
    m.checks.push_back(MakeCheck("document_number", s.substr(0, 9), s[9]));
    m.document_number = FieldText(s.substr(0, 9));
  }
  m.nationality = TrimFillers(s.substr(10, 3));
  m.birth_date_raw = s.substr(13, 6);
  m.checks.push_back(MakeCheck("birth_date", m.birth_date_raw, s[19]));
  m.sex = SexOf(s[20]);
  m.expiry_date_raw = s.substr(21, 6);
  m.checks.push_back(MakeCheck("expiry_date", m.expiry_date_raw, s[27]));
  if (format == Format::kTd3) {
    std::string personal = s.substr(28, 14);
    m.optional_data = FieldText(personal);
    m.checks.push_back(MakeCheck("optional_data", personal, s[42]));
  } else {
    m.optional_data = FieldText(optional);
  }
  if (format == Format::kTd2 || format == Format::kTd3) {
    std::string composite = s.substr(0, 10) + s.substr(13, 7) + s.substr(21, len - 22);
    m.checks.push_back(MakeCheck("composite", composite, s[len - 1]));
  }
  if (AllFillers(m.expiry_date_raw)) m.expiry_date_raw.clear();
  SetDates(m, ref);
  return m;
}

Mrz ParseOldCni(const std::vector<std::string>& l, const Date& ref) {
  Mrz m;
  m.format = Format::kFrenchIdOld;
  ReadHeader(m, l[0]);
  m.nationality = "FRA";
  std::string sur = TrimFillers(l[0].substr(5, 25));
  std::replace(sur.begin(), sur.end(), kFiller, ' ');
  m.surname = sur;
  m.optional_data = FieldText(l[0].substr(30, 6));  // office code of the issuing préfecture
  std::string number = l[1].substr(0, 12);
  m.document_number = FieldText(number);
  m.checks.push_back(MakeCheck("document_number", number, l[1][12]));
  m.given_names = SplitOldCniGiven(l[1].substr(13, 14));
  m.birth_date_raw = l[1].substr(27, 6);
  m.checks.push_back(MakeCheck("birth_date", m.birth_date_raw, l[1][33]));
  m.sex = SexOf(l[1][34]);
  m.checks.push_back(MakeCheck("composite", l[0] + l[1].substr(0, 35), l[1][35]));
  if (AllDigits(number.substr(0, 4))) {
    int yy = std::stoi(number.substr(0, 2));
    int mm = std::stoi(number.substr(2, 2));
    if (mm >= 1 && mm <= 12) {
      int year = 2000 + yy;
      if (Date{year, mm, 1} > ref) year -= 100;
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02d", year, mm);
      m.issue_month = buf;
    }
  }
  SetDates(m, ref);
  return m;
}

Mrz ParseAs(Format f, const std::vector<std::string>& lines, const Date& ref) {
  Mrz m;
  switch (f) {
    case Format::kTd1:
      m = ParseTd1(lines, ref);
      break;
    case Format::kFrenchIdOld:
      m = ParseOldCni(lines, ref);
      break;
    default:
      m = ParseTwoLine(f, lines, ref);
  }
  m.kind = KindOf(m);
  m.lines = lines;
  Finish(m);
  return m;
}

int ValidCount(const Mrz& m) {
  return static_cast<int>(
      std::count_if(m.checks.begin(), m.checks.end(), [](const Check& c) { return c.valid; }));
}

// How well the fields of a 2×36 zone fit each reading, beyond the check digits.
int ShapeScore(Format f, const std::vector<std::string>& l) {
  const std::string& a = l[0];
  const std::string& b = l[1];
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  auto is_alpha = [](char c) { return (c >= 'A' && c <= 'Z') || c == kFiller; };
  int s = 0;
  if (f == Format::kFrenchIdOld) {
    s += a.compare(0, 5, "IDFRA") == 0 ? 2 : 0;
    s += std::all_of(b.begin(), b.begin() + 4, is_digit);
    s += std::all_of(b.begin() + 13, b.begin() + 27, is_alpha);
    s += std::all_of(b.begin() + 27, b.begin() + 33, is_digit);
    s += b[34] == 'M' || b[34] == 'F';
  } else {
    s += std::all_of(b.begin() + 10, b.begin() + 13, is_alpha);
    s += std::all_of(b.begin() + 13, b.begin() + 19, is_digit);
    s += std::all_of(b.begin() + 21, b.begin() + 27, is_digit);
    s += b[20] == 'M' || b[20] == 'F' || b[20] == 'X' || b[20] == kFiller;
  }
  return s;
}

std::vector<Format> FormatsFor(const std::vector<std::string>& l) {
  if (l.size() == 3 && l[0].size() == 30 && l[1].size() == 30 && l[2].size() == 30) {
    return {Format::kTd1};
  }
  if (l.size() != 2 || l[0].size() != l[1].size()) return {};
  if (l[0].size() == 44) return {l[0][0] == 'V' ? Format::kMrvA : Format::kTd3};
  if (l[0].size() == 36) {
    if (l[0][0] == 'V') return {Format::kMrvB};
    return {Format::kFrenchIdOld, Format::kTd2};
  }
  return {};
}

// Chooses among the readings a shape allows: most passing check digits, then the share of
// check digits passing, then the field shapes.
std::optional<Mrz> ParseBest(const std::vector<std::string>& lines, const Date& ref) {
  std::optional<Mrz> best;
  double best_score = -1;
  for (Format f : FormatsFor(lines)) {
    Mrz m = ParseAs(f, lines, ref);
    // A reading whose check digits all pass wins; otherwise the shape of the fields decides,
    // since on a damaged zone a check digit of the wrong reading passes one time in ten.
    double score = (m.valid ? 1000 : 0) + ShapeScore(f, lines) * 10 + ValidCount(m);
    if (score > best_score) {
      best_score = score;
      best = std::move(m);
    }
  }
  return best;
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == '\r' || c == '\n') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// A zone given as one string: cut it by the total length of each format.
std::vector<std::vector<std::string>> CutSingle(const std::string& s) {
  std::vector<std::vector<std::string>> out;
  if (s.size() == 90) out.push_back({s.substr(0, 30), s.substr(30, 30), s.substr(60, 30)});
  if (s.size() == 88) out.push_back({s.substr(0, 44), s.substr(44, 44)});
  if (s.size() == 72) out.push_back({s.substr(0, 36), s.substr(36, 36)});
  return out;
}

// ---- OCR repair -------------------------------------------------------------------------

// Per-position class map of each format.
std::vector<std::vector<Cls>> ClassMap(Format f, const std::vector<int>& lengths) {
  std::vector<std::vector<Cls>> map;
  for (int len : lengths) map.emplace_back(len, Cls::kAlnum);
  auto set = [&](int line, int start, int len, Cls c) {
    for (int i = start; i < start + len; ++i) map[line][i] = c;
  };
  switch (f) {
    case Format::kTd1:
      set(0, 0, 5, Cls::kAlpha);
      set(0, 14, 1, Cls::kDigit);
      set(1, 0, 7, Cls::kDigit);
      set(1, 7, 1, Cls::kSex);
      set(1, 8, 7, Cls::kDigit);
      set(1, 15, 3, Cls::kAlpha);
      set(1, 29, 1, Cls::kDigit);
      set(2, 0, 30, Cls::kName);
      break;
    case Format::kFrenchIdOld:
      set(0, 0, 5, Cls::kAlpha);
      set(0, 5, 25, Cls::kName);
      set(1, 0, 4, Cls::kDigit);
      set(1, 12, 1, Cls::kDigit);
      set(1, 13, 14, Cls::kName);
      set(1, 27, 7, Cls::kDigit);
      set(1, 34, 1, Cls::kSex);
      set(1, 35, 1, Cls::kDigit);
      break;
    default: {
      int len = lengths[0];
      set(0, 0, 5, Cls::kAlpha);
      set(0, 5, len - 5, Cls::kName);
      set(1, 9, 1, Cls::kDigit);
      set(1, 10, 3, Cls::kAlpha);
      set(1, 13, 7, Cls::kDigit);
      set(1, 20, 1, Cls::kSex);
      set(1, 21, 7, Cls::kDigit);
      if (f == Format::kTd3) set(1, 42, 2, Cls::kDigit);
      if (f == Format::kTd2) set(1, 35, 1, Cls::kDigit);
    }
  }
  return map;
}

char LetterToDigit(char c) {
  switch (c) {
    case 'O':
    case 'Q':
    case 'D':
      return '0';
    case 'I':
    case 'L':
      return '1';
    case 'Z':
      return '2';
    case 'S':
      return '5';
    case 'G':
      return '6';
    case 'B':
      return '8';
    default:
      return 0;
  }
}

char DigitToLetter(char c) {
  switch (c) {
    case '0':
      return 'O';
    case '1':
      return 'I';
    case '2':
      return 'Z';
    case '5':
      return 'S';
    case '6':
      return 'G';
    case '8':
      return 'B';
    default:
      return 0;
  }
}

bool IsFillerLookalike(char c) { return c == 'K' || c == 'S' || c == 'G' || c == 'C'; }

// Fillers read as letters at the end of a name field: from the first real filler of the
// trailing run of filler look-alikes on, everything is filler; a run without a real filler is
// taken as fillers only when it is long and uniform (no name ends in "KKKK").
void CleanNameFillers(std::string& line, int start, int len) {
  int end = start + len;
  int run = end;
  while (run > start && (line[run - 1] == kFiller || IsFillerLookalike(line[run - 1]))) --run;
  if (run == end) return;
  int first_real = -1;
  for (int i = run; i < end; ++i) {
    if (line[i] == kFiller) {
      first_real = i;
      break;
    }
  }
  if (first_real < 0) {
    if (end - run >= 3 && std::all_of(line.begin() + run, line.begin() + end,
                                      [&](char c) { return c == line[run]; })) {
      first_real = run;
    } else {
      return;
    }
  }
  for (int i = first_real; i < end; ++i) line[i] = kFiller;
  // Inside the name, a look-alike between two fillers is a filler too.
  for (int i = start + 1; i + 1 < end; ++i) {
    if (IsFillerLookalike(line[i]) && line[i - 1] == kFiller && line[i + 1] == kFiller) {
      line[i] = kFiller;
    }
  }
}

struct Candidate {
  std::vector<std::string> lines;
  Format format;
};

std::vector<Repair> Diff(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<Repair> out;
  for (size_t l = 0; l < a.size(); ++l) {
    for (size_t i = 0; i < a[l].size(); ++i) {
      if (a[l][i] != b[l][i]) {
        out.push_back({static_cast<int>(l), static_cast<int>(i), a[l][i], b[l][i]});
      }
    }
  }
  return out;
}

const Check* FindCheck(const Mrz& m, std::string_view field) {
  for (const Check& c : m.checks) {
    if (c.field == field) return &c;
  }
  return nullptr;
}

// Positions whose characters feed each check digit (data and digit), per format.
std::vector<std::pair<std::string, std::vector<Span>>> CheckedSpans(
    Format f, const std::vector<std::string>& lines) {
  const int len = static_cast<int>(lines[0].size());
  switch (f) {
    case Format::kTd1: {
      std::vector<Span> doc = {{0, 5, 10}};
      if (lines[0][14] == kFiller) doc.push_back({0, 15, 15});
      return {{"document_number", doc},
              {"birth_date", {{1, 0, 7}}},
              {"expiry_date", {{1, 8, 7}}},
              {"composite", {{0, 15, 15}, {1, 18, 12}}}};
    }
    case Format::kFrenchIdOld:
      return {{"document_number", {{1, 0, 13}}},
              {"birth_date", {{1, 27, 7}}},
              {"composite", {{0, 5, 31}, {1, 13, 14}, {1, 35, 1}}}};
    default: {
      std::vector<std::pair<std::string, std::vector<Span>>> out = {
          {"document_number", {{1, 0, 10}}},
          {"birth_date", {{1, 13, 7}}},
          {"expiry_date", {{1, 21, 7}}}};
      if (f == Format::kTd2 && lines[1][9] == kFiller) out[0].second.push_back({1, 28, 7});
      if (f == Format::kTd3) out.push_back({"optional_data", {{1, 28, 15}}});
      if (f == Format::kTd2) out.push_back({"composite", {{1, 28, 8}}});
      if (f == Format::kTd3) out.push_back({"composite", {{1, len - 1, 1}}});
      return out;
    }
  }
}

constexpr int kMaxAmbiguous = 12;

// Tries every combination of look-alike swaps over `spans` and keeps the one that makes
// `field` pass with the fewest changes, when that one is unique and leaves the composite
// (if any) passing or at least not newly failing.
void RepairField(Candidate& cand, const std::string& field, const std::vector<Span>& spans,
                 const std::vector<std::vector<Cls>>& cls, const Date& ref) {
  Mrz now = ParseAs(cand.format, cand.lines, ref);
  const Check* check = FindCheck(now, field);
  if (check == nullptr || check->valid) return;
  struct Pos {
    int line, col;
    std::string options;
  };
  std::vector<Pos> ambiguous;
  for (const Span& s : spans) {
    for (int i = s.start; i < s.start + s.len; ++i) {
      char c = cand.lines[s.line][i];
      std::string opts;
      Cls k = cls[s.line][i];
      if (k == Cls::kAlnum) {
        if (char d = LetterToDigit(c)) opts.push_back(d);
        if (char a = DigitToLetter(c)) opts.push_back(a);
        if (IsFillerLookalike(c)) opts.push_back(kFiller);
      } else if (k == Cls::kName) {
        // Names hold no digits; a look-alike next to a filler may be one.
        if (char a = DigitToLetter(c)) opts.push_back(a);
        const std::string& line = cand.lines[s.line];
        bool by_filler = (i > 0 && line[i - 1] == kFiller) ||
                         (i + 1 < static_cast<int>(line.size()) && line[i + 1] == kFiller);
        if (IsFillerLookalike(c) && by_filler) opts.push_back(kFiller);
      } else if (k == Cls::kDigit && c == kFiller) {
        continue;
      }
      if (!opts.empty()) ambiguous.push_back({s.line, i, opts});
    }
  }
  if (ambiguous.empty() || static_cast<int>(ambiguous.size()) > kMaxAmbiguous) return;
  // Fewest changes wins; a candidate that also passes the composite beats one that does not.
  struct Found {
    std::vector<std::string> lines;
    int changes;
    bool composite_ok;
  };
  std::vector<Found> found;
  std::vector<size_t> choice(ambiguous.size(), 0);
  while (true) {
    std::vector<std::string> lines = cand.lines;
    int changes = 0;
    for (size_t p = 0; p < ambiguous.size(); ++p) {
      if (choice[p] > 0) {
        lines[ambiguous[p].line][ambiguous[p].col] = ambiguous[p].options[choice[p] - 1];
        ++changes;
      }
    }
    Mrz m = ParseAs(cand.format, lines, ref);
    const Check* c = FindCheck(m, field);
    if (c != nullptr && c->valid) {
      const Check* comp = FindCheck(m, "composite");
      found.push_back({std::move(lines), changes, comp == nullptr || comp->valid});
    }
    size_t p = 0;
    while (p < ambiguous.size()) {
      if (++choice[p] <= ambiguous[p].options.size()) break;
      choice[p] = 0;
      ++p;
    }
    if (p == ambiguous.size()) break;
  }
  for (bool need_composite : {true, false}) {
    int min_changes = 1 << 30;
    int count = 0;
    const Found* pick = nullptr;
    for (const Found& f : found) {
      if (need_composite && !f.composite_ok) continue;
      if (f.changes < min_changes) {
        min_changes = f.changes;
        count = 1;
        pick = &f;
      } else if (f.changes == min_changes) {
        ++count;
      }
    }
    if (count == 1) {
      cand.lines = pick->lines;
      return;
    }
    if (count > 1) return;  // ambiguous: leave the field as read
  }
}

Mrz RepairCandidate(Candidate cand, const Date& ref) {
  const std::vector<std::string> original = cand.lines;
  std::vector<int> lengths;
  for (const auto& l : cand.lines) lengths.push_back(static_cast<int>(l.size()));
  auto cls = ClassMap(cand.format, lengths);
  // Positions that admit a single class: the look-alike is the only possible reading.
  for (size_t l = 0; l < cand.lines.size(); ++l) {
    for (size_t i = 0; i < cand.lines[l].size(); ++i) {
      char& c = cand.lines[l][i];
      if (cls[l][i] == Cls::kDigit) {
        if (char d = LetterToDigit(c)) c = d;
      } else if (cls[l][i] == Cls::kAlpha) {
        if (char a = DigitToLetter(c)) c = a;
      }
    }
  }
  // Name fields: fillers read as letters.
  std::vector<std::string> before_names = cand.lines;
  if (cand.format == Format::kTd1) {
    CleanNameFillers(cand.lines[2], 0, 30);
  } else if (cand.format == Format::kFrenchIdOld) {
    // Names on a French card hold no digits; the composite confirms below (or undoes it).
    for (auto [line, start, len] : {std::tuple{0, 5, 25}, std::tuple{1, 13, 14}}) {
      for (int i = start; i < start + len; ++i) {
        if (char a = DigitToLetter(cand.lines[line][i])) cand.lines[line][i] = a;
      }
    }
    CleanNameFillers(cand.lines[0], 5, 25);
    CleanNameFillers(cand.lines[1], 13, 14);
    // Line 1 holds the surname alone: after a double filler only fillers follow, whatever
    // letters the OCR saw there (L and E are common readings of a faint '<').
    size_t end_of_name = cand.lines[0].find("<<", 5);
    if (end_of_name != std::string::npos && end_of_name < 30) {
      std::fill(cand.lines[0].begin() + static_cast<long>(end_of_name), cand.lines[0].begin() + 30,
                kFiller);
    }
  } else {
    CleanNameFillers(cand.lines[0], 5, lengths[0] - 5);
  }
  for (const auto& [field, spans] : CheckedSpans(cand.format, cand.lines)) {
    RepairField(cand, field, spans, cls, ref);
  }
  // A forced reading that did not make its check pass is not confirmed: keep what was read.
  Mrz repaired = ParseAs(cand.format, cand.lines, ref);
  for (const auto& [field, spans] : CheckedSpans(cand.format, cand.lines)) {
    const Check* c = FindCheck(repaired, field);
    if (c == nullptr || c->valid || field == "composite") continue;
    for (const Span& s : spans) {
      cand.lines[s.line].replace(s.start, s.len, original[s.line].substr(s.start, s.len));
    }
  }
  repaired = ParseAs(cand.format, cand.lines, ref);
  Mrz as_read = ParseAs(cand.format, original, ref);
  if (cand.format == Format::kFrenchIdOld && !repaired.valid) {
    // The old CNI's composite covers the names: their cleaning must not break it.
    Candidate alt = cand;
    alt.lines[0].replace(5, 25, before_names[0].substr(5, 25));
    alt.lines[1].replace(13, 14, before_names[1].substr(13, 14));
    Mrz m = ParseAs(alt.format, alt.lines, ref);
    if (ValidCount(m) > ValidCount(repaired)) repaired = m;
  }
  if (cand.format == Format::kFrenchIdOld && !repaired.valid) {
    // The office code (line 1, columns 31-36) is often blank on the card; read as letters,
    // it is taken as fillers only when the composite check then passes.
    std::vector<std::string> blank = repaired.lines;
    bool has_digit = std::any_of(blank[0].begin() + 30, blank[0].end(),
                                 [](char c) { return c >= '0' && c <= '9'; });
    if (!has_digit && blank[0].size() == 36) {
      std::fill(blank[0].begin() + 30, blank[0].end(), kFiller);
      Mrz m = ParseAs(cand.format, blank, ref);
      if (m.valid) repaired = m;
    }
  }
  if (ValidCount(repaired) < ValidCount(as_read)) repaired = as_read;
  repaired.repairs = Diff(original, repaired.lines);
  repaired.repaired = !repaired.repairs.empty();
  return repaired;
}

// One OCR line, as the few strings it may stand for: spaces dropped, spaces as fillers, and
// space runs next to fillers as fillers.
std::vector<std::string> LineVariants(std::string_view raw) {
  std::string s;
  for (size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    // '«' (C2 AB), '‹' (E2 80 B9) and '£' (C2 A3) are fillers misread.
    if (c == 0xC2 && i + 1 < raw.size() &&
        (static_cast<unsigned char>(raw[i + 1]) == 0xAB ||
         static_cast<unsigned char>(raw[i + 1]) == 0xA3)) {
      s += kFiller;
      ++i;
    } else if (c == 0xE2 && i + 2 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0x80 &&
               static_cast<unsigned char>(raw[i + 2]) == 0xB9) {
      s += kFiller;
      i += 2;
    } else if (c < 0x80) {
      char u = static_cast<char>(std::toupper(c));
      if (u == '\t') u = ' ';
      if (IsMrzChar(u) || u == ' ') s += u;
    }
  }
  // Trim surrounding spaces.
  size_t b = s.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  s = s.substr(b, s.find_last_not_of(' ') - b + 1);
  std::vector<std::string> out;
  std::string dropped;
  for (char c : s) {
    if (c != ' ') dropped += c;
  }
  out.push_back(dropped);
  std::string as_fillers = s;
  std::replace(as_fillers.begin(), as_fillers.end(), ' ', kFiller);
  out.push_back(as_fillers);
  std::string mixed;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != ' ') {
      mixed += s[i];
      continue;
    }
    size_t j = i;
    while (j < s.size() && s[j] == ' ') ++j;
    bool near_filler = (i > 0 && s[i - 1] == kFiller) || (j < s.size() && s[j] == kFiller);
    if (near_filler) mixed.append(j - i, kFiller);
    i = j - 1;
  }
  out.push_back(mixed);
  return out;
}

// Fits a variant to a line length: exact, short by up to 3 trailing fillers lost, or long by
// up to 3 when the line ends in a filler run long enough to hold the excess (OCR splits one
// chevron into "<K" or "<<" in a long filler run; the fillers carry no data).
std::optional<std::string> FitTo(const std::string& v, int len) {
  int n = static_cast<int>(v.size());
  if (n == len) return v;
  if (n > len && n <= len + 3) {
    std::string w = v;
    // The same split leaves a look-alike between fillers in that run: it is a filler too.
    int run = n;
    while (run > 0 &&
           (w[run - 1] == kFiller || (IsFillerLookalike(w[run - 1]) && run < n &&
                                      w[run] == kFiller && run >= 2 && w[run - 2] == kFiller))) {
      --run;
    }
    std::replace_if(
        w.begin() + run, w.end(), [](char c) { return IsFillerLookalike(c); }, kFiller);
    if (n - run >= n - len + 3) return w.substr(0, len);
  }
  if (n < len && n >= len - 3 && n > 0 && (v.back() == kFiller || IsFillerLookalike(v.back()))) {
    return v + std::string(len - n, kFiller);
  }
  return std::nullopt;
}

// Prose has few digits and fillers; an MRZ line always has some, or a tail of fillers that
// OCR may have read as letters.
bool MostlyMrz(const std::string& s) {
  int fillers = static_cast<int>(std::count(s.begin(), s.end(), kFiller));
  int digits = static_cast<int>(std::count_if(s.begin(), s.end(), ::isdigit));
  size_t tail = s.size();
  while (tail > 0 && IsFillerLookalike(s[tail - 1])) --tail;
  return fillers + digits + static_cast<int>(s.size() - tail) >= 3;
}

double Score(const Mrz& m) {
  return ValidCount(m) * 10.0 + (m.valid ? 100 : 0) - static_cast<double>(m.repairs.size()) * 0.1;
}

}  // namespace

std::string Date::Iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kTd1:
      return "td1";
    case Format::kTd2:
      return "td2";
    case Format::kTd3:
      return "td3";
    case Format::kMrvA:
      return "mrv_a";
    case Format::kMrvB:
      return "mrv_b";
    case Format::kFrenchIdOld:
      return "cni_ancienne";
  }
  return "";
}

std::string_view KindName(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kCniAncienne:
      return "cni_ancienne";
    case DocumentKind::kCni2021:
      return "cni_2021";
    case DocumentKind::kPasseport:
      return "passeport";
    case DocumentKind::kOther:
      return "other";
  }
  return "other";
}

int CheckDigit(std::string_view field) {
  static constexpr std::array<int, 3> kWeights = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < field.size(); ++i) {
    char c = field[i];
    int v;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'A' && c <= 'Z') {
      v = c - 'A' + 10;
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 10;
    } else if (c == kFiller) {
      v = 0;
    } else {
      return -1;
    }
    sum += v * kWeights[i % 3];
  }
  return sum % 10;
}

std::optional<Mrz> Parse(const std::vector<std::string>& lines, const Date& reference) {
  if (lines.size() == 1) return ParseText(lines[0], reference);
  return ParseBest(lines, reference);
}

std::optional<Mrz> ParseText(std::string_view text, const Date& reference) {
  std::vector<std::string> lines = SplitLines(text);
  if (lines.size() == 1) {
    for (const auto& cut : CutSingle(lines[0])) {
      if (auto m = ParseBest(cut, reference)) return m;
    }
    return std::nullopt;
  }
  return ParseBest(lines, reference);
}

std::optional<Mrz> Find(std::string_view ocr_text, const Date& reference) {
  std::vector<std::vector<std::string>> variants;
  for (const std::string& raw : SplitLines(ocr_text)) {
    std::vector<std::string> v = LineVariants(raw);
    if (!v.empty()) variants.push_back(std::move(v));
  }
  std::optional<Mrz> best;
  auto consider = [&](Candidate cand) {
    Mrz m = RepairCandidate(std::move(cand), reference);
    if (!best || Score(m) > Score(*best)) best = std::move(m);
  };
  struct Shape {
    int lines;
    int len;
    std::vector<Format> formats;
  };
  const std::vector<Shape> shapes = {{3, 30, {Format::kTd1}},
                                     {2, 44, {Format::kTd3, Format::kMrvA}},
                                     {2, 36, {Format::kFrenchIdOld, Format::kTd2, Format::kMrvB}}};
  for (const Shape& shape : shapes) {
    for (size_t i = 0; i + shape.lines <= variants.size(); ++i) {
      // Each line of the group picks the first variant that fits the length.
      std::vector<std::string> group;
      bool trimmed = false;
      for (int k = 0; k < shape.lines; ++k) {
        for (const std::string& v : variants[i + k]) {
          if (auto fit = FitTo(v, shape.len)) {
            trimmed = trimmed || static_cast<int>(v.size()) > shape.len;
            group.push_back(*fit);
            break;
          }
        }
      }
      if (static_cast<int>(group.size()) != shape.lines) continue;
      // The names line may be letters only; every other line must look like MRZ.
      if (std::count_if(group.begin(), group.end(), MostlyMrz) < shape.lines - 1) continue;
      for (Format f : shape.formats) {
        bool visa = group[0][0] == 'V';
        if ((f == Format::kMrvA || f == Format::kMrvB) != visa) continue;
        if (!trimmed) {
          consider({group, f});
          continue;
        }
        // An over-long line may hide a character inserted in the data, which shifts every
        // field after it: only the field checks passing show that the excess was filler, so a
        // trimmed reading stands when no more than the composite fails.
        Mrz m = RepairCandidate({group, f}, reference);
        bool aligned =
            !m.checks.empty() && std::all_of(m.checks.begin(), m.checks.end(), [](const Check& c) {
              return c.valid || c.field == "composite";
            });
        if (aligned && (!best || Score(m) > Score(*best))) best = std::move(m);
      }
    }
  }
  // The whole zone on one OCR line.
  for (const auto& v : variants) {
    for (const std::string& s : v) {
      for (auto& cut : CutSingle(s)) {
        for (Format f : FormatsFor(cut)) consider({cut, f});
      }
    }
  }
  return best;
}

bool LooksLikeMrz(std::string_view ocr_text) {
  for (const std::string& raw : SplitLines(ocr_text)) {
    std::vector<std::string> variants = LineVariants(raw);
    if (variants.empty()) continue;
    const std::string& line = variants.front();  // spaces dropped, look-alike fillers kept
    size_t visible = 0;
    for (char c : raw) {  // code points, not bytes: « is one character
      unsigned char u = static_cast<unsigned char>(c);
      visible += c != ' ' && c != '\t' && (u < 0x80 || u >= 0xC0);
    }
    // LineVariants keeps only MRZ characters: what it dropped was prose or noise.
    bool mostly = visible > 0 && line.size() * 10 >= visible * 9;
    if (line.size() >= 25 && line.size() <= 50 && mostly && line.find("<<") != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace notaria::analyze::mrz
