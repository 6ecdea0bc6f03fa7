// What only the S3 adapter has: credentials, an unreachable endpoint, the bucket it creates.
// The shared contract is blob_store_test.cc.
#include "store/s3_blob_store.h"

#include <gtest/gtest.h>

#include <fstream>

#include "store/sha256.h"
#include "store/testing_services.h"
#include "store/testing_temp_dir.h"

namespace notaria::store {
namespace {

TEST(S3BlobStore, UnreachableEndpointIsBlobUnavailable) {
  S3Options o = TestS3Options("notaria-s3-");
  o.endpoint = "127.0.0.1:1";
  EXPECT_THROW(S3BlobStore store(o), BlobUnavailable);
}

TEST(S3BlobStore, WrongCredentialsAreRefusedAtStart) {
  if (TestS3Options("x").endpoint.empty()) GTEST_SKIP() << "no S3 server configured";
  // s3rver checks the access key (not every signature, which MinIO does): an unknown key is
  // refused with 403, and the message names neither the key nor the secret.
  S3Options o = TestS3Options("notaria-s3-");
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
  if (TestS3Options("x").endpoint.empty()) GTEST_SKIP() << "no S3 server configured";
  S3Options o = TestS3Options("notaria-s3-");
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
