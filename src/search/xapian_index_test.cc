#include "search/xapian_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <thread>

#include "search/search_text.h"
#include "store/testing_temp_dir.h"

namespace notaria::search {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

IndexedPage PageOf(int number, std::string text) {
  IndexedPage p;
  p.number = number;
  p.keywords = Keywords(text);
  p.text = std::move(text);
  return p;
}

IndexedDocument Doc(std::string id, std::string type, std::string date,
                    std::vector<std::string> pages) {
  IndexedDocument d;
  d.document_id = std::move(id);
  d.type_words = TypeWords(type);
  d.document_type = std::move(type);
  d.date = std::move(date);
  int n = 1;
  for (auto& t : pages) d.pages.push_back(PageOf(n++, std::move(t)));
  return d;
}

std::vector<std::string> Ids(const PageHits& hits) {
  std::vector<std::string> ids;
  for (const auto& h : hits.hits) ids.push_back(h.document_id);
  return ids;
}

class XapianIndexTest : public ::testing::Test {
 protected:
  XapianIndexTest() : index_(dir_.path() + "/search") {
    index_.Index(Doc("vente1", "acte_vente", "2024-03-12",
                     {"ACTE DE VENTE. Maître Durand, notaire à Paris.",
                      "Le vendeur demeure à CRÉTEIL (94000). Le bien figure au cadastre "
                      "section AB numéro 123 pour une contenance de 5 a 32 ca.",
                      "La société AZUR, RCS Créteil 123 456 789, représentée par son gérant. "
                      "Prix : 196 000,00 EUR."}));
    index_.Index(Doc("don1", "donation", "2023-06-01",
                     {"Par les présentes, le donateur fait donation entre vifs à sa fille.",
                      "Bien situé à Lyon, cadastré section CD n° 45."}));
    index_.Index(Doc("cni1", "cni", "2025-01-20",
                     {"CARTE NATIONALE D'IDENTITÉ Nom: MARTIN Lieu de naissance: Créteil"}));
  }

  PageHits Find(std::string text) {
    SearchQuery q;
    q.text = std::move(text);
    return index_.Search(q);
  }

  store::TempDir dir_;
  XapianIndex index_;
};

TEST_F(XapianIndexTest, AccentsAndCaseDoNotMatter) {
  EXPECT_THAT(Ids(Find("Créteil")), UnorderedElementsAre("vente1", "cni1"));
  EXPECT_THAT(Ids(Find("creteil")), UnorderedElementsAre("vente1", "cni1"));
  EXPECT_THAT(Ids(Find("CRETEIL")), UnorderedElementsAre("vente1", "cni1"));
  EXPECT_EQ(Find("creteil").total, 2);
}

TEST_F(XapianIndexTest, OneHitPerDocumentOnItsBestPage) {
  PageHits hits = Find("creteil cadastre");
  ASSERT_THAT(Ids(hits), ElementsAre("vente1"));
  EXPECT_EQ(hits.hits[0].page, 2);
  EXPECT_DOUBLE_EQ(hits.hits[0].score, 1.0);
}

TEST_F(XapianIndexTest, TypeWordAndStems) {
  // The text says "donation"; the type word also finds it, and "donations" stems the same.
  EXPECT_THAT(Ids(Find("donation")), ElementsAre("don1"));
  EXPECT_THAT(Ids(Find("donations")), ElementsAre("don1"));
  // "vente" is a type word of acte_vente, written on its first page.
  EXPECT_THAT(Ids(Find("vente")), ElementsAre("vente1"));
}

TEST_F(XapianIndexTest, IdentifiersHoweverWritten) {
  EXPECT_THAT(Ids(Find("123456789")), ElementsAre("vente1"));
  EXPECT_THAT(Ids(Find("123 456 789")), ElementsAre("vente1"));
  EXPECT_THAT(Ids(Find("AB 123")), ElementsAre("vente1"));
  EXPECT_THAT(Ids(Find("ab123")), ElementsAre("vente1"));
  EXPECT_THAT(Ids(Find("CD 45")), ElementsAre("don1"));
  EXPECT_EQ(Find("AB 123").hits[0].page, 2);
  EXPECT_THAT(Ids(Find("AB 124")), IsEmpty());
  EXPECT_THAT(Ids(Find("section AB n° 123")), ElementsAre("vente1"));
  // Words beside an identifier are required too: "Lyon" is not on the deed.
  EXPECT_THAT(Ids(Find("Lyon AB 123")), IsEmpty());
}

// "FR76" reads like a parcel (section FR, number 76): the other groups of the IBAN typed after
// it must still be on the page, not only the "parcel" every French IBAN starts with.
TEST_F(XapianIndexTest, TheStartOfAnIbanFindsThatIbanOnly) {
  index_.Index(Doc("rib1", "rib", "2024-11-28", {"IBAN FR76 1334 4420 3452 3708 5223 985"}));
  index_.Index(Doc("rib2", "rib", "2024-11-28", {"IBAN FR76 1751 9524 7064 0431 3389 855"}));
  EXPECT_THAT(Ids(Find("FR76 1334 4420")), ElementsAre("rib1"));
  EXPECT_THAT(Ids(Find("FR76")), UnorderedElementsAre("rib1", "rib2"));
  // The whole IBAN typed without its spaces.
  EXPECT_THAT(Ids(Find("FR7613344420345237085223985")), ElementsAre("rib1"));
}

TEST_F(XapianIndexTest, AmountsHoweverTyped) {
  // The page writes the price with cents; the notary types it in whole euros, spaced or not.
  EXPECT_THAT(Ids(Find("196 000")), ElementsAre("vente1"));
  EXPECT_THAT(Ids(Find("196000")), ElementsAre("vente1"));
  EXPECT_THAT(Ids(Find("196 000,00")), ElementsAre("vente1"));
  EXPECT_THAT(Ids(Find("prix 196000")), ElementsAre("vente1"));
  EXPECT_THAT(Ids(Find("197000")), IsEmpty());
  EXPECT_THAT(Ids(Find("000 00")), ElementsAre("vente1"));
  EXPECT_THAT(Ids(Find("196000,00")), ElementsAre("vente1"));
  EXPECT_THAT(Ids(Find("196000€")), ElementsAre("vente1"));
  EXPECT_THAT(Ids(Find("196000,50")), IsEmpty());
  // Operators Xapian knows but the README does not are words, required like any other.
  EXPECT_THAT(Ids(Find("creteil XOR zzzz")), IsEmpty());
  EXPECT_THAT(Ids(Find("vendeur NEAR zzzz")), IsEmpty());
}

TEST_F(XapianIndexTest, PhrasesExclusionsAndOr) {
  EXPECT_THAT(Ids(Find("\"donation entre vifs\"")), ElementsAre("don1"));
  EXPECT_THAT(Ids(Find("\"vifs entre donation\"")), IsEmpty());
  EXPECT_THAT(Ids(Find("creteil -martin")), ElementsAre("vente1"));
  EXPECT_THAT(Ids(Find("lyon OR paris")), UnorderedElementsAre("vente1", "don1"));
  EXPECT_THAT(Ids(Find("lyon or paris")), UnorderedElementsAre("vente1", "don1"));
  // All words are required by default.
  EXPECT_THAT(Ids(Find("lyon paris")), IsEmpty());
  // An unclosed quote closes at the end; dangling operators are dropped.
  EXPECT_THAT(Ids(Find("\"creteil")), UnorderedElementsAre("vente1", "cni1"));
  EXPECT_THAT(Ids(Find("AND")), IsEmpty());
  EXPECT_THAT(Ids(Find("lyon OR")), ElementsAre("don1"));
  EXPECT_THAT(Ids(Find("OR lyon")), ElementsAre("don1"));
  EXPECT_THAT(Ids(Find("lyon AND")), ElementsAre("don1"));
  EXPECT_THAT(Ids(Find("lyon NOT")), ElementsAre("don1"));
}

// The deed says Créteil on pages 2 and 3 and Paris on page 1: excluding Paris leaves the whole
// deed out, not only its first page.
TEST_F(XapianIndexTest, ExclusionsLeaveOutTheWholeDocument) {
  EXPECT_THAT(Ids(Find("creteil -paris")), ElementsAre("cni1"));
  EXPECT_THAT(Ids(Find("creteil NOT paris")), ElementsAre("cni1"));
  EXPECT_THAT(Ids(Find("creteil -\"maître durand\"")), ElementsAre("cni1"));
  // An identifier excluded however it is written.
  EXPECT_THAT(Ids(Find("creteil -123456789")), ElementsAre("cni1"));
  EXPECT_THAT(Ids(Find("creteil -\"AB 123\"")), ElementsAre("cni1"));
  EXPECT_EQ(Find("creteil -paris").total, 1);
  // Exclusions alone designate nothing here (SearchService answers them with an error).
  EXPECT_THAT(Ids(Find("-paris")), IsEmpty());
  EXPECT_THAT(Ids(Find("NOT paris")), IsEmpty());
}

TEST_F(XapianIndexTest, Filters) {
  SearchQuery q;
  q.text = "creteil";
  q.document_type = "cni";
  EXPECT_THAT(Ids(index_.Search(q)), ElementsAre("cni1"));
  q.document_type.clear();
  q.date_from = "2024-01-01";
  q.date_to = "2024-12-31";
  EXPECT_THAT(Ids(index_.Search(q)), ElementsAre("vente1"));
  q.date_from.clear();
  q.date_to.clear();
  q.restrict_to_ids = true;
  q.document_ids = {"cni1", "don1"};
  EXPECT_THAT(Ids(index_.Search(q)), ElementsAre("cni1"));
  q.document_ids.clear();
  EXPECT_THAT(Ids(index_.Search(q)), IsEmpty());
}

TEST_F(XapianIndexTest, Pagination) {
  SearchQuery q;
  q.text = "creteil";
  q.limit = 1;
  PageHits first = index_.Search(q);
  q.offset = 1;
  PageHits second = index_.Search(q);
  ASSERT_EQ(first.hits.size(), 1u);
  ASSERT_EQ(second.hits.size(), 1u);
  EXPECT_NE(first.hits[0].document_id, second.hits[0].document_id);
  EXPECT_EQ(first.total, 2);
  EXPECT_EQ(second.total, 2);
}

TEST_F(XapianIndexTest, ReindexReplacesAndRemoveDeletes) {
  index_.Index(Doc("cni1", "cni", "2025-01-20", {"CARTE NATIONALE D'IDENTITÉ Nom: MARTIN Lyon"}));
  EXPECT_THAT(Ids(Find("creteil")), ElementsAre("vente1"));
  EXPECT_THAT(Ids(Find("lyon")), UnorderedElementsAre("don1", "cni1"));
  index_.Remove("don1");
  EXPECT_THAT(Ids(Find("lyon")), ElementsAre("cni1"));
  EXPECT_THAT(index_.IndexedIds(), UnorderedElementsAre("vente1", "cni1"));
}

TEST(XapianIndex, EmptyIndexAnswersNothing) {
  store::TempDir dir;
  XapianIndex index(dir.path() + "/never-written");
  SearchQuery q;
  q.text = "creteil";
  EXPECT_EQ(index.Search(q).total, 0);
  EXPECT_THAT(index.IndexedIds(), IsEmpty());
  EXPECT_TRUE(index.Ping());
}

// The first writer makes the directory before the database in it: a search, a catch-up
// listing or a health check in between must see an empty index, not an unavailable one.
TEST(XapianIndex, DirectoryWithoutDatabaseYetAnswersNothing) {
  store::TempDir dir;
  std::string path = dir.path() + "/search";
  std::filesystem::create_directories(path);
  XapianIndex index(path);
  SearchQuery q;
  q.text = "creteil";
  EXPECT_EQ(index.Search(q).total, 0);
  EXPECT_THAT(index.IndexedIds(), IsEmpty());
  EXPECT_TRUE(index.Ping());
  index.Index(Doc("a", "autre", "2024-01-01", {"Créteil"}));
  EXPECT_EQ(index.Search(q).total, 1);
}

TEST(XapianIndex, WriterWaitsForAnotherProcessLockThenGivesUp) {
  store::TempDir dir;
  std::string path = dir.path() + "/search";
  XapianIndex index(path, std::chrono::milliseconds(300));
  index.Index(Doc("a", "autre", "2024-01-01", {"premier"}));
  {
    // Another writer (as a second process would) holds the lock.
    Xapian::WritableDatabase other(path, Xapian::DB_OPEN);
    EXPECT_THROW(index.Index(Doc("b", "autre", "2024-01-01", {"second"})), SearchUnavailable);
  }
  Xapian::WritableDatabase* other = new Xapian::WritableDatabase(path, Xapian::DB_OPEN);
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    delete other;
  });
  index.Index(Doc("b", "autre", "2024-01-01", {"second"}));
  release.join();
  SearchQuery q;
  q.text = "second";
  EXPECT_EQ(index.Search(q).total, 1);
}

TEST(XapianIndex, UnreadableDirectoryIsUnavailable) {
  store::TempDir dir;
  std::string path = dir.path() + "/file";
  FILE* f = fopen(path.c_str(), "w");
  fputs("not a database", f);
  fclose(f);
  XapianIndex index(path, std::chrono::milliseconds(100));
  EXPECT_THROW(index.Index(Doc("a", "autre", "2024-01-01", {"x"})), SearchUnavailable);
  SearchQuery q;
  q.text = "x";
  EXPECT_THROW(index.Search(q), SearchUnavailable);
  EXPECT_FALSE(index.Ping());
}

}  // namespace
}  // namespace notaria::search
