#include "analyze/classify_cues.h"

#include <array>

namespace notaria::analyze {
namespace {

// Weights: a document's own name in its title is decisive (8–12); a mandatory mention that
// only this kind carries is strong (3–4); a word shared with neighbouring kinds is weak
// (0.5–2). Cues of one type are independent: each counts once per document.
constexpr ClassificationCue kCues[] = {
    // --- Acte de vente: the authentic deed that transfers ownership.
    {"acte_vente", "re:^\\W*(?:acte\\W+de\\W+)?vente\\W*$", 10, 0, "vente"},
    {"acte_vente", "acte de vente|contenant vente|vente immobiliere|vente en l'etat futur*", 9, 1.5,
     "acte de vente"},
    {"acte_vente", "acte authentique", 0, 1.5, "acte authentique"},
    {"acte_vente", "vendeur", 1.5, 1.5, "vendeur"},
    {"acte_vente", "acquereur", 1.5, 1.5, "acquéreur"},
    {"acte_vente", "origine de propriete", 0, 2.5, "origine de propriété"},
    {"acte_vente", "publicite fonciere|service de la publicite", 0, 1.5, "publicité foncière"},
    {"acte_vente", "dont quittance|paiement du prix|prix est paye*|quittance", 0, 2,
     "paiement du prix"},
    {"acte_vente", "transfert de propriete|entree en jouissance|propriete et jouissance", 0, 1.5,
     "transfert de propriété"},
    {"acte_vente", "designation", 0, 0.5, "désignation"},
    {"acte_vente", "prix", 0, 0.5, "prix"},
    {"acte_vente", "notaire", 0, 0.5, "notaire"},

    // --- Compromis / promesse de vente: the preliminary contract, under conditions.
    {"compromis_vente", "compromis de vente|compromis", 10, 2.5, "compromis de vente"},
    {"compromis_vente",
     "promesse synallagmatique|promesse unilaterale|promesse de vente|promesse d'achat", 10, 2,
     "promesse de vente"},
    {"compromis_vente", "avant contrat", 8, 1, "avant-contrat"},
    {"compromis_vente", "condition* suspensive*", 3, 3, "conditions suspensives"},
    {"compromis_vente", "depot de garantie|sequestre", 0, 1.5, "dépôt de garantie / séquestre"},
    {"compromis_vente", "reiteration|reiter*", 0, 3, "réitération par acte authentique"},
    {"compromis_vente", "indemnite d'immobilisation|beneficiaire de la promesse|promettant", 0, 2.5,
     "indemnité d'immobilisation"},
    {"compromis_vente", "faculte de retractation|droit de retractation|delai de retractation", 0,
     1.5, "faculté de rétractation"},
    {"compromis_vente", "entre les soussigne*|sous seing prive", 2, 1.5, "acte sous seing privé"},
    {"compromis_vente", "obtention d'un pret|obtention du pret|octroi d'un pret", 0, 1.5,
     "condition d'obtention de prêt"},

    // --- Donation.
    {"donation", "donation partage|donation entre vifs|donation", 10, 1, "donation"},
    {"donation", "donateur*|donatrice*", 1.5, 2.5, "donateur"},
    {"donation", "donataire*", 1.5, 2.5, "donataire"},
    {"donation", "reserve d'usufruit|reserve du droit de retour|droit de retour", 0, 2,
     "réserve d'usufruit / droit de retour"},
    {"donation",
     "rapportable|rapport a la succession|avancement de part|hors part successorale|"
     "preciput",
     0, 2, "rapport / hors part successorale"},
    {"donation", "abattement|droits de donation|droits de mutation a titre gratuit", 0, 1.5,
     "droits de mutation à titre gratuit"},
    {"donation", "irrevocable*|accepte* expressement", 0, 1, "donation irrévocable acceptée"},

    // --- Succession: acte de notoriété, attestation de propriété / de dévolution, déclaration.
    {"succession", "acte de notoriete|notoriete", 11, 2, "acte de notoriété"},
    {"succession",
     "attestation de propriete|attestation immobiliere|attestation de devolution|"
     "apres deces",
     10, 2, "attestation de propriété après décès"},
    {"succession", "declaration de succession|devolution successorale|succession", 6, 1,
     "succession"},
    {"succession", "defunt*", 2, 3, "défunt"},
    {"succession", "heritier*|ayant* droit*", 1, 2, "héritier"},
    {"succession", "deces|decede*", 1, 1.5, "décès"},
    {"succession", "en son vivant|de cujus|conjoint survivant", 0, 2,
     "en son vivant / conjoint survivant"},
    {"succession", "ab intestat|legataire*|testament*|legs|devolution", 0, 1.5,
     "dévolution / testament"},

    // --- Procuration: a mandate to sign for someone.
    {"procuration", "procuration|pouvoir|pouvoirs|mandat", 11, 1, "procuration"},
    {"procuration", "mandant", 1, 2, "mandant"},
    {"procuration", "mandataire*", 1, 2, "mandataire"},
    {"procuration",
     "donne pouvoir|donne tous pouvoirs|constitue pour mandataire|constitue pour son mandataire|"
     "constitue pour sa mandataire|bon pour pouvoir",
     2, 4, "donne pouvoir / constitue pour mandataire"},
    {"procuration", "le soussigne|la soussignee|les soussigne*", 1, 1, "le soussigné"},
    {"procuration", "substituer|election de domicile|aux effets ci dessus", 0, 1.5,
     "faculté de substituer / élection de domicile"},

    // --- Contrat: bail d'habitation or prêt immobilier.
    {"contrat", "bail|contrat de location|contrat de bail", 10, 1, "bail / contrat de location"},
    {"contrat",
     "offre de pret|offre de credit|contrat de pret|contrat de credit|pret immobilier|"
     "credit immobilier|offre prealable",
     10, 1.5, "offre de prêt"},
    {"contrat", "bailleur*|bailleresse*", 1, 2, "bailleur"},
    {"contrat", "locataire*|preneur*", 1, 2, "locataire"},
    {"contrat", "loyer*", 0, 2, "loyer"},
    {"contrat", "re:\\b89\\W{0,3}462\\b|6 juillet 1989|loi du 6 juillet", 3, 4,
     "loi du 6 juillet 1989"},
    {"contrat", "etat des lieux|charges recuperables|provision* sur charges|duree du bail", 0, 2,
     "état des lieux / charges récupérables"},
    {"contrat", "preteur*", 1, 2, "prêteur"},
    {"contrat", "emprunteur*|co emprunteur*", 1, 2, "emprunteur"},
    {"contrat", "taux debiteur|taux nominal|taux effectif global|taeg|teg", 0, 3, "taux / TAEG"},
    {"contrat", "tableau d'amortissement|echeancier|mensualite*|echeance mensuelle", 0, 2,
     "échéancier / mensualités"},
    {"contrat", "code de la consommation|delai de reflexion", 0, 1.5, "code de la consommation"},

    // --- CNI (MRZ cues come from classify_mrz).
    // Several spellings of the one title, so that a damaged word leaves another intact.
    {"cni",
     "carte nationale d'identite|carte d'identite|carte nationale|nationale d'identite|"
     "identity card",
     12, 2, "carte nationale d'identité"},
    {"cni", "delivree le|date de delivrance|date of issue|prefecture|autorite", 0, 1,
     "délivrance par l'autorité"},
    {"cni", "prenom*|given name*", 1, 1, "prénom(s)"},
    {"cni", "sexe|sex", 1.5, 1.5, "sexe"},
    {"cni", "ne* le|date de naiss*|date of birth", 0.5, 0.5, "date de naissance"},
    {"cni", "taille", 0, 1.5, "taille"},
    {"cni", "carte valable|date d'expir*|expiry date", 0, 1.5, "validité de la carte"},
    {"cni", "re:\\bcan\\W{0,2}[0-9]{6}\\b", 0, 2, "numéro CAN"},
    {"cni", "republique francaise", 1, 1, "République française"},

    // --- Passeport.
    {"passeport", "passeport|passport", 12, 1.5, "passeport"},
    {"passeport", "code du pays|country code|passport no", 0, 3, "code du pays"},
    {"passeport", "republique francaise", 1, 1, "République française"},
    {"passeport", "date de naiss*|date of birth|lieu de naissance", 0, 0.5, "date de naissance"},
    {"passeport", "sexe|sex", 0, 1, "sexe"},
    {"passeport", "date d'expiration|date of expiry|signature du titulaire", 0, 1.5,
     "date d'expiration"},

    // --- Extrait Kbis.
    {"kbis", "extrait k bis|kbis|extrait d'immatriculation", 12, 3, "extrait Kbis"},
    {"kbis", "registre du commerce et des societes|registre du commerce", 6, 2,
     "registre du commerce et des sociétés"},
    {"kbis", "greffe du tribunal|greffe", 5, 1, "greffe du tribunal de commerce"},
    {"kbis", "immatriculation|immatricule*", 1, 1, "immatriculation"},
    {"kbis", "denomination|raison sociale", 0, 1.5, "dénomination"},
    {"kbis", "forme juridique", 0, 1.5, "forme juridique"},
    {"kbis", "personne morale", 1, 1.5, "personne morale"},
    {"kbis",
     "cloture de l'exercice|duree de la personne morale|objet social|activite principale|"
     "activites exercees",
     0, 2.5, "exercice social / activité"},
    {"kbis", "gestion direction|dirigeant*|administration controle", 0, 1.5, "dirigeants"},

    // --- RIB.
    {"rib", "releve d'identite bancaire|identite bancaire|rib", 12, 2,
     "relevé d'identité bancaire"},
    {"rib", "iban|international bank account", 3, 2.5, "IBAN"},
    {"rib", "re:\\bfr\\s?[0-9]{2}(?:\\s?[0-9a-z]{4}){5}", 0, 2, "numéro IBAN français"},
    {"rib", "bic|swift|bank identifier code", 1, 2, "BIC"},
    {"rib", "titulaire du compte", 1, 3, "titulaire du compte"},
    {"rib", "domiciliation", 1, 2, "domiciliation"},
    {"rib", "code banque|code guichet|cle rib|numero de compte", 0, 3,
     "code banque / guichet / clé RIB"},

    // --- Avis d'imposition.
    {"avis_imposition",
     "avis d'impot|avis d'imposition|avis de situation declarative|"
     "taxe fonciere|taxe d'habitation",
     12, 3, "avis d'impôt"},
    {"avis_imposition", "impot sur le revenu|impot sur les revenus|impots sur les revenus", 6, 1.5,
     "impôt sur le revenu"},
    {"avis_imposition", "finances publiques|dgfip|impots gouv", 4, 1.5, "DGFiP"},
    {"avis_imposition", "revenu fiscal de reference", 0, 4, "revenu fiscal de référence"},
    {"avis_imposition", "numero fiscal|reference de l'avis|identifiant fiscal", 0, 3,
     "numéro fiscal"},
    {"avis_imposition", "nombre de parts|quotient familial", 0, 2, "nombre de parts"},
    {"avis_imposition",
     "mise en recouvrement|revenu brut global|revenu imposable|montant de votre impot|"
     "prelevement a la source",
     0, 2, "revenu imposable / recouvrement"},

    // --- DPE.
    {"dpe", "diagnostic de performance energetique|diagnostic de perf*|dpe", 12, 2,
     "diagnostic de performance énergétique"},
    {"dpe", "performance energetique", 3, 1, "performance énergétique"},
    {"dpe", "re:kwh\\s?(?:ep\\s?)?[/|l1i]\\s?m\\S{0,3}\\s?an\\b|kwh\\s?/\\s?m2", 0, 3, "kWh/m²/an"},
    {"dpe", "gaz a effet de serre|emissions de gaz", 2, 3, "émissions de gaz à effet de serre"},
    {"dpe", "re:\\bkg\\s?(?:eq\\s?)?co2", 0, 2, "kg CO2/m²/an"},
    {"dpe", "ademe", 1, 2.5, "numéro ADEME"},
    {"dpe", "energie primaire|energie finale|classe energie|etiquette energie|etiquette", 0, 2,
     "étiquette énergie"},
    {"dpe", "diagnostiqueur|couts annuels d'energie|estimation des couts", 0, 2,
     "diagnostiqueur / coûts annuels"},

    // --- Justificatif de domicile: energy, water or telecom bill.
    {"justificatif_domicile", "facture|avis d'echeance|echeancier de paiement", 8, 1.5, "facture"},
    {"justificatif_domicile",
     "point de livraison|point de comptage|point de reference mesure|"
     "pdl|pce|prm",
     1, 4, "point de livraison / comptage"},
    {"justificatif_domicile",
     "adresse de consommation|adresse de livraison|adresse de fourniture|"
     "lieu de consommation",
     0, 3, "adresse de consommation"},
    {"justificatif_domicile",
     "reference client|numero client|n client|ref client|"
     "titulaire du contrat",
     0, 2.5, "référence client"},
    {"justificatif_domicile", "consommation*|index|releve de compteur|compteur", 0, 2,
     "consommation / compteur"},
    {"justificatif_domicile", "abonnement", 0, 1.5, "abonnement"},
    {"justificatif_domicile",
     "electricite|gaz naturel|eau potable|assainissement|"
     "distribution d'eau|fibre|internet|telephonie|forfait mobile",
     2, 1.5, "électricité / gaz / eau / télécom"},
    {"justificatif_domicile", "re:\\b[0-9]+(?:[ ,.][0-9]+)?\\s?(?:kwh|m3)\\b", 0, 1,
     "quantité consommée"},
    {"justificatif_domicile",
     "montant total ttc|total ttc|total a payer|montant a payer|"
     "ttc a payer|taxes et contributions",
     0, 2, "montant TTC à payer"},

    // --- Autre: genres that are plainly none of the above.
    {"autre", "menu|entrees|desserts|plat du jour", 4, 1.5, "menu"},
    {"autre", "recette|ingredients|pour # personnes|enfourner|prechauffer", 3, 1.5, "recette"},
    {"autre", "compte rendu|ordre du jour|seance levee|proces verbal", 3, 1.5,
     "compte rendu de réunion"},
    {"autre", "je vous prie d'agreer|veuillez agreer|salutations|madame monsieur", 0, 1.5,
     "formule de courrier"},
    {"autre", "estimation gratuite|sans engagement|notre agence|newsletter", 1, 1.5,
     "publipostage"},
};

}  // namespace

std::span<const ClassificationCue> ClassificationCues() { return kCues; }

}  // namespace notaria::analyze
