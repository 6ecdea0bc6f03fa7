// Decoding of image files (JPEG, PNG, TIFF, WEBP, HEIC) into Leptonica images, one page at a
// time.
//
// Every page's declared dimensions are read from its header and checked against
// ReadLimits::max_image_pixels BEFORE anything is decoded, so a decompression bomb costs a
// few bytes of reading (IMAGE_TOO_LARGE). Damaged data is CORRUPT_FILE, also when a decoder
// would have returned a partial image. A multi-page TIFF yields all its pages, decoding
// only the current one. Runs inside the reader sandbox.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/error.h"
#include "ingest/pix.h"
#include "ingest/reader.h"
#include "ingest/sniff.h"

namespace notaria::ingest {

struct DecodedImage {
  PixPtr pix;
  int dpi = 0;  // horizontal resolution stated by the file; 0 when it states none
};

// Called with 1-based page numbers, in order. Returning an error stops the reading.
using ImagePageSink = std::function<std::optional<DocumentError>(int number, DecodedImage image)>;

std::optional<DocumentError> ReadImagePages(const std::string& path, FileFormat format,
                                            const ReadLimits& limits,
                                            const std::function<void(int)>& on_page_count,
                                            const ImagePageSink& on_page);

// IMAGE_TOO_LARGE when width x height exceeds the limit (or a side is not positive:
// CORRUPT_FILE); nullopt when the image may be decoded.
std::optional<DocumentError> CheckDeclaredSize(int64_t width, int64_t height, uint64_t max_pixels);

}  // namespace notaria::ingest
