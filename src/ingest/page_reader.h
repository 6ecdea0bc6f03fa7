// Per-format page readers behind ReadDocumentInProcess, and the OCR engine they share.
//
// ReadPdfPages reads each PDF page's text layer, keeps it when JudgeTextLayer trusts it and
// otherwise rasterises the page and OCRs it. ReadImageFilePages OCRs every page of an image
// file. Both deliver pages in order through the callbacks and return a typed error; the OCR
// engine is only loaded when a page needs it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/error.h"
#include "ingest/ocr.h"
#include "ingest/reader.h"
#include "ingest/sniff.h"

namespace notaria::ingest {

// Creates the OCR engine on first use; later calls return the same engine.
class LazyOcrEngine {
 public:
  // nullptr and `error` set when Tesseract or its data cannot be loaded.
  OcrEngine* Get(std::optional<DocumentError>* error);

 private:
  std::unique_ptr<OcrEngine> engine_;
  std::string failure_;
};

std::optional<DocumentError> ReadPdfPages(const std::string& path, const ReadLimits& limits,
                                          const ReadCallbacks& callbacks, LazyOcrEngine& ocr);

std::optional<DocumentError> ReadImageFilePages(const std::string& path, FileFormat format,
                                                const ReadLimits& limits,
                                                const ReadCallbacks& callbacks, LazyOcrEngine& ocr);

// Fills the OCR fields of `page` from a reading.
void ApplyOcr(const OcrPage& ocr, Page& page);

}  // namespace notaria::ingest
