// Hand-written documents of each kind, worded unlike the shared corpus, so that the cue
// table is checked against what the document kinds say rather than one template.
#include "analyze/classify.h"

#include <gtest/gtest.h>

#include "core/document_type.h"

namespace notaria::analyze {
namespace {

std::vector<Page> Pages(std::initializer_list<std::string> texts) {
  std::vector<Page> pages;
  for (const std::string& t : texts) {
    pages.push_back({.number = static_cast<int>(pages.size()) + 1, .text = t});
  }
  return pages;
}

std::string TypeOf(std::initializer_list<std::string> texts) {
  return ClassifyDocument(Pages(texts)).type;
}

TEST(ClassifyTest, EmptyTextIsAutreWithLowConfidence) {
  for (const auto& pages : {std::vector<Page>{}, Pages({"", "  \n"})}) {
    Classification c = ClassifyDocument(pages);
    EXPECT_EQ(c.type, "autre");
    EXPECT_LT(c.confidence, 0.5);
    EXPECT_FALSE(c.reasons.empty());
  }
}

TEST(ClassifyTest, DeedOfSaleCitingProcurationAndDpeInAnnexesStaysActeVente) {
  Classification c = ClassifyDocument(Pages({
      "Étude de Maîtres DUPONT et LEROY, notaires associés\n"
      "ACTE DE VENTE D'UN APPARTEMENT\n"
      "L'an deux mille vingt-quatre, le douze mars, Maître Anne DUPONT, notaire, a reçu le "
      "présent acte authentique.\n"
      "LE VENDEUR : Monsieur Paul Martin, retraité.\n"
      "L'ACQUÉREUR : Madame Léa Bernard, infirmière, représentée par Maître Jean Roux en vertu "
      "d'une procuration sous seing privé du 2 mars 2024 demeurée annexée.",
      "DÉSIGNATION DU BIEN\nUn appartement de trois pièces, lot numéro 12.\n"
      "PRIX\nLa vente est consentie moyennant le prix de 210 000 euros, payé comptant, dont "
      "quittance.\nORIGINE DE PROPRIÉTÉ\nLe vendeur a acquis le bien suivant acte reçu en 2009.",
      "DIAGNOSTICS\nUn diagnostic de performance énergétique établi le 3 janvier 2024 "
      "(étiquette énergie D, 210 kWh/m²/an) est annexé.\n"
      "PUBLICITÉ FONCIÈRE\nUne copie sera publiée au service de la publicité foncière.\n"
      "ANNEXES : procuration, diagnostic de performance énergétique, état daté.",
  }));
  EXPECT_EQ(c.type, "acte_vente");
  EXPECT_GT(c.confidence, 0.8);
  ASSERT_FALSE(c.reasons.empty());
  EXPECT_NE(c.reasons[0].find("(page 1)"), std::string::npos);
}

TEST(ClassifyTest, CompromisAndPromesses) {
  EXPECT_EQ(TypeOf({"COMPROMIS DE VENTE\nEntre M. Henri Blanc, ci-après « le vendeur », et "
                    "Mme Julie Noir, ci-après « l'acquéreur ».\nLa vente est conclue sous les "
                    "conditions suspensives d'usage, notamment l'obtention d'un prêt de "
                    "180 000 euros.\nUn dépôt de garantie de 9 000 euros est versé entre les "
                    "mains de l'agence, séquestre.\nLa réitération par acte authentique aura lieu "
                    "au plus tard le 30 juin 2025."}),
            "compromis_vente");
  EXPECT_EQ(TypeOf({"PROMESSE UNILATÉRALE DE VENTE\nLe promettant confère au bénéficiaire, qui "
                    "l'accepte en tant que promesse, la faculté d'acquérir le bien désigné.\n"
                    "Indemnité d'immobilisation : 10 % du prix.\nDurée : la promesse est "
                    "consentie pour trois mois."}),
            "compromis_vente");
}

TEST(ClassifyTest, Donation) {
  EXPECT_EQ(TypeOf({"DONATION ENTRE VIFS EN AVANCEMENT DE PART SUCCESSORALE\n"
                    "Maître Claire Petit, notaire, a reçu le présent acte.\n"
                    "LE DONATEUR : Monsieur Roger Lambert.\nLE DONATAIRE : Mademoiselle Inès "
                    "Lambert, sa fille, qui accepte.\nLe donateur fait donation, avec réserve "
                    "d'usufruit, de la nue-propriété d'une maison. Cette donation est "
                    "rapportable à la succession du donateur."}),
            "donation");
}

TEST(ClassifyTest, SuccessionDeeds) {
  EXPECT_EQ(TypeOf({"ATTESTATION DE PROPRIÉTÉ IMMOBILIÈRE APRÈS DÉCÈS\n"
                    "Maître Luc Garnier, notaire, atteste qu'à la suite du décès de Monsieur "
                    "Albert Simon, en son vivant retraité, survenu le 4 mai 2024, les biens "
                    "ci-après sont dévolus à ses héritiers : Madame Odile Simon, conjoint "
                    "survivant, et Monsieur Marc Simon, son fils.\nLe défunt laisse pour "
                    "recueillir sa succession..."}),
            "succession");
  EXPECT_EQ(TypeOf({"Acte de notoriété\nEtabli à la requête de Madame Yvette Morel.\n"
                    "Les comparants déclarent que le défunt est décédé ab intestat et que sa "
                    "dévolution successorale s'établit comme suit : héritiers, ses deux "
                    "enfants, chacun pour moitié."}),
            "succession");
}

TEST(ClassifyTest, ProcurationUnderAnotherTitle) {
  EXPECT_EQ(TypeOf({"POUVOIR\nJe soussignée Madame Agathe Roy, demeurant à Nantes, donne "
                    "pouvoir à Monsieur Hugo Roy, mandataire, de signer en mon nom l'acte de "
                    "vente du bien situé à Rezé, au prix de 150 000 euros, d'en recevoir le "
                    "prix, de substituer et de faire élection de domicile.\nBon pour pouvoir."}),
            "procuration");
}

TEST(ClassifyTest, LeaseAndLoanAreContrat) {
  EXPECT_EQ(TypeOf({"BAIL D'HABITATION MEUBLÉ\nSoumis au titre Ier bis de la loi du 6 juillet "
                    "1989.\nLe bailleur : Mme Sophie Leclerc.\nLe locataire : M. Karim Haddad.\n"
                    "Loyer mensuel : 720 euros, provision sur charges : 40 euros.\n"
                    "Un état des lieux est établi contradictoirement à la remise des clés."}),
            "contrat");
  EXPECT_EQ(TypeOf({"OFFRE DE PRÊT IMMOBILIER\nÉtablie en application du code de la "
                    "consommation.\nPrêteur : Banque Régionale de l'Est.\nEmprunteurs : M. et "
                    "Mme Weber.\nMontant : 200 000 EUR sur 240 mois, taux débiteur fixe 3,45 %, "
                    "TAEG 3,98 %.\nTableau d'amortissement joint. Délai de réflexion de dix "
                    "jours."}),
            "contrat");
}

TEST(ClassifyTest, IdentityDocumentsByTheirMrzEvenWhenNoisy) {
  // Only the MRZ survived OCR, with fillers misread and spaces inserted.
  Classification td1 = ClassifyDocument(
      Pages({"~ ' ,\nIDFRA X4RT7ZQ21 8<<<<<<cc<<<<<<\n9204117F3204115FRA<K<<<<<<<<<6\n"
             "DURAND<<CLAIRE<MARIE<<<<<<<<<"}));
  EXPECT_EQ(td1.type, "cni");
  EXPECT_NE(td1.reasons[0].find("TD1"), std::string::npos);
  EXPECT_EQ(TypeOf({"a\nIDFRAMARTIN<<<<<<<<<<<<<<<<<<<<<691O25\n"
                    "0906691025347JEAN<<PIERRE<<8001012M6"}),
            "cni");
  Classification td3 =
      ClassifyDocument(Pages({"Type P FRA\nP<FRALEFEBVRE<<THOMAS<<<<<<<<<<<<<<<<<<<<<<<\n"
                              "18AB12345 6FRA8505123M2907017<<<<<<<<<<<<<< 04"}));
  EXPECT_EQ(td3.type, "passeport");
}

TEST(ClassifyTest, CardRectoWithoutMrzIsCni) {
  EXPECT_EQ(TypeOf({"RÉPUBLIQUE FRANÇAISE\nCARTE NATIONALE D'IDENTITÉ\nNom : LEROUX\n"
                    "Prénoms : Anne, Sophie\nSexe : F  Nationalité : FRA\nDate de naiss. : "
                    "12 03 1990\nLieu de naissance : RENNES"}),
            "cni");
}

TEST(ClassifyTest, AdministrativePieces) {
  EXPECT_EQ(TypeOf({"GREFFE DU TRIBUNAL DE COMMERCE DE LYON\nExtrait K bis\nà jour au 3 "
                    "avril 2025\nDénomination : BOULANGERIE DES PENTES\nForme juridique : SARL\n"
                    "Immatriculation au RCS : 512 345 678 RCS Lyon\nGérant : M. Paul Girard"}),
            "kbis");
  EXPECT_EQ(TypeOf({"Banque Populaire du Sud\nRIB\nTitulaire du compte : Mme Nadia Benali\n"
                    "IBAN : FR76 1020 7000 1234 5678 9012 345\nBIC : CCBPFRPPMTG\n"
                    "Domiciliation : Agence de Béziers"}),
            "rib");
  EXPECT_EQ(TypeOf({"DGFiP\nAVIS DE TAXE FONCIÈRE 2024\nPropriétés bâties\nNuméro fiscal : "
                    "12 34 567 890 123\nRéférence de l'avis : 24 34 1234567 89\nMontant de "
                    "votre impôt : 1 236 €"}),
            "avis_imposition");
  EXPECT_EQ(TypeOf({"DPE — Diagnostic de performance énergétique (logement)\nN° ADEME "
                    "2431E0123456A\nConsommation : 312 kWh/m²/an (énergie primaire), classe E\n"
                    "Émissions de gaz à effet de serre : 58 kg CO2/m²/an, classe F"}),
            "dpe");
}

TEST(ClassifyTest, BillsAreJustificatifDeDomicile) {
  EXPECT_EQ(TypeOf({"Régie des eaux de la Métropole\nVotre facture d'eau\nN° client : 004512\n"
                    "Relevé de compteur du 12/02/2025 : index 1 254 m³\nConsommation : 48 m³\n"
                    "Abonnement eau potable et assainissement\nTotal TTC à payer : 183,40 €"}),
            "justificatif_domicile");
  EXPECT_EQ(TypeOf({"Opérateur Fibre Plus\nFACTURE N° 2025-03-118\nTitulaire du contrat : "
                    "M. Jules Faure\nForfait box internet fibre + téléphonie fixe : 39,99 €\n"
                    "Montant total TTC : 39,99 €, prélevé le 10/03/2025"}),
            "justificatif_domicile");
}

TEST(ClassifyTest, OrdinaryPapersAreAutre) {
  EXPECT_EQ(TypeOf({"Brasserie du Port\nNOTRE CARTE\nEntrées : soupe à l'oignon 6 €\nPlats : "
                    "moules frites 15 €\nDesserts : crème brûlée 6 €"}),
            "autre");
  EXPECT_EQ(TypeOf({"Chère Martine,\nNous sommes bien arrivés à Biarritz. Le temps est "
                    "magnifique et les enfants profitent de la plage. Nous rentrerons "
                    "dimanche soir.\nJe t'embrasse,\nSylvie"}),
            "autre");
}

TEST(ClassifyTest, JsonHasTheContractShape) {
  Classification c = ClassifyDocument(
      Pages({"RELEVÉ D'IDENTITÉ BANCAIRE\nIBAN FR76 3000 4000 0500 0012 3456 789\nBIC BNPAFRPP"}));
  nlohmann::json j = ClassificationToJson(c);
  EXPECT_EQ(c.type, "rib");
  ASSERT_TRUE(j.contains("confidence"));
  EXPECT_GE(j["confidence"].get<double>(), 0.0);
  EXPECT_LE(j["confidence"].get<double>(), 1.0);
  ASSERT_FALSE(j["candidates"].empty());
  EXPECT_EQ(j["candidates"][0]["type"], "rib");
  double previous = 1;
  for (const auto& k : j["candidates"]) {
    EXPECT_TRUE(IsDocumentType(k["type"].get<std::string>()));
    EXPECT_LE(k["score"].get<double>(), previous);
    previous = k["score"].get<double>();
  }
  EXPECT_TRUE(j["reasons"].is_array());
}

}  // namespace
}  // namespace notaria::analyze
