#include "analyze/checks.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "analyze/id_validity.h"
#include "analyze/json_fields.h"
#include "analyze/validate.h"
#include "text/french_amounts.h"

namespace notaria::analyze {
namespace {

using nlohmann::json;

// Evidence spans of `fields` of an entity object, in that order, when present.
json EvidenceOf(const json& entity, std::initializer_list<const char*> fields) {
  json out = json::array();
  const json* ev = entity.contains("evidence") ? &entity["evidence"] : nullptr;
  if (ev == nullptr || !ev->is_object()) return out;
  for (const char* f : fields) {
    if (ev->contains(f) && (*ev)[f].is_object()) out.push_back((*ev)[f]);
  }
  return out;
}

json SpanOf(const json& item) {
  json out = json::array();
  if (item.contains("evidence") && item["evidence"].is_object() &&
      item["evidence"].contains("page")) {
    out.push_back(item["evidence"]);
  }
  return out;
}

json Finding(const std::string& code, const std::string& severity, const std::string& message,
             json evidence, json details = json::object()) {
  return {{"code", code},
          {"severity", severity},
          {"message", message},
          {"evidence", std::move(evidence)},
          {"details", std::move(details)}};
}

int AgeAt(const mrz::Date& birth, const mrz::Date& at) {
  int age = at.year - birth.year;
  if (at.month < birth.month || (at.month == birth.month && at.day < birth.day)) --age;
  return age;
}

bool IsDeedLike(const std::string& type) {
  static const std::set<std::string> kDeeds = {"acte_vente", "compromis_vente", "donation",
                                               "succession", "procuration",     "contrat"};
  return kDeeds.count(type) > 0;
}

// Roles whose holder signs or receives rights: a minor or an unborn person there is an
// anomaly. The deceased of an estate and a company's representative are not parties here.
bool IsContractingRole(const std::string& role) {
  static const std::set<std::string> kRoles = {
      "vendeur", "acquereur",  "donateur", "donataire", "heritier",  "conjoint_survivant",
      "mandant", "mandataire", "bailleur", "locataire", "emprunteur"};
  return kRoles.count(role) > 0;
}

std::string FullName(const json& person) {
  std::string name;
  if (person.contains("first_names") && person["first_names"].is_array() &&
      !person["first_names"].empty() && person["first_names"][0].is_string()) {
    name = person["first_names"][0].get<std::string>() + " ";
  }
  return name + Str(person, "last_name");
}

void CheckCompanies(const json& entities, json* findings) {
  for (const json& c : entities.value("companies", json::array())) {
    std::string siren = Str(c, "siren");
    std::string name = Str(c, "name");
    if (!siren.empty() && ValidateSiren(siren) != IdStatus::kValid) {
      findings->push_back(Finding(
          "siren_invalid", "warning",
          "Le numéro SIREN " + siren + (name.empty() ? "" : " de " + name) +
              " est invalide (la clé de contrôle ne correspond pas) : vérifiez-le sur le Kbis.",
          EvidenceOf(c, {"siren"}), {{"siren", siren}}));
    }
    std::string siret = Str(c, "siret");
    if (!siret.empty() && ValidateSiret(siret) != IdStatus::kValid) {
      findings->push_back(Finding("siret_invalid", "warning",
                                  "Le numéro SIRET " + siret + " est invalide (clé de contrôle).",
                                  EvidenceOf(c, {"siret"}), {{"siret", siret}}));
    }
  }
}

void CheckBank(const json& entities, json* findings) {
  const json& bank = entities.value("bank", json());
  std::string iban = Str(bank, "iban");
  if (!iban.empty() && ValidateIban(iban) != IdStatus::kValid) {
    findings->push_back(Finding("iban_invalid", "critical",
                                "L'IBAN " + iban +
                                    " est invalide (contrôle modulo 97) : ne l'utilisez pas pour "
                                    "un virement sans l'avoir fait confirmer par la banque.",
                                EvidenceOf(bank, {"iban"}), {{"iban", iban}}));
  }
  std::string bic = Str(bank, "bic");
  if (!bic.empty() && ValidateBic(bic) != IdStatus::kValid) {
    findings->push_back(Finding("bic_invalid", "warning", "Le BIC " + bic + " est mal formé.",
                                EvidenceOf(bank, {"bic"}), {{"bic", bic}}));
  }
}

void CheckIdentityDocument(const json& entities, const mrz::Date& reference, json* findings) {
  const json& id = entities.value("identity_document", json());
  if (!id.is_object()) return;
  if (id.contains("mrz_valid") && id["mrz_valid"].is_boolean() && !id["mrz_valid"].get<bool>() &&
      id.contains("mrz") && id["mrz"].is_array() && !id["mrz"].empty()) {
    findings->push_back(Finding(
        "mrz_check_digit_invalid", "critical",
        "Une clé de contrôle de la bande MRZ est fausse : document altéré ou mal lu, à "
        "vérifier sur l'original.",
        EvidenceOf(id, {"mrz"}), {{"failed_checks", id.value("failed_checks", json::array())}}));
  }
  IdValidityInput in;
  std::string kind = Str(id, "kind");
  in.kind = kind == "cni_ancienne" ? mrz::DocumentKind::kCniAncienne
            : kind == "cni_2021"   ? mrz::DocumentKind::kCni2021
            : kind == "passeport"  ? mrz::DocumentKind::kPasseport
                                   : mrz::DocumentKind::kOther;
  in.issue_date = ParseIsoDate(id.value("issue_date", json()));
  in.printed_expiry = ParseIsoDate(id.value("expiry_date", json()));
  in.birth_date = ParseIsoDate(id.value("birth_date", json()));
  if (!in.printed_expiry && !in.issue_date) return;
  IdValidity v = EvaluateIdValidity(in, reference);
  if (v.expired.value_or(false) && v.effective_expiry) {
    findings->push_back(
        Finding("id_document_expired", "critical",
                "La pièce d'identité a expiré le " + FrenchDate(*v.effective_expiry) +
                    (v.validity_extended_15y ? " (validité prolongée de 5 ans incluse)" : "") +
                    " : demandez une pièce en cours de validité.",
                EvidenceOf(id, {"expiry_date", "issue_date"}),
                {{"effective_expiry_date", v.effective_expiry->Iso()},
                 {"reference_date", reference.Iso()}}));
  }
}

void CheckParties(const json& entities, const std::string& type, json* findings) {
  if (!IsDeedLike(type)) return;
  std::optional<mrz::Date> deed = DeedDate(entities);
  if (!deed) return;
  for (const json& p : entities.value("persons", json::array())) {
    if (!IsContractingRole(Str(p, "role"))) continue;
    auto birth = ParseIsoDate(p.value("birth_date", json()));
    if (!birth) continue;
    std::string who = FullName(p);
    json details = {
        {"role", Str(p, "role")}, {"birth_date", birth->Iso()}, {"deed_date", deed->Iso()}};
    if (*birth > *deed) {
      findings->push_back(Finding("birth_after_deed", "critical",
                                  "La date de naissance de " + who + " (" + FrenchDate(*birth) +
                                      ") est postérieure à la date de l'acte (" +
                                      FrenchDate(*deed) + ") : erreur de saisie probable.",
                                  EvidenceOf(p, {"birth_date"}), details));
    } else if (AgeAt(*birth, *deed) < 18) {
      findings->push_back(Finding(
          "party_minor", "critical",
          who + " a " + std::to_string(AgeAt(*birth, *deed)) +
              " ans à la date de l'acte : une partie mineure doit être représentée (autorisation "
              "du juge des tutelles ou des représentants légaux selon l'acte).",
          EvidenceOf(p, {"birth_date"}), details));
    }
  }
}

void CheckPrice(const json& entities, json* findings) {
  for (const json& a : entities.value("amounts", json::array())) {
    if (!a.contains("value_words") || !a.contains("value")) continue;
    const json& words = a["value_words"];
    double in_words = words.is_object()   ? words.value("value", NAN)
                      : words.is_number() ? words.get<double>()
                                          : NAN;
    if (std::isnan(in_words) || !a["value"].is_number()) continue;
    double digits = a["value"].get<double>();
    if (std::fabs(in_words - digits) < 0.005) continue;
    json evidence = SpanOf(a);
    if (words.is_object() && words.contains("evidence")) evidence.push_back(words["evidence"]);
    std::string kind = Str(a, "kind");
    findings->push_back(
        Finding(kind == "prix" ? "price_words_mismatch" : "amount_words_mismatch", "critical",
                std::string(kind == "prix" ? "Le prix" : "Le montant") + " en lettres (" +
                    text::FormatEuros(in_words) + ") diffère du montant en chiffres (" +
                    text::FormatEuros(digits) + ") : l'acte doit être corrigé avant signature.",
                evidence, {{"kind", kind}, {"value_digits", digits}, {"value_words", in_words}}));
  }
}

std::string ParcelRef(const json& m) {
  std::string prefix = Str(m, "prefix");
  return (prefix.empty() ? "" : prefix + " ") + Str(m, "section") + " " + Str(m, "number");
}

// The désignation states the parcels; a later statement of a parcel that is not one of them
// (a digit or a letter changed in a restatement) is the anomaly.
void CheckCadastre(const json& property, json* findings) {
  const json& mentions = property.value("cadastre_mentions", json::array());
  std::set<std::string> designated;
  for (const json& m : mentions) {
    if (m.is_object() && m.value("in_designation", false)) designated.insert(ParcelRef(m));
  }
  if (designated.empty()) return;
  // The prefix (former commune) is often printed once, in the désignation: a restatement
  // without it names the same parcel.
  auto same_parcel = [&](const json& m) {
    for (const json& d : mentions) {
      if (!d.is_object() || !d.value("in_designation", false)) continue;
      if (Str(d, "section") != Str(m, "section") || Str(d, "number") != Str(m, "number")) {
        continue;
      }
      if (Str(d, "prefix").empty() || Str(m, "prefix").empty() ||
          Str(d, "prefix") == Str(m, "prefix")) {
        return true;
      }
    }
    return false;
  };
  for (const json& m : mentions) {
    if (!m.is_object() || m.value("in_designation", false)) continue;
    std::string ref = ParcelRef(m);
    if (same_parcel(m)) continue;
    json evidence = json::array();
    if (m.contains("evidence")) evidence.push_back(m["evidence"]);
    std::string listed;
    for (const json& d : mentions) {
      if (d.is_object() && d.value("in_designation", false)) {
        if (d.contains("evidence")) evidence.push_back(d["evidence"]);
        listed += (listed.empty() ? "" : ", ") + ParcelRef(d);
      }
    }
    findings->push_back(Finding(
        "cadastre_mismatch", "critical",
        "La parcelle " + ref + " citée dans l'acte ne figure pas dans la désignation (" + listed +
            ") : vérifiez la référence sur un extrait cadastral et corrigez l'acte.",
        evidence, {{"designation", listed}, {"mention", ref}}));
    return;  // one finding per property: the notary rereads the whole désignation anyway
  }
}

void CheckSurfaces(const json& property, json* findings) {
  std::map<std::string, std::set<double>> by_kind;
  json evidence = json::array();
  for (const json& m : property.value("surface_mentions", json::array())) {
    if (!m.is_object() || !m.value("value_m2", json()).is_number()) continue;
    by_kind[Str(m, "kind")].insert(std::round(m["value_m2"].get<double>() * 100) / 100);
    if (m.contains("evidence")) evidence.push_back(m["evidence"]);
  }
  bool twice = false;
  for (const auto& [kind, values] : by_kind) twice = twice || values.size() > 1;
  double carrez = property.value("surface_carrez_m2", json()).is_number()
                      ? property["surface_carrez_m2"].get<double>()
                      : NAN;
  double total =
      property.value("surface_m2", json()).is_number() ? property["surface_m2"].get<double>() : NAN;
  bool carrez_above = !std::isnan(carrez) && !std::isnan(total) && carrez > total + 0.005;
  if (!twice && !carrez_above) return;
  if (evidence.empty()) evidence = EvidenceOf(property, {"surface_carrez_m2", "surface_m2"});
  findings->push_back(Finding(
      "surface_inconsistent", "warning",
      carrez_above ? "La surface Carrez est supérieure à la surface totale du bien : l'une des "
                     "deux est erronée."
                   : "La surface du bien est indiquée plusieurs fois avec des valeurs "
                     "différentes : vérifiez-la avec le certificat de mesurage.",
      evidence,
      {{"surface_carrez_m2", std::isnan(carrez) ? json() : json(carrez)},
       {"surface_m2", std::isnan(total) ? json() : json(total)}}));
}

void CheckProperties(const json& entities, json* findings) {
  for (const json& p : entities.value("properties", json::array())) {
    if (!p.is_object()) continue;
    CheckCadastre(p, findings);
    CheckSurfaces(p, findings);
  }
}

void CheckDpe(const json& entities, const std::string& type, const mrz::Date& reference,
              json* findings) {
  if (type != "dpe") return;
  std::optional<mrz::Date> made, printed_validity;
  json made_evidence = json::array(), validity_evidence = json::array();
  for (const json& d : entities.value("dates", json::array())) {
    std::string kind = Str(d, "kind");
    if (kind == "etablissement" && !made) {
      made = ParseIsoDate(d.value("value", json()));
      made_evidence = SpanOf(d);
    } else if (kind == "validite" && !printed_validity) {
      printed_validity = ParseIsoDate(d.value("value", json()));
      validity_evidence = SpanOf(d);
    }
  }
  std::optional<mrz::Date> valid_until;
  if (made && made->year >= 2013 && made->year <= 2017) {
    // Décret 2020-1610: DPE made before 2018 lapsed on 31 December 2022 whatever they print.
    valid_until = mrz::Date{2022, 12, 31};
  } else if (made) {
    valid_until = AddDays(AddYears(*made, 10), -1);
  } else {
    valid_until = printed_validity;
  }
  if (valid_until && *valid_until < reference) {
    // The date the message quotes first, where the DPE prints it; then the date it is
    // counted from.
    json evidence = json::array();
    if (printed_validity && printed_validity->Iso() == valid_until->Iso()) {
      evidence = validity_evidence;
    }
    for (const json& e : made_evidence) evidence.push_back(e);
    if (evidence.empty()) evidence = validity_evidence;
    findings->push_back(Finding(
        "dpe_expired", "warning",
        "Le diagnostic de performance énergétique n'est plus valable "
        "depuis le " +
            FrenchDate(*valid_until) + " : un nouveau DPE doit être annexé à l'acte.",
        evidence, {{"valid_until", valid_until->Iso()}, {"reference_date", reference.Iso()}}));
  }
}

}  // namespace

std::optional<mrz::Date> ParseIsoDate(const json& value) {
  if (!value.is_string()) return std::nullopt;
  const std::string& s = value.get_ref<const std::string&>();
  mrz::Date d;
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2d-%2d", &d.year, &d.month, &d.day) != 3) {
    return std::nullopt;
  }
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return std::nullopt;
  return d;
}

const json* DeedDateItem(const json& entities) {
  for (const char* kind : {"acte", "signature"}) {
    for (const json& d : Array(entities, "dates")) {
      if (Str(d, "kind") == kind && ParseIsoDate(d.value("value", json()))) return &d;
    }
  }
  return nullptr;
}

std::optional<mrz::Date> DeedDate(const json& entities) {
  const json* item = DeedDateItem(entities);
  return item ? ParseIsoDate((*item)["value"]) : std::nullopt;
}

std::string FrenchDate(const mrz::Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d.day, d.month, d.year);
  return buf;
}

// The side that receives the rights the quotité clause shares out.
std::set<std::string> ReceivingRoles(const std::string& type) {
  if (type == "donation") return {"donataire"};
  if (type == "succession") return {"heritier", "conjoint_survivant"};
  return {"acquereur"};
}

std::string Percent(double fraction) {
  char buf[32];
  double pct = fraction * 100.0;
  if (std::fabs(pct - std::round(pct)) < 0.05) {
    std::snprintf(buf, sizeof buf, "%.0f %%", pct);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f %%", pct);
    for (char* c = buf; *c; ++c) {
      if (*c == '.') *c = ',';
    }
  }
  return buf;
}

// The quotités must share out the whole of what is transferred. "Chacun pour moitié"
// counts once per receiving party; named shares are added up. A single share is not
// checked: a deed may transfer a part only ("vend la moitié indivise"); nor is a total
// under the whole when fewer shares than parties were read.
void CheckQuotites(const json& entities, const std::string& type, json* findings) {
  const json& q = entities.contains("quotites") ? entities["quotites"] : json();
  if (!q.is_object() || !q.contains("shares") || !q["shares"].is_array()) return;
  const json& shares = q["shares"];
  std::set<std::string> roles = ReceivingRoles(type);
  int parties = 0;
  for (const char* kind : {"persons", "companies"}) {
    for (const json& p : entities.value(kind, json::array())) {
      if (roles.count(Str(p, "role"))) ++parties;
    }
  }
  json evidence = json::array();
  double total = 0;
  for (const json& s : shares) {
    if (!s.contains("value") || !s["value"].is_number()) return;
    total += s["value"].get<double>();
    if (s.contains("evidence")) evidence.push_back(s["evidence"]);
  }
  bool distributive = q.value("distributive", false);
  if (distributive) {
    if (parties < 2) return;
    // The same share said again for each ("chacun pour moitié ... chacun pour moitié").
    double each = shares[0]["value"].get<double>();
    for (const json& s : shares) {
      if (std::fabs(s["value"].get<double>() - each) > 1e-6) return;
    }
    total = each * parties;
  } else if (shares.size() < 2) {
    return;
  } else if (total < 1.0 && static_cast<int>(shares.size()) < parties) {
    // Fewer shares read than parties: the missing ones may be written in a way not read.
    return;
  }
  if (std::fabs(total - 1.0) < 0.005) return;
  std::string side = type == "donation"     ? "aux donataires"
                     : type == "succession" ? "aux héritiers"
                                            : "aux acquéreurs";
  findings->push_back(
      Finding("ownership_shares_not_100", "warning",
              "Les quotités attribuées " + side + " totalisent " + Percent(total) +
                  " au lieu de 100 % : vérifier la clause de quotités avant signature.",
              evidence,
              {{"total", total}, {"distributive", distributive}, {"receiving_parties", parties}}));
}

json RunChecks(const json& entities, const CheckContext& context) {
  json findings = json::array();
  if (!entities.is_object()) return findings;
  // Deeds are judged at their own date; other documents at the context's reference.
  mrz::Date reference = context.reference;
  if (IsDeedLike(context.document_type)) {
    if (auto deed = DeedDate(entities)) reference = *deed;
  }
  CheckCompanies(entities, &findings);
  CheckBank(entities, &findings);
  CheckIdentityDocument(entities, reference, &findings);
  CheckParties(entities, context.document_type, &findings);
  CheckPrice(entities, &findings);
  CheckProperties(entities, &findings);
  CheckDpe(entities, context.document_type, reference, &findings);
  if (IsDeedLike(context.document_type)) CheckQuotites(entities, context.document_type, &findings);
  return findings;
}

}  // namespace notaria::analyze
