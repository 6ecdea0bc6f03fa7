// Identifier checks against the vectors of /work/shared/realdata/identifiers (see SOURCES.md
// there), pass rate printed per file, plus cadastral references and communes.
// Out of scope (counted as skipped): identifiers of other schemes (NIR, NIF, RCS, accise,
// EU VAT of other countries), formatting/conversion helpers (format, to_tva, calc_check_digits,
// extractIBAN/composeIBAN/friendlyFormat, QR-IBAN options), and the national BBAN checks we do
// not implement (we check FR/MC/French overseas RIB keys and ES control digits; NL, NO, BE,
// CZ, EE, FI, HU, PL, PT, SI, BA, ME, MK, RS... national checks are not ours).
#include "analyze/validate.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analyze/testing_vectors.h"
#include "analyze/validate_commune.h"

namespace notaria::analyze {
namespace {

using testing::ReadCsv;
using testing::Slurp;

using nlohmann::json;

const std::string kDir = std::string(NOTARIA_SHARED_DIR) + "/realdata/identifiers/";

struct Tally {
  std::string file;
  int total = 0;
  int pass = 0;
  int skipped = 0;
  std::vector<std::string> failures;
  void Case(const std::string& name, bool ok) {
    ++total;
    if (ok) {
      ++pass;
    } else {
      failures.push_back(name);
    }
  }
  void Skip() { ++skipped; }
  ~Tally() {
    std::cout << "[vectors] " << file << ": " << pass << "/" << total << " in scope pass ("
              << (total ? 100.0 * pass / total : 100.0) << " %), " << skipped << " out of scope\n";
    for (const auto& f : failures) ADD_FAILURE() << file << ": " << f;
  }
};

bool Valid(IdStatus s) { return s == IdStatus::kValid; }

// Countries whose national BBAN check we do not implement: an IBAN of theirs that passes our
// checks but is expected invalid is out of scope.
bool NationalCheckImplemented(std::string_view iban) {
  std::string cc(iban.substr(0, 2));
  return cc == "FR" || cc == "MC" || cc == "ES";
}

TEST(Identifiers, FrenchIbanRibVectors) {
  Tally t{"french_iban_rib_vectors.csv"};
  auto rows = ReadCsv(kDir + "french_iban_rib_vectors.csv");
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    bool want_iban = r[3] == "True";
    t.Case(r[0] + " iban", Valid(ValidateIban(r[0])) == want_iban);
    t.Case(r[0] + " rib key", RibKey(r[4], r[5], r[6]) == std::stoi(r[8]));
    t.Case(r[0] + " rib valid", RibValid(r[4], r[5], r[6], r[7]) == (r[9] == "True"));
  }
}

TEST(Identifiers, StdnumValidationLists) {
  Tally t{"stdnum_validation_lists.csv"};
  auto rows = ReadCsv(kDir + "stdnum_validation_lists.csv");
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const std::string& scheme = r[0];
    const std::string& input = r[1];
    const std::string& expected = r[2];
    if (expected == "valid only with check_country=False") {
      // Valid by mod 97, invalid by the national check: we apply the national check.
      t.Case(input, ValidateIban(input) == IdStatus::kInvalidNational);
      continue;
    }
    bool want = expected == "valid";
    bool got;
    if (scheme == "fr_siren") {
      got = Valid(ValidateSiren(input));
    } else if (scheme == "fr_siret") {
      got = Valid(ValidateSiret(input));
    } else if (scheme == "iban") {
      got = Valid(ValidateIban(input));
      if (!want && got && !NationalCheckImplemented(CompactIban(input))) {
        t.Skip();
        continue;
      }
    } else if (scheme == "bic") {
      got = Valid(ValidateBic(input));
    } else if (scheme == "eu_vat") {
      got = Valid(ValidateFrenchVat(input));
    } else {
      t.Skip();
      continue;
    }
    t.Case(scheme + " " + input, got == want);
  }
}

// Evaluates "fn('arg')" expressions of the stdnum doctests for the functions we provide.
TEST(Identifiers, StdnumFunctionExamples) {
  Tally t{"stdnum_function_examples.csv"};
  auto rows = ReadCsv(kDir + "stdnum_function_examples.csv");
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const std::string& src = r[0];
    const std::string& expr = r[1];
    size_t open = expr.find("('");
    size_t close = expr.find("')");
    if (open == std::string::npos || close == std::string::npos) {
      t.Skip();
      continue;
    }
    std::string fn = expr.substr(0, open);
    std::string arg = expr.substr(open + 2, close - open - 2);
    bool want_valid = r[3].empty();
    std::optional<bool> got;
    auto is = [&](std::string_view module) { return src.find(module) != std::string::npos; };
    if (fn.ends_with("validate") && fn.find("luhn") == std::string::npos && !is("luhn.py")) {
      if (fn == "siren.validate" || (fn == "validate" && is("siren.py"))) {
        got = Valid(ValidateSiren(arg));
      } else if (fn == "siret.validate" || (fn == "validate" && is("siret.py"))) {
        got = Valid(ValidateSiret(arg));
      } else if (fn == "tva.validate" || (fn == "validate" && is("tva.py"))) {
        got = Valid(ValidateFrenchVat(arg));
      } else if (fn == "iban.validate" || (fn == "validate" && is("iban.py"))) {
        got = Valid(ValidateIban(arg));
      } else if (fn == "bic.validate" || (fn == "validate" && is("bic.py"))) {
        got = Valid(ValidateBic(arg));
      }
    } else if (fn == "validate" && is("luhn.py")) {
      got = LuhnValid(arg);
    }
    if (!got) {
      t.Skip();
      continue;
    }
    t.Case(expr, *got == want_valid);
  }
}

TEST(Identifiers, IbantoolsVectors) {
  Tally t{"ibantools_test_vectors.json"};
  const json doc = json::parse(Slurp(kDir + "ibantools_test_vectors.json"));
  for (const auto& c : doc["cases"]) {
    const std::string fn = c["function"];
    const json& args = c["args"];
    if (!args.empty() && !args[0].is_null() && !args[0].is_string()) {
      t.Skip();
      continue;
    }
    bool null_arg = args.empty() || args[0].is_null() || args[0] == "__undefined__";
    std::string arg = null_arg ? "" : args[0].get<std::string>();
    bool options = args.size() > 1 && fn != "isValidBBAN";
    if (options) {
      t.Skip();  // QR-IBAN options
      continue;
    }
    std::optional<bool> want;
    if (fn == "isValidIBAN" || fn == "isValidBIC") want = c["expected"].get<bool>();
    if (fn == "validateIBAN" || fn == "validateBIC") want = c["expected"]["valid"].get<bool>();
    if (!want) {
      t.Skip();
      continue;
    }
    bool got =
        fn.find("IBAN") != std::string::npos ? Valid(ValidateIban(arg)) : Valid(ValidateBic(arg));
    // ibantools refuses spaces inside an IBAN; printed IBANs have them and we accept them.
    if (fn.find("IBAN") != std::string::npos && arg.find(' ') != std::string::npos) {
      t.Skip();
      continue;
    }
    if (fn.find("IBAN") != std::string::npos && !*want && got && !NationalCheckImplemented(arg)) {
      t.Skip();
      continue;
    }
    t.Case(fn + " " + arg, got == *want);
  }
}

TEST(Validate, SiretLaPoste) {
  EXPECT_EQ(ValidateSiret("35600000049837"), IdStatus::kValid);
  EXPECT_EQ(ValidateSiret("35600000049838"), IdStatus::kInvalidChecksum);
  EXPECT_EQ(ValidateSiren("404833047"), IdStatus::kInvalidChecksum);
  EXPECT_EQ(ValidateSiren("40483304"), IdStatus::kInvalidLength);
}

TEST(Validate, RibLettersInAccount) {
  EXPECT_EQ(RibKey("20041", "01005", "0500013M026"), 6);
  EXPECT_EQ(RibKey("2004", "01005", "0500013M026"), -1);
}

TEST(Validate, CadastralReferences) {
  auto r = ParseCadastralRef("section AB n° 0123");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->section, "AB");
  EXPECT_EQ(r->number, "123");
  EXPECT_EQ(r->prefix, "");
  r = ParseCadastralRef("000 AB 0923");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->number, "923");
  r = ParseCadastralRef("251 0A 12");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->prefix, "251");
  EXPECT_EQ(r->section, "A");
  r = ParseCadastralRef("01313251BD0370");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->insee_code, "01313");
  EXPECT_EQ(r->prefix, "251");
  EXPECT_EQ(r->section, "BD");
  EXPECT_EQ(r->number, "370");
  r = ParseCadastralRef("H 93");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->section, "H");
  r = ParseCadastralRef("AB123");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->section, "AB");
  EXPECT_EQ(r->number, "123");
  EXPECT_FALSE(ParseCadastralRef("AB 12345"));
  EXPECT_FALSE(ParseCadastralRef("ABC 12"));
  EXPECT_FALSE(ParseCadastralRef("12 34"));
}

// Every id_parcelle of the derived DVF file parses to the section/number it lists.
TEST(Validate, DvfParcelIds) {
  auto rows =
      ReadCsv(std::string(NOTARIA_SHARED_DIR) + "/realdata/dvf/geo_dvf_2024_dep01_first77rows.csv");
  ASSERT_GT(rows.size(), 1u);
  size_t col = std::find(rows[0].begin(), rows[0].end(), "id_parcelle") - rows[0].begin();
  ASSERT_LT(col, rows[0].size());
  int n = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].size() <= col || rows[i][col].size() != 14) continue;
    auto r = ParseCadastralRef(rows[i][col]);
    ASSERT_TRUE(r) << "row " << i;
    EXPECT_EQ(r->insee_code, rows[i][col].substr(0, 5));
    ++n;
  }
  EXPECT_GT(n, 50);
}

TEST(Communes, CreteilAndParis) {
  const CommuneIndex& idx = CommuneIndex::Get();
  EXPECT_GT(idx.size(), 34000u);
  CommuneCheck c = idx.Check("94028", "94000", "Créteil");
  EXPECT_TRUE(c.code_known);
  EXPECT_TRUE(c.postal_code_matches);
  EXPECT_TRUE(c.name_matches);
  EXPECT_TRUE(idx.Check("94028", "", "CRETEIL").name_matches);
  CommuneCheck wrong = idx.Check("94028", "94100", "Créteil");
  EXPECT_FALSE(wrong.postal_code_matches);
  EXPECT_EQ(wrong.expected_postal_codes, std::vector<std::string>{"94000"});
  EXPECT_FALSE(idx.Check("94028", "", "Vincennes").name_matches);
  for (int a = 1; a <= 20; ++a) {
    char code[6], pc[6];
    std::snprintf(code, sizeof code, "751%02d", a);
    std::snprintf(pc, sizeof pc, "750%02d", a);
    EXPECT_TRUE(idx.Check("75056", pc, "Paris").postal_code_matches) << pc;
    CommuneCheck arr = idx.Check(code, pc, "Paris");
    EXPECT_TRUE(arr.code_known) << code;
    EXPECT_TRUE(arr.postal_code_matches) << code;
    EXPECT_TRUE(arr.name_matches) << code;
  }
  EXPECT_TRUE(idx.Check("75108", "75008", "Paris 8e").name_matches);
  EXPECT_TRUE(idx.Check("75101", "", "Paris 1er Arrondissement").name_matches);
  EXPECT_TRUE(idx.Check("75116", "75116", "Paris 16e").postal_code_matches);
  EXPECT_FALSE(idx.Check("75108", "75009", "Paris").postal_code_matches);
  EXPECT_TRUE(idx.Check("69383", "69003", "Lyon 3e").name_matches);
  EXPECT_TRUE(idx.Check("13055", "13016", "Marseille").postal_code_matches);
}

TEST(Communes, SeveralPostalCodesSaintAndDelegated) {
  const CommuneIndex& idx = CommuneIndex::Get();
  // Annecy: a commune nouvelle with several postal codes and communes déléguées.
  EXPECT_TRUE(idx.Check("74010", "74960", "Annecy").postal_code_matches);
  EXPECT_TRUE(idx.Check("74010", "74000", "Annecy").postal_code_matches);
  // A commune déléguée (Annecy-le-Vieux): its own name, the postal codes of Annecy.
  CommuneCheck del = idx.Check("74011", "74940", "Annecy-le-Vieux");
  EXPECT_TRUE(del.code_known);
  EXPECT_FALSE(del.code_obsolete);
  EXPECT_EQ(del.current_code, "74010");
  EXPECT_TRUE(del.postal_code_matches);
  EXPECT_TRUE(del.name_matches);
  // An old code merged away (75028 became Créteil's code 94028 in 1968).
  CommuneCheck old = idx.Check("75028", "94000", "Créteil");
  EXPECT_TRUE(old.code_known);
  EXPECT_TRUE(old.code_obsolete);
  EXPECT_EQ(old.current_code, "94028");
  EXPECT_TRUE(old.postal_code_matches);
  // "St" for "Saint", hyphens and accents ignored.
  auto found = idx.ByName("St-Étienne");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0]->code, "42218");
  EXPECT_EQ(CommuneIndex::NormalizeName("Ste-Foy-lès-Lyon"), "sainte foy les lyon");
  EXPECT_EQ(CommuneIndex::NormalizeName("Havre (Le)"), "le havre");
  EXPECT_EQ(idx.ByPostalCodeAndName("94000", "creteil").size(), 1u);
  EXPECT_FALSE(idx.Check("99999", "", "").code_known);
}

}  // namespace
}  // namespace notaria::analyze
