#include "core/error.h"

#include <array>
#include <utility>

namespace notaria {
namespace {

struct ErrorInfo {
  ErrorCode code;
  std::string_view name;
  std::string_view message;
};

constexpr std::array kErrors = {
    ErrorInfo{ErrorCode::kEmptyFile, "EMPTY_FILE", "Le fichier est vide (0 octet)."},
    ErrorInfo{ErrorCode::kUnsupportedFormat, "UNSUPPORTED_FORMAT",
              "Format de fichier non pris en charge (formats acceptés : PDF, JPEG, PNG, TIFF, "
              "HEIC, WEBP)."},
    ErrorInfo{ErrorCode::kCorruptFile, "CORRUPT_FILE",
              "Le fichier est endommagé ou tronqué et ne peut pas être lu."},
    ErrorInfo{ErrorCode::kPasswordRequired, "PASSWORD_REQUIRED",
              "Le PDF est protégé par un mot de passe : il ne peut pas être lu sans lui."},
    ErrorInfo{ErrorCode::kImageTooLarge, "IMAGE_TOO_LARGE",
              "L'image est trop grande pour être traitée sans risque (dimensions ou mémoire "
              "excessives)."},
    ErrorInfo{ErrorCode::kPageTimeout, "PAGE_TIMEOUT",
              "La lecture d'une page a dépassé le temps autorisé."},
    ErrorInfo{ErrorCode::kTooManyPages, "TOO_MANY_PAGES",
              "Le document dépasse le nombre de pages autorisé."},
    ErrorInfo{ErrorCode::kFileTooLarge, "FILE_TOO_LARGE",
              "Le fichier dépasse la taille maximale autorisée."},
    ErrorInfo{ErrorCode::kPageNotFound, "PAGE_NOT_FOUND",
              "Cette page n'existe pas dans le document."},
    ErrorInfo{ErrorCode::kInternal, "INTERNAL_ERROR",
              "Erreur interne lors du traitement du document."},
};

}  // namespace

std::string_view ErrorCodeName(ErrorCode code) {
  for (const auto& e : kErrors) {
    if (e.code == code) return e.name;
  }
  return "INTERNAL_ERROR";
}

std::optional<ErrorCode> ErrorCodeFromName(std::string_view name) {
  for (const auto& e : kErrors) {
    if (e.name == name) return e.code;
  }
  return std::nullopt;
}

std::string_view DefaultErrorMessage(ErrorCode code) {
  for (const auto& e : kErrors) {
    if (e.code == code) return e.message;
  }
  return "Erreur interne lors du traitement du document.";
}

}  // namespace notaria
