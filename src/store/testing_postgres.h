// A throwaway PostgreSQL database per test (tests only, header-only).
//
// The server is the one scripts/test-services.sh started for this ctest run: its base URL is
// in $NOTARIA_TEST_SERVICES_DIR/postgres.url. Run outside ctest, without that variable, the
// PostgreSQL cases skip with a message; with it, a missing server is a failure.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>

#include "store/pg_connection.h"
#include "store/testing_services.h"

namespace notaria::store {

class TestPostgres {
 public:
  // The server's base URL ("postgresql://user@host:port"), or "" when none is configured.
  static std::string BaseUrl() {
    std::string url = TestServiceAddress("postgres.url");
    if (url.empty() && std::getenv("NOTARIA_TEST_SERVICES_DIR") != nullptr) {
      ADD_FAILURE() << "NOTARIA_TEST_SERVICES_DIR is set but holds no postgres.url";
    }
    return url;
  }

  // Creates an empty database; `url()` is empty when no server is configured.
  TestPostgres() {
    base_ = BaseUrl();
    if (base_.empty()) return;
    std::random_device rd;
    name_ = "notaria_test_" + std::to_string(rd()) + std::to_string(rd());
    auto admin = pg::Connection::Open(base_ + "/postgres", std::chrono::seconds(10));
    admin->Exec("CREATE DATABASE " + name_);
  }
  ~TestPostgres() {
    if (name_.empty()) return;
    try {
      auto admin = pg::Connection::Open(base_ + "/postgres", std::chrono::seconds(10));
      admin->Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {  // the server is gone: its directory goes with it at the end of the run
    }
  }
  TestPostgres(const TestPostgres&) = delete;
  TestPostgres& operator=(const TestPostgres&) = delete;

  std::string url() const { return name_.empty() ? "" : base_ + "/" + name_; }

 private:
  std::string base_;
  std::string name_;
};

}  // namespace notaria::store
