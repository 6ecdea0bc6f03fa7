#include "analyze/extract_deed_terms.h"

#include "analyze/extract.h"
#include "analyze/extract_deed_quotites.h"
#include "analyze/extract_deed_terms_amounts.h"
#include "analyze/extract_deed_terms_dates.h"
#include "analyze/extract_property_address.h"
#include "analyze/extract_property_cadastre.h"
#include "analyze/extract_property_lots.h"
#include "analyze/extract_property_surfaces.h"

namespace notaria::analyze {
namespace {

nlohmann::json OrNull(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

// The property of the document, or null when it designates none.
nlohmann::json Property(const DocumentView& doc) {
  PropertyPlace place = FindPropertyPlace(doc);
  std::vector<ParcelMention> parcels = FindParcels(doc);
  std::vector<CoproLot> lots = FindLots(doc);
  std::vector<SurfaceMention> surfaces = FindSurfaces(doc);
  if (!place.address && !place.postal_code && parcels.empty() && lots.empty()) return nullptr;

  EntityBuilder b;
  b.Set("kind", OrNull(place.kind), place.kind_evidence);
  b.Set("address", OrNull(place.address), place.address_evidence);
  b.Set("postal_code", OrNull(place.postal_code), place.postal_code_evidence);
  b.Set("city", OrNull(place.city), place.city_evidence);
  b.Set("insee_code", OrNull(place.insee_code), place.postal_code_evidence);
  const SurfaceMention* carrez = nullptr;
  const SurfaceMention* habitable = nullptr;
  for (const SurfaceMention& s : surfaces) {
    if (s.kind == "carrez" && carrez == nullptr) carrez = &s;
    if (s.kind == "habitable" && habitable == nullptr) habitable = &s;
  }
  if (carrez != nullptr) b.Set("surface_carrez_m2", carrez->value_m2, carrez->evidence);
  if (habitable != nullptr) b.Set("surface_m2", habitable->value_m2, habitable->evidence);
  nlohmann::json j = b.Build();
  for (const char* key : {"kind", "address", "postal_code", "city", "insee_code",
                          "surface_carrez_m2", "surface_m2"}) {
    if (!j.contains(key)) j[key] = nullptr;
  }
  j["cadastre"] = nlohmann::json::array();
  j["cadastre_mentions"] = nlohmann::json::array();
  for (const ParcelMention& m : parcels) {
    if (m.in_designation) j["cadastre"].push_back(ParcelJson(m));
    j["cadastre_mentions"].push_back(ParcelMentionJson(m));
  }
  j["lots"] = nlohmann::json::array();
  for (const CoproLot& l : lots) j["lots"].push_back(LotJson(l));
  j["surface_mentions"] = nlohmann::json::array();
  for (const SurfaceMention& s : surfaces) j["surface_mentions"].push_back(SurfaceMentionJson(s));
  return j;
}

void ExtractDeedTerms(const DocumentView& doc, std::string_view document_type,
                      nlohmann::json* entities) {
  nlohmann::json property = Property(doc);
  if (!property.is_null()) (*entities)["properties"].push_back(std::move(property));
  for (const DeedAmount& a : FindDeedAmounts(doc, document_type)) {
    (*entities)["amounts"].push_back(DeedAmountJson(a));
  }
  for (const DeedDate& d : FindDeedDates(doc, document_type)) {
    (*entities)["dates"].push_back(DeedDateJson(d));
  }
  if (document_type == "acte_vente" || document_type == "compromis_vente" ||
      document_type == "donation" || document_type == "succession") {
    if (auto q = FindQuotites(doc)) (*entities)["quotites"] = std::move(*q);
  }
}

}  // namespace

void RegisterDeedTermExtractors() {
  for (const char* type :
       {"acte_vente", "compromis_vente", "donation", "succession", "procuration", "contrat"}) {
    std::string t(type);
    RegisterExtractor(type, "deed_terms", [t](const DocumentView& doc, nlohmann::json* entities) {
      ExtractDeedTerms(doc, t, entities);
    });
  }
}

}  // namespace notaria::analyze
