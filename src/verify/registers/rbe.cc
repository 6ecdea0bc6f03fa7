// Registre des bénéficiaires effectifs (spec/registers.md §6). The INPI API RBE is
// restricted to obliged entities holding an INPI habilitation, and its endpoint paths are
// only in INPI PDFs that our sources do not hold; API Entreprise's variant is for
// administrations only. So no request is sent: each party company gets a `skipped`
// verification saying why, rather than a silent absence the notary could read as "checked".
#include "verify/registers/connectors.h"

namespace notaria::verify {
namespace {

using nlohmann::json;
using namespace registers;

constexpr std::string_view kSource = "rbe";

class RbeRegister : public Register {
 public:
  explicit RbeRegister(std::string token) : configured_(!token.empty()) {}
  std::string_view name() const override { return kSource; }

  std::vector<json> Verify(const VerifyInput& input) override {
    std::vector<json> out;
    for (const CompanyRef& c : PartyCompanies(input.entities)) {
      if (c.siren.empty()) continue;
      json details = {{"company_index", c.index}, {"siren", c.siren}};
      if (!configured_) {
        details["reason"] = "non configuré : RBE_API_TOKEN vide (habilitation INPI requise)";
        out.push_back(MakeVerification(
            kSource, kVerificationSkipped, c.siren,
            "Bénéficiaires effectifs non consultés : l'accès au RBE est réservé (habilitation "
            "INPI requise). Les obtenir de la société ou d'un extrait RBE.",
            std::move(details)));
      } else {
        details["reason"] = "interface RBE de l'INPI non documentée dans nos sources";
        out.push_back(MakeVerification(
            kSource, kVerificationSkipped, c.siren,
            "Bénéficiaires effectifs non consultés : jeton RBE configuré, mais l'interface de "
            "l'INPI n'est pas encore intégrée. Consulter le RBE manuellement.",
            std::move(details)));
      }
    }
    return out;
  }

 private:
  bool configured_;
};

}  // namespace

std::unique_ptr<Register> MakeRbeRegister(std::string token) {
  return std::make_unique<RbeRegister>(std::move(token));
}

}  // namespace notaria::verify
