// What only the S3 adapter has: credentials, an unreachable endpoint, the bucket it creates.
// The shared contract is blob_store_test.cc.
#include "store/s3_blob_store.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "store/sha256.h"
#include "store/testing_services.h"
#include "store/testing_temp_dir.h"

namespace notaria::store {
namespace {

std::string Endpoint() { return TestServiceAddress("s3.endpoint"); }

S3Options Options() {
  S3Options o;
  o.endpoint = Endpoint();
  o.access_key = "S3RVER";
  o.secret_key = "S3RVER";
  o.bucket = "notaria-s3-" + std::to_string(std::random_device{}());
  o.timeout = std::chrono::seconds(10);
  o.connect_timeout = std::chrono::seconds(2);
  return o;
}

TEST(S3BlobStore, UnreachableEndpointIsBlobUnavailable) {
  S3Options o = Options();
  o.endpoint = "127.0.0.1:1";
  EXPECT_THROW(S3BlobStore store(o), BlobUnavailable);
}

TEST(S3BlobStore, WrongCredentialsAreRefusedAtStart) {
  if (Endpoint().empty()) GTEST_SKIP() << "no S3 server configured";
  // s3rver checks the access key (not every signature, which MinIO does): an unknown key is
  // refused with 403, and the message names neither the key nor the secret.
  S3Options o = Options();
  o.access_key = "UNKNOWNKEY";
  o.secret_key = "not-the-secret";
  try {
    S3BlobStore store(o);
    FAIL() << "an unknown access key was accepted";
  } catch (const BlobUnavailable& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("403"), std::string::npos) << what;
    EXPECT_EQ(what.find("not-the-secret"), std::string::npos) << what;
    EXPECT_EQ(what.find("UNKNOWNKEY"), std::string::npos) << what;
  }
}

TEST(S3BlobStore, CreatesItsBucketOnceAndSharesIt) {
  if (Endpoint().empty()) GTEST_SKIP() << "no S3 server configured";
  S3Options o = Options();
  S3BlobStore first(o);
  S3BlobStore second(o);  // the bucket exists now: opened, not created again
  TempDir dir;
  std::string path = dir.path() + "/f";
  std::ofstream(path) << "contenu";
  std::string key = Sha256Hex("contenu");
  first.PutFile(key, path);
  EXPECT_TRUE(second.Exists(key));
  EXPECT_FALSE(second.LocalPath(key).has_value());
  EXPECT_TRUE(second.Ping());
}

}  // namespace
}  // namespace notaria::store
