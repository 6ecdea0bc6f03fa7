// The terms of deeds and contracts (acte_vente, compromis_vente, donation, succession,
// procuration, contrat): the property, the amounts and the dates, each with its evidence.
//
// entities.properties gets one property when the document designates one (an address, a
// parcel or a lot): result.md's fields plus, for the checks, "cadastre_mentions" (every
// place a parcel reference is written, the désignation's flagged) and "surface_mentions"
// (every surface written, with its kind). entities.amounts and entities.dates get the
// amounts and dates whose kind the clause around them states; an amount written in words
// as well carries "value_words". Persons, companies and the notary are another family's.
#pragma once

namespace notaria::analyze {

// Registers the extractor for the six deed and contract types.
void RegisterDeedTermExtractors();

}  // namespace notaria::analyze
