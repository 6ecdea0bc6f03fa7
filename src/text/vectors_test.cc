// Third-party vectors of shared/realdata/numbers_dates run against the French text toolkit.
// Scope rules per file are stated beside each runner and in src/text/VECTORS.md. A vector is
// counted once; it passes only if every direction checked for it passes.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "text/french_amounts.h"
#include "text/french_dates.h"
#include "text/french_numbers.h"
#include "text/normalize.h"

namespace notaria::text {
namespace {

using nlohmann::json;

struct Tally {
  std::string file;
  int passed = 0;
  int in_scope = 0;
  int total = 0;
  std::vector<std::string> failures;

  void Out() { ++total; }
  void Check(bool ok, const std::string& what) {
    ++total;
    ++in_scope;
    if (ok) {
      ++passed;
    } else {
      failures.push_back(what);
    }
  }
};

json Load(const std::string& name) {
  std::ifstream in(std::string(NOTARIA_SHARED_DIR) + "/realdata/numbers_dates/" + name);
  return json::parse(in);
}

std::string Lower(std::string s) { return FoldForMatch(s); }

bool Contains(const std::string& hay, std::string_view needle) {
  return hay.find(needle) != std::string::npos;
}

// Independent of the readers under test: does the text name a month or hold d/m digits?
bool NamesDayAndMonth(const std::string& text) {
  const std::string f = Lower(text);
  static const std::set<std::string> kMonths = {
      "janvier", "janv",    "fevrier", "fevr",     "fev",  "mars",     "avril",
      "avr",     "mai",     "juin",    "juillet",  "juil", "aout",     "septembre",
      "sept",    "octobre", "oct",     "novembre", "nov",  "decembre", "dec"};
  std::string word;
  for (char ch : f + " ") {
    if (isalpha(static_cast<unsigned char>(ch))) {
      word += ch;
    } else {
      if (kMonths.count(word)) return true;
      word.clear();
    }
  }
  for (size_t i = 1; i + 1 < f.size(); ++i) {
    if ((f[i] == '/' || f[i] == '-' || f[i] == '.') && isdigit(f[i - 1]) && isdigit(f[i + 1])) {
      return true;
    }
  }
  return false;
}

bool HasOrdinalWord(const std::string& text) {
  const std::string f = Lower(text);
  return Contains(f, "ieme") || Contains(f, "premier") || Contains(f, "second") ||
         Contains(f, "eme ") || Contains(f, "3eme");
}

// Compares a date read by us with an expected "YYYY-MM-DD...": a year we leave unknown is
// accepted when the month and day agree (the vector's year came from its clock).
bool SameDate(const std::optional<FrenchDate>& got, const std::string& expected_iso) {
  if (!got || expected_iso.size() < 10) return false;
  const int y = std::stoi(expected_iso.substr(0, 4));
  const int m = std::stoi(expected_iso.substr(5, 2));
  const int d = std::stoi(expected_iso.substr(8, 2));
  return got->month == m && got->day == d && (got->year == 0 || got->year == y);
}

std::optional<FrenchDate> FieldDate(const std::string& s) {
  auto d = ParseDate(s);
  if (!d) return std::nullopt;
  return d->date;
}

void Print(const Tally& t) {
  std::cout << "[vectors] " << t.file << ": " << t.passed << "/" << t.in_scope
            << " in scope passed (" << t.total << " total)\n";
  for (const auto& f : t.failures) std::cout << "    FAIL " << f << "\n";
}

// dateparser: absolute dates (parse, ISO, translation, search) are in scope; relative
// expressions ("hier", "il y a 2 heures", "dans 1 an") need a clock, and language detection /
// tokenisation tests exercise dateparser internals: out of scope. A string without a day and
// month ("Jeu 15:12") is a weekday relative to "now": out of scope.
Tally RunDateparser() {
  Tally t{"dateparser_fr_tests.json"};
  static const std::map<std::string, int> kEnglish = {
      {"january", 1},   {"february", 2}, {"march", 3},     {"april", 4},
      {"may", 5},       {"june", 6},     {"july", 7},      {"august", 8},
      {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12}};
  const json doc = Load("dateparser_fr_tests.json");
  for (const auto& c : doc["cases"]) {
    const std::string fn = c["test_function"];
    const json& args = c["args"];
    const json& kw = c["kwargs"];
    if (fn == "test_dates_parsing" || fn == "test_dates_parsing_with_normalization") {
      const std::string s = args[0];
      if (!NamesDayAndMonth(s)) {
        t.Out();
        continue;
      }
      t.Check(SameDate(FieldDate(s), args[1]), fn + ": " + s);
    } else if (fn == "test_iso_datestamp_format_should_always_parse" ||
               fn == "test_iso_datestamp_format_should_parse_with_locale_date_order") {
      const std::string s = args[0];
      t.Check(SameDate(FieldDate(s), kw["expected"]), fn + ": " + s);
    } else if (fn == "test_parse_settings_default_languages_with_detected_language") {
      const std::string s = kw["date_string"];
      t.Check(SameDate(FieldDate(s), kw["expected"]), fn + ": " + s);
    } else if (fn == "test_translation") {
      // The English rendering gives day, month name and year.
      const std::string s = args[1];
      const std::string en = args[2];
      int d = 0, y = 0, m = 0;
      std::istringstream words(en);
      std::string w;
      while (words >> w) {
        if (kEnglish.count(w))
          m = kEnglish.at(w);
        else if (isdigit(w[0]) && w.find(':') == std::string::npos)
          (d == 0 ? d : y) = std::stoi(w);
      }
      auto got = FieldDate(s);
      t.Check(got && got->year == y && got->month == m && got->day == d, fn + ": " + s);
    } else if (fn == "test_search_date_string") {
      t.Check(!FindDates(std::string(args[1])).empty(), fn + ": " + std::string(args[1]));
    } else if (fn == "test_search_and_parse" || fn == "test_date_search_function" ||
               fn == "test_ngram_search") {
      const std::string text = fn == "test_search_and_parse" ? args[1] : kw["text"];
      const json& expected = fn == "test_search_and_parse" ? args[2] : kw["expected"];
      const auto found = FindDates(text);
      bool ok = found.size() == expected.size();
      for (size_t k = 0; ok && k < found.size(); ++k) {
        // dateparser's matched text includes "le"; ours starts at the day: ours must lie
        // inside theirs.
        const std::string ours = text.substr(found[k].start, found[k].end - found[k].start);
        ok = SameDate(found[k].date, expected[k][1]) && Contains(std::string(expected[k][0]), ours);
      }
      t.Check(ok, fn + ": " + text);
    } else {
      t.Out();
    }
  }
  return t;
}

// Duckling: Numeral (words and French digit notation), AmountOfMoney in euros, and Time
// examples that name a day of a month (with or without year, possibly followed by a time of
// day, which is not read) are in scope, with the Time negatives. Out: K/M/G suffixes and
// texts mixing digits with number words ("trente 3", "moins 1200000"), ordinals, other
// currencies and money intervals, relative/holiday/part-of-day/interval/weekday-only times,
// month-only values (day 00), and the Duration/Distance/Quantity/Email/Temperature/Volume
// dimensions.
Tally RunDuckling() {
  Tally t{"duckling_fr_corpus.json"};
  const json d = Load("duckling_fr_corpus.json")["dimensions"];
  for (const auto& [dim, body] : d.items()) {
    for (const auto& ex : body["examples"]) {
      const json parsed = ex.contains("parsed") ? ex["parsed"] : json();
      for (const std::string s : ex["texts"]) {
        if (dim == "Numeral") {
          bool digits = false, letters = false, suffix = false;
          for (size_t k = 0; k < s.size(); ++k) {
            if (isdigit(static_cast<unsigned char>(s[k])))
              digits = true;
            else if (isalpha(static_cast<unsigned char>(s[k])) || (s[k] & 0x80))
              letters = true;
          }
          suffix = digits && letters;
          if (suffix || (!digits && s.find(',') == 0)) {
            t.Out();
            continue;
          }
          const double want = parsed["value"];
          std::optional<double> got = digits || s.find(',') != std::string::npos
                                          ? ParseFrenchDecimal(s)
                                          : ParseFrenchNumber(s);
          t.Check(got && std::abs(*got - want) < 1e-9, "Numeral: " + s);
        } else if (dim == "AmountOfMoney") {
          if (parsed.is_null() || parsed["currency"] != "EUR") {
            t.Out();
            continue;
          }
          auto a = ParseAmount(s);
          t.Check(a && a->currency == "EUR" && std::abs(a->value - double(parsed["value"])) < 1e-9,
                  "AmountOfMoney: " + s);
        } else if (dim == "Time") {
          const std::string f = Lower(s);
          static const char* kRelative[] = {"prochain",  "dernier", "derniere", "suivant",
                                            "lendemain", "veille",  "semaine",  "en huit",
                                            "en quinze", "apres",   "avant",    "mois",
                                            "jour d",    "eme",     "fin ",     "debut"};
          bool relative = false;
          for (const char* r : kRelative) relative = relative || Contains(f, r);
          if (parsed.is_null() || parsed["type"] != "datetime" || relative ||
              !NamesDayAndMonth(s) || std::string(parsed["value"]).substr(8, 2) == "00") {
            t.Out();
            continue;
          }
          t.Check(SameDate(FieldDate(s), parsed["value"]), "Time: " + s);
        } else {
          t.Out();
        }
      }
    }
    if (dim == "Time" && body["negative_examples"].is_array()) {
      for (const std::string s : body["negative_examples"]) {
        t.Check(FindDates(s).empty() && !ParseDate(s), "Time negative: " + s);
      }
    }
  }
  return t;
}

// Notarial date words (imio.helpers, fr_date, ELS anonymisation): all in scope. Date-to-words
// vectors are run backwards (the words must read as the date); int2word both ways; span
// vectors compare code-point offsets.
Tally RunMisc() {
  Tally t{"french_date_words_misc_tests.json"};
  const json doc = Load("french_date_words_misc_tests.json");
  for (const auto& src : doc["sources"]) {
    for (const auto& c : src["cases"]) {
      const std::string fn = c["function"];
      if (fn == "int2word") {
        const int64_t n = c["input"];
        const std::string w = c["expected"];
        t.Check(FrenchIntegerToWords(n) == w && ParseFrenchInteger(w) == n, fn + ": " + w);
      } else if (fn == "get_date") {
        const std::string in = c["input"];
        const auto found = FindDates(in);
        bool ok;
        if (c["expected_span"].is_null()) {
          ok = found.empty();
        } else {
          ok = found.size() == 1 &&
               CodePointCount(std::string_view(in).substr(0, found[0].start)) ==
                   size_t(c["expected_span"][0]) &&
               CodePointCount(std::string_view(in).substr(0, found[0].end)) ==
                   size_t(c["expected_span"][1]);
        }
        t.Check(ok, fn + ": " + in);
      } else if (Contains(fn, "as_date") || fn == "conv") {
        // "conv": digits to "1er janvier 2000"; "conv / conv(as_date=True)": "... / ISO".
        const std::string in = c["input"];
        const std::string exp = c["expected"];
        auto a = FieldDate(in);
        std::string iso;
        const size_t slash = exp.find(" / ");
        if (slash != std::string::npos) {
          iso = exp.substr(slash + 3);
        } else if (isdigit(static_cast<unsigned char>(exp[0])) && exp.size() == 10 &&
                   exp[4] == '-') {
          iso = exp;
        } else {
          auto e = FieldDate(exp);
          iso = e ? ToIso(*e) : "";
        }
        t.Check(a && ToIso(*a) == iso, fn + ": " + in);
      } else {
        // Date (ISO) -> words or formatted text: read the words back.
        const std::string in = c["input"];
        const std::string exp = c["expected"];
        auto e = FieldDate(exp);
        t.Check(e && ToIso(*e) == in.substr(0, 10), fn + ": " + exp);
      }
    }
  }
  return t;
}

// num2words: cardinals (integers and "virgule" decimals) up to the milliards are read back
// from the words in every variant (fr, fr_BE, fr_CH, fr_DZ); fr and fr_DZ integers are also
// written and must match word for word (the Belgian/Swiss renderings carry num2words'
// plural slips, "sept cents vingt-neuf", which we read but do not write). Euro and franc
// currency vectors are read back. Out: numbers beyond 999 999 999 999 (billions,
// trillions...), ordinals and "ordinal_num", dollar and dinar amounts.
Tally RunNum2words() {
  Tally t{"num2words_fr_tests.json"};
  const json doc = Load("num2words_fr_tests.json");
  for (const auto& c : doc["cases"]) {
    const std::string lang = c["lang"];
    const std::string num = c["number"];
    const std::string words = c["expected_words"];
    const json& opt = c["options"];
    const double value = std::stod(num);
    if (opt.contains("ordinal") || (opt.contains("to") && opt["to"] == "ordinal_num") ||
        std::abs(value) > double(kMaxFrenchNumber)) {
      t.Out();
      continue;
    }
    if (opt.contains("to") && opt["to"] == "currency") {
      const std::string cur = opt.contains("currency") ? std::string(opt["currency"])
                                                       : (lang == "fr_DZ" ? "DZD" : "EUR");
      if (cur != "EUR" && cur != "FRF") {
        t.Out();
        continue;
      }
      auto a = ParseAmount(words);
      t.Check(a && a->currency == cur && std::abs(a->value - value) < 1e-9,
              lang + " currency: " + words);
      continue;
    }
    auto back = ParseFrenchNumber(words);
    bool ok = back && std::abs(*back - value) < 1e-9;
    const bool integer = num.find('.') == std::string::npos;
    if (integer && (lang == "fr" || lang == "fr_DZ")) {
      ok = ok && FrenchIntegerToWords(std::stoll(num)) == words;
    }
    t.Check(ok, lang + " " + num + ": " + words);
  }
  return t;
}

// ssak (digits to words for speech): in scope are the cases whose input holds a numeric
// date; the date read from the digits and the date read from the words must agree, and an
// impossible date (32/01/2019, 31/13) must be refused by both. The other cases test speech
// spelling (units, fractions, URLs, "point" decimals, phone numbers read pair by pair,
// abbreviations): out of scope.
Tally RunSsak() {
  Tally t{"ssak_format_text_fr_tests.json"};
  const json doc = Load("ssak_format_text_fr_tests.json");
  for (const auto& c : doc["cases"]) {
    const std::string in = c["input"];
    const std::string out = c["expected"];
    bool has_date = false;
    for (size_t k = 1; k + 1 < in.size(); ++k) {
      if (in[k] == '/' && isdigit(static_cast<unsigned char>(in[k - 1])) &&
          (isdigit(static_cast<unsigned char>(in[k + 1])) || in[k + 1] == '/') &&
          !Contains(in, "m²") && !Contains(in, "-")) {
        has_date = true;
      }
    }
    if (!has_date) {
      t.Out();
      continue;
    }
    std::vector<std::string> a, b;
    for (const auto& d : FindDates(in)) a.push_back(ToIso(d.date));
    for (const auto& d : FindDates(out)) b.push_back(ToIso(d.date));
    std::string list;
    for (const auto& s : a) list += s + " ";
    t.Check(a == b, in + " -> [" + list + "]");
  }
  return t;
}

// Sugar: dates with a day are in scope (absolute, or day and month without year whose year
// Sugar takes from the clock: our year must stay unknown or agree). Out: month-only and
// year-only values, weekdays, relative expressions.
Tally RunSugar() {
  Tally t{"sugarjs_fr_date_parsing_tests.json"};
  const json doc = Load("sugarjs_fr_date_parsing_tests.json");
  for (const auto& c : doc["cases"]) {
    const std::string in = c["input"];
    const std::string js = c["expected_js"];
    std::string iso;
    if (c.contains("expected_absolute") && std::string(c["expected_absolute"]).size() >= 10) {
      iso = c["expected_absolute"];
    } else if (Contains(js, "now.getFullYear(), ")) {
      // new Date(now.getFullYear(), M0, D...)
      int m0 = -1, d = -1;
      if (std::sscanf(js.c_str() + js.find("getFullYear(), ") + 15, "%d, %d", &m0, &d) == 2) {
        iso = ToIso({0, m0 + 1, d});
        iso = "0000" + iso.substr(1);
      }
    }
    if (iso.empty()) {
      t.Out();
      continue;
    }
    auto got = FieldDate(in);
    bool ok = SameDate(got, iso);
    if (iso.substr(0, 4) == "0000") ok = got && got->year == 0 && SameDate(got, iso);
    t.Check(ok, in);
  }
  return t;
}

// text2num (Python): text2num and alpha2digit on cardinals and decimals are in scope.
// Out: ordinals (test names "ordinals"), the `signed` option (sign words turned into +/-).
// alpha2digit keeps a lone "un"/"une" as an article, as we do.
Tally RunText2numPython() {
  Tally t{"text2num_fr_python_tests.json"};
  const json doc = Load("text2num_fr_python_tests.json");
  for (const auto& c : doc["cases"]) {
    const std::string test = c["test"];
    const std::string fn = c["function"];
    const std::string in = c["args"][0];
    if (Contains(test, "ordinal") || Contains(test, "signed")) {
      t.Out();
      continue;
    }
    if (fn == "text2num") {
      auto got = ParseFrenchInteger(in);
      if (c["assert"] == "assertRaises") {
        t.Check(!got, "raises: " + in);
      } else {
        t.Check(got && *got == int64_t(c["expected"]), in);
      }
    } else {
      FindNumberWordsOptions o;
      const std::string got = ReplaceNumberWords(in, o);
      t.Check(got == std::string(c["expected"]), in + " -> " + got);
    }
  }
  return t;
}

// text2num-rs: text2digits (whole input, leading zeros kept) and its invalid inputs,
// replace_numbers with threshold 7 (isolated numbers under 7 stay words, lone "un" is an
// article) and threshold 0 (everything replaced). Out: every vector whose input has an
// ordinal or fraction word ("vingt-cinquième", "premier", "seconde").
Tally RunText2numRs() {
  Tally t{"text2num_rs_fr_tests.json"};
  const json doc = Load("text2num_rs_fr_tests.json");
  for (const auto& c : doc["cases"]) {
    const std::string kind = c["kind"];
    const std::string in = c["input"];
    const std::string want = c["expected"];
    if (HasOrdinalWord(in)) {
      t.Out();
      continue;
    }
    if (kind == "text2digits") {
      FindNumberWordsOptions o;
      o.lone_un_is_article = false;
      const auto spans = FindNumberWords(in, o);
      t.Check(spans.size() == 1 && spans[0].start == 0 && spans[0].end == in.size() &&
                  spans[0].digits == want,
              in);
    } else if (kind == "text2digits_invalid") {
      t.Check(!ParseFrenchInteger(in), "invalid: " + in);
    } else {
      FindNumberWordsOptions o;
      if (Contains(kind, "threshold=7")) {
        o.isolated_threshold = 7;
      } else {
        o.lone_un_is_article = false;
      }
      const std::string got = ReplaceNumberWords(in, o);
      t.Check(got == want, kind + ": " + in + " -> " + got);
    }
  }
  return t;
}

TEST(Vectors, ThirdPartyNumbersAndDates) {
  std::vector<Tally> all = {RunDateparser(), RunDuckling(), RunMisc(),           RunNum2words(),
                            RunSsak(),       RunSugar(),    RunText2numPython(), RunText2numRs()};
  int passed = 0, in_scope = 0, total = 0;
  for (const auto& t : all) {
    Print(t);
    passed += t.passed;
    in_scope += t.in_scope;
    total += t.total;
  }
  const double rate = in_scope ? 100.0 * passed / in_scope : 0;
  std::cout << "[vectors] overall: " << passed << "/" << in_scope << " in scope passed (" << total
            << " total), " << rate << " %\n";
  EXPECT_GE(rate, 95.0);
}

}  // namespace
}  // namespace notaria::text
