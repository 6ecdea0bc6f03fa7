// Typed document errors.
//
// A document that cannot be read fails with one of these codes and a French message meant
// for the notary. The codes are part of the API contract (result.md) and never change
// spelling; new ones may be added.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace notaria {

enum class ErrorCode {
  kEmptyFile,
  kUnsupportedFormat,
  kCorruptFile,
  kPasswordRequired,
  kImageTooLarge,
  kPageTimeout,
  kTooManyPages,
  kFileTooLarge,
  kPageNotFound,  // a page asked for (an image of it) that the document does not have
  kInternal,
};

// "EMPTY_FILE", "UNSUPPORTED_FORMAT", ... as written in the API.
std::string_view ErrorCodeName(ErrorCode code);
// Inverse of ErrorCodeName; nullopt for an unknown name.
std::optional<ErrorCode> ErrorCodeFromName(std::string_view name);
// The default French explanation of a code, used when no more precise message exists.
std::string_view DefaultErrorMessage(ErrorCode code);

struct DocumentError {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // French, for the notary; never holds document text

  static DocumentError Of(ErrorCode code) { return {code, std::string(DefaultErrorMessage(code))}; }
};

}  // namespace notaria
