#include "ingest/sniff.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace notaria::ingest {
namespace {

const std::string kCorpus = std::string(NOTARIA_SHARED_DIR) + "/corpus";

TEST(SniffFormat, MagicBytes) {
  using namespace std::string_literals;
  EXPECT_EQ(SniffFormat("%PDF-1.7\n"), FileFormat::kPdf);
  EXPECT_EQ(SniffFormat("\xFF\xD8\xFF\xE0\x00\x10JFIF"), FileFormat::kJpeg);
  EXPECT_EQ(SniffFormat("\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s), FileFormat::kPng);
  EXPECT_EQ(SniffFormat("II*\0\x08\0\0\0"s), FileFormat::kTiff);
  EXPECT_EQ(SniffFormat("MM\0*\0\0\0\x08"s), FileFormat::kTiff);
  EXPECT_EQ(SniffFormat("RIFF\x10\0\0\0WEBPVP8 "s), FileFormat::kWebp);
  EXPECT_EQ(SniffFormat("RIFF\x10\0\0\0WAVEfmt "s), FileFormat::kUnknown);
  for (const char* brand : {"heic", "heix", "mif1", "msf1", "hevc"}) {
    std::string head = "\0\0\0\x18"s + "ftyp" + brand + "\0\0\0\0"s + "mif1miaf";
    EXPECT_EQ(SniffFormat(head), FileFormat::kHeic) << brand;
  }
  // A compatible brand is enough (major brand "avif"-like but HEIF compatible).
  EXPECT_EQ(SniffFormat("\0\0\0\x18"s + "ftypxxxx" + "\0\0\0\0"s + "mif1heic"), FileFormat::kHeic);
  EXPECT_EQ(SniffFormat("\0\0\0\x18"s + "ftypisom" + "\0\0\0\0"s + "isomavc1"),
            FileFormat::kUnknown);
  EXPECT_EQ(SniffFormat(""), FileFormat::kUnknown);
  EXPECT_EQ(SniffFormat("Acte de vente"), FileFormat::kUnknown);
  EXPECT_EQ(SniffFormat("%PD"), FileFormat::kUnknown);
}

TEST(SniffFormat, PdfAfterJunkWithinOneKilobyte) {
  EXPECT_EQ(SniffFormat(std::string(1000, 'x') + "%PDF-1.4"), FileFormat::kPdf);
  EXPECT_EQ(SniffFormat(std::string(1024, '\n') + "%PDF-1.4"), FileFormat::kPdf);
  EXPECT_EQ(SniffFormat(std::string(1025, 'x') + "%PDF-1.4"), FileFormat::kUnknown);
}

TEST(SniffFormat, NamesAndMimeTypes) {
  EXPECT_EQ(FormatName(FileFormat::kHeic), "heic");
  EXPECT_EQ(FormatMimeType(FileFormat::kPdf), "application/pdf");
  EXPECT_EQ(FormatMimeType(FileFormat::kUnknown), "application/octet-stream");
}

// Every document of the corpus is sniffed as its truth file's "format" says.
TEST(SniffFile, EveryCorpusDocumentMatchesItsTruthFormat) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpus + "/docs")) {
    const std::string path = entry.path().string();
    if (path.ends_with(".truth.json")) continue;
    std::string ext = entry.path().extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    FileFormat f = SniffFile(path);
    FileFormat expected = ext == ".pdf"    ? FileFormat::kPdf
                          : ext == ".jpg"  ? FileFormat::kJpeg
                          : ext == ".png"  ? FileFormat::kPng
                          : ext == ".tif"  ? FileFormat::kTiff
                          : ext == ".heic" ? FileFormat::kHeic
                                           : FileFormat::kUnknown;
    EXPECT_EQ(f, expected) << path;
    ++checked;
  }
  EXPECT_GT(checked, 100);
}

TEST(SniffFile, BadFilesAreSniffedByContent) {
  auto bad = [](const char* name) { return SniffFile(kCorpus + "/bad/" + name); };
  EXPECT_EQ(bad("extrait_kbis_photo.jpg"), FileFormat::kPdf);  // a PDF named .jpg
  EXPECT_EQ(bad("acte_scanne.pdf"), FileFormat::kUnknown);     // plain text named .pdf
  EXPECT_EQ(bad("vide.pdf"), FileFormat::kUnknown);
  EXPECT_EQ(bad("releve_tronque.pdf"), FileFormat::kPdf);
  EXPECT_EQ(bad("procuration_protegee.pdf"), FileFormat::kPdf);
  EXPECT_EQ(bad("photo_corrompue.jpg"), FileFormat::kJpeg);
  EXPECT_EQ(bad("scan_geant.png"), FileFormat::kPng);
  EXPECT_EQ(bad("rib_avec_javascript.pdf"), FileFormat::kPdf);
  EXPECT_EQ(bad("does_not_exist"), FileFormat::kUnknown);
}

}  // namespace
}  // namespace notaria::ingest
