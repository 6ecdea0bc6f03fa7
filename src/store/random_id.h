// Random identifiers for stored objects.
//
// A document id is "doc_" followed by 32 lowercase hex characters (128 bits from the OpenSSL
// CSPRNG): URL-safe, unguessable, and free of any meaning a client could rely on.
// Thread-safe.
#pragma once

#include <string>

namespace notaria::store {

// `bytes` random bytes as lowercase hex; throws std::runtime_error if the CSPRNG fails.
std::string RandomHex(int bytes);
std::string NewDocumentId();
// "dos_" followed by 32 lowercase hex characters.
std::string NewDossierId();

}  // namespace notaria::store
