#include "store/pg_pool.h"

#include "store/repository.h"

namespace notaria::store::pg {

using Clock = std::chrono::steady_clock;

ConnectionPool::ConnectionPool(std::string url, PoolOptions options)
    : url_(std::move(url)), options_(options) {
  auto conn = Connection::Open(url_, options_.connect_timeout);
  std::lock_guard lock(mu_);
  ++open_;
  idle_.push_back({std::move(conn), Clock::now()});
}

ConnectionPool::Lease::~Lease() {
  if (conn_) pool_->Release(std::move(conn_));
}

ConnectionPool::Lease ConnectionPool::Acquire() {
  const Clock::time_point deadline = Clock::now() + options_.acquire_timeout;
  while (true) {
    std::unique_ptr<Connection> conn;
    bool ping = false;
    {
      std::unique_lock lock(mu_);
      cv_.wait_until(lock, deadline,
                     [&] { return !idle_.empty() || open_ < options_.size + options_.overflow; });
      if (!idle_.empty()) {
        Idle idle = std::move(idle_.back());
        idle_.pop_back();
        ping = Clock::now() - idle.since > options_.preping_after;
        conn = std::move(idle.conn);
      } else if (open_ < options_.size + options_.overflow) {
        ++open_;  // reserved: the connection is made outside the lock
      } else {
        throw StoreUnavailable("PostgreSQL: no free connection within " +
                               std::to_string(options_.acquire_timeout.count()) + " ms");
      }
    }
    if (conn) {
      if (!ping || conn->Ping()) return Lease(this, std::move(conn));
      conn.reset();  // dropped: the server restarted or the link broke while it was idle
      std::lock_guard lock(mu_);
      --open_;
      cv_.notify_one();
      continue;
    }
    try {
      return Lease(this, Connection::Open(url_, options_.connect_timeout));
    } catch (...) {
      std::lock_guard lock(mu_);
      --open_;
      cv_.notify_one();
      throw;
    }
  }
}

void ConnectionPool::Release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mu_);
  if (conn->broken() || static_cast<int>(idle_.size()) >= options_.size) {
    conn.reset();
    --open_;
  } else {
    idle_.push_back({std::move(conn), Clock::now()});
  }
  cv_.notify_one();
}

ConnectionPool::Stats ConnectionPool::stats() {
  std::lock_guard lock(mu_);
  return {open_, static_cast<int>(idle_.size())};
}

}  // namespace notaria::store::pg
