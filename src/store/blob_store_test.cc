// The BlobStore contract as one typed suite, then FileBlobStore's own guarantees (layout,
// permissions, crash atomicity). To add a backend, add a class like FileBlobStoreBackend to
// BlobStoreBackends.
#include "store/blob_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include "store/file_blob_store.h"
#include "store/s3_blob_store.h"
#include "store/sha256.h"
#include "store/testing_services.h"
#include "store/testing_temp_dir.h"

namespace notaria::store {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteAll(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

size_t CountFiles(const std::string& dir) {
  size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    (void)e;
    ++n;
  }
  return n;
}

class FileBlobStoreBackend {
 public:
  std::unique_ptr<BlobStore> Open() {
    return std::make_unique<FileBlobStore>(dir_.path() + "/blobs");
  }

 private:
  TempDir dir_;
};

// The s3rver that scripts/test-services.sh started for this ctest run; a bucket per test.
class S3BlobStoreBackend {
 public:
  static std::string Endpoint() { return TestServiceAddress("s3.endpoint"); }
  static bool Available() { return !Endpoint().empty(); }
  std::unique_ptr<BlobStore> Open() { return std::make_unique<S3BlobStore>(options_); }

 private:
  S3Options options_ = TestS3Options("notaria-test-");
};

using BlobStoreBackends = ::testing::Types<FileBlobStoreBackend, S3BlobStoreBackend>;

template <typename Backend>
class BlobStoreTest : public ::testing::Test {
 protected:
  // Writes `data` to a scratch file and returns its key.
  std::string Source(const std::string& data) {
    source_ = scratch_.path() + "/source-" + std::to_string(counter_++);
    WriteAll(source_, data);
    return Sha256Hex(data);
  }

  void SetUp() override {
    if (!store_) GTEST_SKIP() << "no server for this backend (run through ctest, which starts one)";
  }
  Backend backend_;
  std::unique_ptr<BlobStore> store_ = EngineAvailable<Backend>() ? backend_.Open() : nullptr;
  TempDir scratch_;
  std::string source_;
  int counter_ = 0;
};

TYPED_TEST_SUITE(BlobStoreTest, BlobStoreBackends);

TYPED_TEST(BlobStoreTest, PutThenGetReturnsTheSameBytes) {
  std::string data("%PDF-1.7\n\0binary\xff", 17);
  std::string key = this->Source(data);
  EXPECT_FALSE(this->store_->Exists(key));
  this->store_->PutFile(key, this->source_);
  EXPECT_TRUE(this->store_->Exists(key));

  std::string dest = this->scratch_.path() + "/copy.pdf";
  WriteAll(dest, "old content that must be replaced entirely");
  this->store_->GetToFile(key, dest);
  EXPECT_EQ(ReadAll(dest), data);
  EXPECT_EQ(CountFiles(this->scratch_.path()), 2u);  // source + copy, no temp left behind

  if (auto local = this->store_->LocalPath(key)) {
    EXPECT_EQ(ReadAll(*local), data);
  }
  EXPECT_TRUE(this->store_->Ping());
}

TYPED_TEST(BlobStoreTest, PutIsIdempotent) {
  std::string key = this->Source("same bytes");
  this->store_->PutFile(key, this->source_);
  this->store_->PutFile(key, this->source_);
  auto again = this->backend_.Open();
  again->PutFile(key, this->source_);
  std::string dest = this->scratch_.path() + "/out";
  again->GetToFile(key, dest);
  EXPECT_EQ(ReadAll(dest), "same bytes");
}

TYPED_TEST(BlobStoreTest, ConcurrentPutsOfTheSameKey) {
  std::string key = this->Source(std::string(300000, 'z'));
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] { this->store_->PutFile(key, this->source_); });
  }
  for (auto& t : threads) t.join();
  std::string dest = this->scratch_.path() + "/out";
  this->store_->GetToFile(key, dest);
  EXPECT_EQ(Sha256OfFile(dest), key);
}

TYPED_TEST(BlobStoreTest, MissingBlob) {
  std::string key = Sha256Hex("never stored");
  EXPECT_FALSE(this->store_->Exists(key));
  EXPECT_FALSE(this->store_->LocalPath(key).has_value());
  std::string dest = this->scratch_.path() + "/out";
  EXPECT_THROW(this->store_->GetToFile(key, dest), BlobUnavailable);
  EXPECT_FALSE(std::filesystem::exists(dest));
}

TYPED_TEST(BlobStoreTest, RejectsMalformedKeys) {
  std::string key = this->Source("x");
  std::string upper = key;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string dest = this->scratch_.path() + "/out";
  for (const std::string& bad :
       {std::string(), std::string("../../etc/passwd"), key.substr(0, 63), key + "0", upper,
        std::string("../") + key.substr(3), std::string(64, 'g')}) {
    EXPECT_THROW(this->store_->PutFile(bad, this->source_), std::invalid_argument) << bad;
    EXPECT_THROW(this->store_->Exists(bad), std::invalid_argument) << bad;
    EXPECT_THROW(this->store_->GetToFile(bad, dest), std::invalid_argument) << bad;
    EXPECT_THROW(this->store_->LocalPath(bad), std::invalid_argument) << bad;
  }
}

TYPED_TEST(BlobStoreTest, RejectsContentThatDoesNotMatchTheKey) {
  this->Source("real content");
  std::string wrong = Sha256Hex("other content");
  EXPECT_THROW(this->store_->PutFile(wrong, this->source_), std::invalid_argument);
  EXPECT_FALSE(this->store_->Exists(wrong));
}

// FileBlobStore-specific guarantees.
class FileBlobStoreTest : public ::testing::Test {
 protected:
  std::string Root() const { return dir_.path() + "/blobs"; }

  TempDir dir_;
};

TEST_F(FileBlobStoreTest, StoresReadOnlyFilesInATwoLevelFanOut) {
  FileBlobStore store(Root());
  std::string src = dir_.path() + "/src";
  WriteAll(src, "content");
  std::string key = Sha256Hex("content");
  store.PutFile(key, src);
  std::string expected = Root() + "/" + key.substr(0, 2) + "/" + key.substr(2, 2) + "/" + key;
  EXPECT_EQ(store.LocalPath(key), expected);
  struct stat st {};
  ASSERT_EQ(::stat(expected.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0444u);
  EXPECT_EQ(CountFiles(store.TempDir()), 0u);
}

// A writer killed between writing its temp file and renaming it must leave nothing visible
// under the key, and the next open must clean the leftover.
TEST_F(FileBlobStoreTest, CrashBeforeRenameLeavesNoPartialBlob) {
  FileBlobStore store(Root());
  const std::string data(100000, 'q');
  const std::string key = Sha256Hex(data);

  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // What PutFile does up to the rename, cut short half-way through the content.
    std::string tmp = store.TempDir() + "/" + std::to_string(getpid()) + "-deadbeef.tmp";
    std::ofstream out(tmp, std::ios::binary);
    out.write(data.data(), static_cast<std::streamsize>(data.size() / 2));
    out.flush();
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(CountFiles(store.TempDir()), 1u);

  EXPECT_FALSE(store.Exists(key));
  EXPECT_FALSE(store.LocalPath(key).has_value());
  EXPECT_THROW(store.GetToFile(key, dir_.path() + "/out"), BlobUnavailable);

  // Also a stray file whose name is not ours, and one of a live writer (this process).
  WriteAll(store.TempDir() + "/garbage", "x");
  const std::string live = store.TempDir() + "/" + std::to_string(getpid()) + "-cafe.tmp";
  WriteAll(live, "in progress");

  FileBlobStore reopened(Root());
  EXPECT_EQ(CountFiles(reopened.TempDir()), 1u);
  EXPECT_TRUE(std::filesystem::exists(live));

  std::string src = dir_.path() + "/src";
  WriteAll(src, data);
  reopened.PutFile(key, src);
  EXPECT_EQ(Sha256OfFile(*reopened.LocalPath(key)), key);
}

TEST_F(FileBlobStoreTest, FailedPutLeavesNoTempFile) {
  FileBlobStore store(Root());
  std::string src = dir_.path() + "/src";
  WriteAll(src, "abc");
  EXPECT_THROW(store.PutFile(Sha256Hex("not abc"), src), std::invalid_argument);
  EXPECT_THROW(store.PutFile(Sha256Hex("abc"), dir_.path() + "/missing"), std::invalid_argument);
  EXPECT_EQ(CountFiles(store.TempDir()), 0u);
}

TEST(Sha256, KnownVectorsAndIncrementalUse) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 h;
  h.Update("a");
  h.Update("");
  h.Update("bc");
  EXPECT_EQ(h.FinishHex(), Sha256Hex("abc"));

  TempDir dir;
  std::string big(200000, 'x');
  WriteAll(dir.path() + "/f", big);
  EXPECT_EQ(Sha256OfFile(dir.path() + "/f"), Sha256Hex(big));
  EXPECT_THROW(Sha256OfFile(dir.path() + "/missing"), std::runtime_error);
}

TEST(Sha256, RecognisesKeys) {
  EXPECT_TRUE(IsSha256Hex(Sha256Hex("k")));
  EXPECT_FALSE(IsSha256Hex("abc"));
  EXPECT_FALSE(IsSha256Hex(std::string(64, 'A')));
}

}  // namespace
}  // namespace notaria::store
