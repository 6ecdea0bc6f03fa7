#include "ingest/reader.h"

#include <sys/stat.h>

#include <new>

#include "ingest/image_reader.h"
#include "ingest/page_reader.h"
#include "ingest/sniff.h"

namespace notaria::ingest {

OcrEngine* LazyOcrEngine::Get(std::optional<DocumentError>* error) {
  if (!engine_ && failure_.empty()) {
    engine_ = OcrEngine::Create(&failure_);
    if (!engine_ && failure_.empty()) failure_ = "moteur OCR indisponible";
  }
  if (!engine_ && error != nullptr) {
    *error = DocumentError{ErrorCode::kInternal,
                           "La reconnaissance de caractères (OCR) est indisponible sur ce "
                           "serveur : " +
                               failure_ + "."};
  }
  return engine_.get();
}

void ApplyOcr(const OcrPage& ocr, Page& page) {
  page.source = PageSource::kOcr;
  page.text = ocr.text;
  page.ocr_confidence = ocr.confidence;
  page.rotation = ocr.rotation;
  page.rotation_confidence = ocr.rotation_confidence;
  page.skew_deg = ocr.skew_deg;
  page.words = AlignWords(page.text, ocr.words);
}

std::optional<DocumentError> ReadImageFilePages(const std::string& path, FileFormat format,
                                                const ReadLimits& limits,
                                                const ReadCallbacks& callbacks,
                                                LazyOcrEngine& ocr) {
  auto on_count = [&](int count) {
    if (callbacks.on_page_count) callbacks.on_page_count(count);
  };
  auto on_page = [&](int number, DecodedImage image) -> std::optional<DocumentError> {
    std::optional<DocumentError> error;
    OcrEngine* engine = ocr.Get(&error);
    if (engine == nullptr) return error;
    Page page;
    page.number = number;
    ApplyOcr(engine->Recognize(image.pix.get(), image.dpi), page);
    image.pix.reset();
    if (callbacks.on_page) callbacks.on_page(page);
    return std::nullopt;
  };
  return ReadImagePages(path, format, limits, on_count, on_page);
}

std::optional<DocumentError> ReadDocumentInProcess(const std::string& path,
                                                   const ReadLimits& limits,
                                                   const ReadCallbacks& callbacks) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return DocumentError{ErrorCode::kInternal, "Le fichier à lire est introuvable."};
  }
  if (st.st_size == 0) return DocumentError::Of(ErrorCode::kEmptyFile);
  const FileFormat format = SniffFile(path);
  LazyOcrEngine ocr;
  try {
    switch (format) {
      case FileFormat::kPdf:
        return ReadPdfPages(path, limits, callbacks, ocr);
      case FileFormat::kJpeg:
      case FileFormat::kPng:
      case FileFormat::kTiff:
      case FileFormat::kHeic:
      case FileFormat::kWebp:
        return ReadImageFilePages(path, format, limits, callbacks, ocr);
      case FileFormat::kUnknown:
        break;
    }
  } catch (const std::bad_alloc&) {
    return DocumentError{ErrorCode::kImageTooLarge,
                         "La lecture du document a dépassé la mémoire autorisée (image ou page "
                         "trop grande)."};
  }
  return DocumentError::Of(ErrorCode::kUnsupportedFormat);
}

}  // namespace notaria::ingest
