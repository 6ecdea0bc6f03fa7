// A pool of PostgreSQL connections shared by the threads of one process.
//
// `size` connections are kept open once made; under load up to `overflow` more are opened,
// and closed again when returned, so that a burst does not hold server slots for good. A
// borrower waits at most `acquire_timeout` for a connection, then gets StoreUnavailable. A
// connection idle for longer than `preping_after` is pinged before it is handed out (a
// server restart or a dropped link is found then, not in the middle of an operation), and
// broken connections are dropped on return. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/pg_connection.h"

namespace notaria::store::pg {

struct PoolOptions {
  int size = 20;
  int overflow = 30;
  std::chrono::milliseconds acquire_timeout{10000};
  std::chrono::seconds connect_timeout{5};
  std::chrono::milliseconds preping_after{1000};
};

class ConnectionPool {
 public:
  // Connects once, so that a wrong URL fails here (StoreUnavailable), not at first use.
  ConnectionPool(std::string url, PoolOptions options);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

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

  struct Stats {
    int open = 0;  // idle + borrowed
    int idle = 0;
  };
  Stats stats();

 private:
  struct Idle {
    std::unique_ptr<Connection> conn;
    std::chrono::steady_clock::time_point since;
  };
  void Release(std::unique_ptr<Connection> conn);

  const std::string url_;
  PoolOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Idle> idle_;
  int open_ = 0;
};

}  // namespace notaria::store::pg
