// Tax notices (avis d'impôt), DPE, utility bills (proof of address) and other documents.
#include <re2/re2.h>

#include "analyze/extract_forms.h"
#include "text/french_amounts.h"

namespace notaria::analyze {
namespace {

using forms::Field;
using forms::Hit;
using forms::Labeled;

void LabeledDate(const DocumentView& doc, nlohmann::json* entities, const RE2& label,
                 std::string_view kind) {
  for (const Hit& h : forms::FindAll(doc, label)) {
    auto v = forms::ValueAfter(doc, h, 2);
    if (!v) continue;
    if (auto d = forms::FirstDate(doc, *v)) {
      forms::AddDate(entities, kind, *d);
      return;
    }
  }
}

void LabeledAmount(const DocumentView& doc, nlohmann::json* entities, const RE2& label,
                   std::string_view kind) {
  for (const Hit& h : forms::FindAll(doc, label)) {
    auto v = forms::ValueAfter(doc, h, 2);
    if (!v) continue;
    if (auto a = forms::FirstAmount(doc, *v)) {
      forms::AddAmount(entities, kind, *a);
      return;
    }
  }
}

// Lines starting with a civility: the addressee block of a letter or a form. Couples
// ("M. X ET MME Y") give two names.
std::vector<Field> CivilityLines(const DocumentView& doc) {
  static const RE2 re(
      R"((?m)(?:^|[ \t]{3,}|^[^a-z\n]{0,3})((?:m\.|mr\.?|mme\.?|mlle\.?|monsieur|madame) [a-z][^\n]*?)[ \t]*(?:$|[ \t]{3}))");
  std::vector<Field> out;
  for (const Hit& h : forms::FindAll(doc, re)) {
    out.push_back(forms::MakeField(doc, h.page, h.start, h.end));
  }
  return out;
}

void ExtractTaxNotice(const DocumentView& doc, nlohmann::json* entities) {
  static const RE2 rfr(R"((revenu fiscal de reference))");
  LabeledAmount(doc, entities, rfr, "revenu_fiscal_reference");
  static const RE2 tax(
      R"((montant de votre impot|impot net a payer|total de votre impot|montant de l.impot|impot sur le revenu net))");
  LabeledAmount(doc, entities, tax, "impot");
  static const RE2 recouv(R"((date de mise en recouvrement|mis en recouvrement le))");
  LabeledDate(doc, entities, recouv, "mise_en_recouvrement");

  // Fiscal numbers, one per declarant, in order: 13 digits printed in groups.
  static const RE2 fiscal(R"((numero fiscal(?: du)?(?: declarant)? ?[0-9]? ?:?))");
  std::vector<std::pair<std::string, Evidence>> numbers;
  for (const Hit& h : forms::FindAll(doc, fiscal)) {
    auto v = forms::SameLineValue(doc, h);
    if (!v) v = forms::NextLine(doc, h.page, h.end, 1);
    if (!v) continue;
    std::string digits;
    size_t end = 0;
    for (size_t i = 0; i < v->folded.size() && digits.size() < 13; ++i) {
      char c = v->folded[i];
      if (c >= '0' && c <= '9') {
        digits += c;
        end = i + 1;
      } else if (c != ' ') {
        break;
      }
    }
    if (digits.size() == 13)
      numbers.emplace_back(digits, forms::SubField(doc, *v, 0, end).evidence);
  }
  // Addressees: "M. X ET MME Y" or one name, surname first in capitals.
  for (const Field& line : CivilityLines(doc)) {
    std::vector<Field> parts;
    size_t at = line.folded.find(" et ");
    if (at != std::string_view::npos) {
      parts.push_back(forms::SubField(doc, line, 0, at));
      parts.push_back(forms::SubField(doc, line, at + 4, line.folded.size() - at - 4));
    } else {
      parts.push_back(line);
    }
    std::optional<forms::Address> address;
    // The address follows the name block, in its column.
    if (auto next = forms::NextLine(doc, line.page, line.end, 2)) {
      address = forms::AddressFrom(doc, *next, 4);
    }
    if (!address) {
      // OCR may glue the address to the fiscal number line: find it on the next lines.
      size_t pos = line.end;
      for (int n = 0; n < 3 && !address; ++n) {
        auto next = forms::NextLine(doc, line.page, pos, 2);
        if (!next) break;
        static const RE2 street(
            R"(([0-9]{1,4}(?: (?:bis|ter))? (?:rue|avenue|boulevard|chemin|allee|place|impasse|route|quai)\b))");
        re2::StringPiece m;
        if (RE2::PartialMatch(re2::StringPiece(next->folded.data(), next->folded.size()), street,
                              &m)) {
          Field from = forms::SubField(doc, *next, m.data() - next->folded.data(),
                                       next->folded.size() - (m.data() - next->folded.data()));
          address = forms::AddressFrom(doc, from, 4);
        }
        pos = next->end;
      }
    }
    size_t k = 0;
    for (const Field& part : parts) {
      auto name = forms::ParsePersonName(doc, part, true);
      if (!name) continue;
      EntityBuilder p;
      p.Set("role", "contribuable");
      forms::SetName(&p, *name);
      if (address) p.Set("address", address->text, address->evidence);
      if (k < numbers.size()) p.Set("fiscal_number", numbers[k].first, numbers[k].second);
      ++k;
      (*entities)["persons"].push_back(p.Build());
    }
    if (k > 0) break;
  }
}

void ExtractDpe(const DocumentView& doc, nlohmann::json* entities) {
  EntityBuilder dpe;
  static const RE2 number_label(
      R"((n° ?ademe|numero ademe|n° dpe|numero (?:du )?dpe|n° d.enregistrement))");
  if (auto v = Labeled(doc, number_label)) {
    static const RE2 num(R"(([0-9][0-9a-z€]{11,12}))");
    re2::StringPiece m;
    if (RE2::PartialMatch(re2::StringPiece(v->folded.data(), v->folded.size()), num, &m)) {
      Field f = forms::SubField(doc, *v, m.data() - v->folded.data(), m.size());
      std::string up;
      for (char c : f.text) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (up.size() == 13) dpe.Set("number", up, f.evidence);
    }
  }
  // "D 213 kWh/m²/an" (class letter before the value) and "213 kWh/m²/an" in the summary.
  static const RE2 energy(R"((?:^|[^a-z])([a-g])?[ |]+([0-9]{1,4}) ?kwh ?/ ?m)");
  static const RE2 ghg(R"((?:^|[^a-z])([a-g])?[ |]+([0-9]{1,4}) ?kg ?(?:co2|eq|co₂)?)");
  auto read = [&](const RE2& re, const char* class_field, const char* value_field) {
    for (size_t p = 0; p < doc.page_count(); ++p) {
      const std::string& f = doc.folded(p).folded();
      re2::StringPiece in(f);
      re2::StringPiece m[3];
      size_t pos = 0;
      while (re.Match(in, pos, f.size(), RE2::UNANCHORED, m, 3)) {
        size_t vs = m[2].data() - f.data();
        Field v = forms::MakeField(doc, p, vs, vs + m[2].size());
        if (!dpe.Has(value_field))
          dpe.Set(value_field, std::stod(std::string(m[2].data(), m[2].size())), v.evidence);
        if (m[1].data() != nullptr && !dpe.Has(class_field)) {
          size_t cs = m[1].data() - f.data();
          Field c = forms::MakeField(doc, p, cs, cs + 1);
          dpe.Set(class_field, std::string(1, static_cast<char>(std::toupper(m[1][0]))),
                  c.evidence);
        }
        pos = (m[0].data() - f.data()) + m[0].size();
      }
    }
  };
  read(energy, "energy_class", "energy_kwh_m2_year");
  read(ghg, "ghg_class", "ghg_kg_m2_year");
  if (dpe.Has("number") || dpe.Has("energy_class")) (*entities)["dpe"] = dpe.Build();
  static const RE2 made(R"((etabli le|date d.etablissement|date de realisation|realise le))");
  LabeledDate(doc, entities, made, "etablissement");
  static const RE2 valid(R"((valable jusqu.? ?au|date de (?:fin de )?validite|validite))");
  LabeledDate(doc, entities, valid, "validite");

  EntityBuilder property;
  static const RE2 addr_label(R"((?:^|\n)[^a-z\n]{0,4}(adresse(?: du bien| du logement)?)\b)");
  if (auto v = Labeled(doc, addr_label)) {
    if (auto a = forms::AddressFrom(doc, *v, 3)) {
      if (!a->street.empty()) {
        std::string street = forms::Trim(a->street);
        while (!street.empty() && (street.back() == ',' || street.back() == ' ')) street.pop_back();
        property.Set("address", street, a->street_evidence);
      }
      property.Set("postal_code", a->postal_code, a->city_evidence);
      property.Set("city", a->city, a->city_evidence);
      std::string insee = forms::InseeCode(a->postal_code, a->city);
      if (!insee.empty()) property.Set("insee_code", insee, a->city_evidence);
    }
  }
  static const RE2 kind_label(R"((type de bien|type de logement|typologie))");
  if (auto v = Labeled(doc, kind_label)) {
    static const RE2 kind(R"(\b(appartement|maison|terrain)\b)");
    re2::StringPiece m;
    if (RE2::PartialMatch(re2::StringPiece(v->folded.data(), v->folded.size()), kind, &m)) {
      Field f = forms::SubField(doc, *v, m.data() - v->folded.data(), m.size());
      property.Set("kind", std::string(m.data(), m.size()), f.evidence);
    }
  }
  static const RE2 surface_label(R"((surface habitable|surface de reference))");
  if (auto v = Labeled(doc, surface_label)) {
    static const RE2 num(R"(([0-9]{1,4}(?:[,.][0-9]{1,2})?) ?m)");
    re2::StringPiece m;
    if (RE2::PartialMatch(re2::StringPiece(v->folded.data(), v->folded.size()), num, &m)) {
      Field f = forms::SubField(doc, *v, m.data() - v->folded.data(), m.size());
      if (auto x = text::ParseFrenchDecimal(std::string_view(m.data(), m.size()))) {
        property.Set("surface_m2", *x, f.evidence);
      }
    }
  }
  if (property.Has("address") || property.Has("postal_code")) {
    if ((*entities)["properties"].empty()) (*entities)["properties"].push_back(property.Build());
  }
  static const RE2 owner_label(R"((?:^|\n)[^a-z\n]{0,4}(proprietaire))");
  for (const Hit& h : forms::FindAll(doc, owner_label)) {
    auto v = forms::SameLineValue(doc, h);
    if (!v) continue;
    if (auto name = forms::ParsePersonName(doc, *v, true)) {
      if (!name->mixed_case && name->first_names.empty()) continue;
      EntityBuilder p;
      p.Set("role", "proprietaire");
      forms::SetName(&p, *name);
      (*entities)["persons"].push_back(p.Build());
    }
    break;
  }
}

void ExtractUtilityBill(const DocumentView& doc, nlohmann::json* entities) {
  // Supplier: the company named in the legal line ("X – SA au capital de ..."), else the
  // first line of the first page.
  static const RE2 legal(
      R"((?m)^[ \t]*([^\n]+?) ?[–—-] ?(?:sa|sas|sasu|sarl|eurl|sem|spl|epic|regie)\b[^\n]*capital)");
  std::optional<Field> supplier;
  if (auto h = forms::FindFirst(doc, legal))
    supplier = forms::MakeField(doc, h->page, h->start, h->end);
  if (!supplier && doc.page_count() > 0) {
    const std::string& f = doc.folded(0).folded();
    size_t b = f.find_first_not_of(" \t\n");
    if (b != std::string::npos) {
      size_t e = f.find('\n', b);
      if (e == std::string::npos) e = f.size();
      size_t gap = f.find("   ", b);
      if (gap != std::string::npos && gap < e) e = gap;
      Field first = forms::MakeField(doc, 0, b, e);
      if (!forms::StartsWithCivility(first.folded)) supplier = first;
    }
  }
  if (supplier) {
    // On a photo the addressee may share the line ("Lumina Énergie M. JOËL HERVÉ").
    static const RE2 civ(R"(( (?:m\.|mme|mlle|monsieur|madame) ))");
    re2::StringPiece m;
    if (RE2::PartialMatch(re2::StringPiece(supplier->folded.data(), supplier->folded.size()), civ,
                          &m)) {
      supplier = forms::SubField(doc, *supplier, 0, m.data() - supplier->folded.data());
    }
    EntityBuilder c;
    c.Set("role", "fournisseur");
    c.Set("name", std::string(supplier->text), supplier->evidence);
    (*entities)["companies"].push_back(c.Build());
  }
  static const RE2 holder_label(R"((titulaire du contrat|titulaire|nom du client|client))");
  std::optional<forms::PersonName> name;
  for (const Hit& h : forms::FindAll(doc, holder_label)) {
    auto v = forms::ValueAfter(doc, h, 2);
    if (!v || !forms::StartsWithCivility(v->folded)) continue;
    name = forms::ParsePersonName(doc, *v, false);
    if (name) break;
  }
  if (!name) {
    for (const Field& line : CivilityLines(doc)) {
      name = forms::ParsePersonName(doc, line, false);
      if (name) break;
    }
  }
  if (name) {
    EntityBuilder p;
    p.Set("role", "titulaire");
    forms::SetName(&p, *name);
    static const RE2 addr_label(
        R"((adresse de consommation|adresse du point de livraison|adresse de livraison|lieu de consommation|adresse de facturation))");
    if (auto v = Labeled(doc, addr_label)) {
      if (auto a = forms::AddressFrom(doc, *v, 3)) p.Set("address", a->text, a->evidence);
    }
    (*entities)["persons"].push_back(p.Build());
  }
  static const RE2 total(
      R"((montant total ttc(?: a payer)?|total ttc(?: a payer)?|montant ttc|total a payer|montant a payer|net a payer))");
  LabeledAmount(doc, entities, total, "montant_ttc");
  static const RE2 date_label(R"((facture du|date de (?:la )?facture|date d.emission|emise le))");
  LabeledDate(doc, entities, date_label, "facture");
  static const RE2 due(
      R"((preleve le|a payer avant le|date d.echeance|date limite de paiement|echeance|a regler avant le))");
  LabeledDate(doc, entities, due, "echeance");
}

void ExtractOther(const DocumentView& doc, nlohmann::json* entities) {
  // A letter's date line ("Limoges, le 24 juillet 2024"), else a date in the heading.
  static const RE2 letter_date(R"((?m)^[ \t]*[a-z][a-z'\- ]*, le ([^\n]+))");
  bool dated = false;
  for (const Hit& h : forms::FindAll(doc, letter_date)) {
    Field f = forms::MakeField(doc, h.page, h.start, h.end);
    if (auto d = forms::FirstDate(doc, f)) {
      forms::AddDate(entities, "document", *d);
      dated = true;
      break;
    }
  }
  if (!dated && doc.page_count() > 0) {
    const std::string& f = doc.folded(0).folded();
    size_t pos = 0;
    for (int n = 0; n < 4 && pos < f.size(); ++n) {
      size_t e = f.find('\n', pos);
      if (e == std::string::npos) e = f.size();
      Field line = forms::MakeField(doc, 0, pos, e);
      if (!line.folded.empty()) {
        if (auto d = forms::FirstDate(doc, line)) {
          forms::AddDate(entities, "document", *d);
          break;
        }
      } else {
        --n;
      }
      pos = e + 1;
    }
  }
  // Sender: a civility and a name as the first line of a letter, with the address below.
  if (doc.page_count() > 0) {
    const std::string& f = doc.folded(0).folded();
    size_t b = f.find_first_not_of(" \t\n");
    if (b == std::string::npos) return;
    size_t e = f.find('\n', b);
    if (e == std::string::npos) e = f.size();
    Field first = forms::MakeField(doc, 0, b, e);
    if (!forms::StartsWithCivility(first.folded)) return;
    auto name = forms::ParsePersonName(doc, first, false);
    if (!name) return;
    EntityBuilder p;
    p.Set("role", "expediteur");
    forms::SetName(&p, *name);
    if (auto next = forms::NextLine(doc, 0, first.end, 1)) {
      if (auto a = forms::AddressFrom(doc, *next, 3)) p.Set("address", a->text, a->evidence);
    }
    (*entities)["persons"].push_back(p.Build());
  }
}

}  // namespace

void RegisterTaxNoticeExtractor() {
  RegisterExtractor("avis_imposition", "forms.tax_notice", ExtractTaxNotice);
}
void RegisterDpeExtractor() { RegisterExtractor("dpe", "forms.dpe", ExtractDpe); }
void RegisterUtilityBillExtractor() {
  RegisterExtractor("justificatif_domicile", "forms.utility_bill", ExtractUtilityBill);
}
void RegisterOtherDocumentExtractor() { RegisterExtractor("autre", "forms.other", ExtractOther); }

}  // namespace notaria::analyze
