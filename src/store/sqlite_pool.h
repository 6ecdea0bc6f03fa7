// A small, mutex-guarded pool of SQLite connections on one database file.
//
// SQLite connections must not be used by two threads at once; the HTTP server's threads and
// the workers each borrow one for the duration of an operation and give it back. Connections
// are opened lazily up to `max_connections`; a borrower waits for a free one at most the busy
// timeout, then gets StoreUnavailable. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite_connection.h"

namespace notaria::store::sqlite {

struct PoolOptions {
  // How long a writer waits for SQLite's lock (and a borrower for a free connection).
  std::chrono::milliseconds busy_timeout{5000};
  int max_connections = 8;
};

class ConnectionPool {
 public:
  // Opens one connection immediately so that a bad path fails here, not at first use.
  ConnectionPool(std::string path, PoolOptions options);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // A borrowed connection, returned to the pool on destruction.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  Lease Acquire();
  const std::string& path() const { return path_; }

 private:
  void Release(std::unique_ptr<Connection> conn);

  const std::string path_;
  PoolOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;  // idle + borrowed
};

}  // namespace notaria::store::sqlite
