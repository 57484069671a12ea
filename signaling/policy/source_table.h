#pragma once
// A bounded table of per-source-address state with least-recently-used eviction: the
// rate limiter and the auth-failure tracker keep one entry per IP address they hear
// from, and a flood from many addresses must not grow them without limit. Evicting the
// oldest entry forgets a source that has been quiet longest, which errs on its side.
//
// Threading: one thread (the signalling loop).

#include <list>
#include <map>
#include <utility>

#include <asio/ip/address.hpp>

namespace softmcu::sip {

template <typename State>
class SourceTable {
 public:
  explicit SourceTable(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // The entry for `source`, created with `make()` if absent; marks it most recently used.
  template <typename Make>
  State& Touch(const asio::ip::address& source, Make make) {
    auto it = index_.find(source);
    if (it != index_.end()) {
      order_.splice(order_.begin(), order_, it->second);
      return it->second->second;
    }
    if (order_.size() >= capacity_) {
      index_.erase(order_.back().first);
      order_.pop_back();
      ++evictions_;
    }
    order_.emplace_front(source, make());
    index_.emplace(source, order_.begin());
    return order_.front().second;
  }
  State* Find(const asio::ip::address& source) {
    auto it = index_.find(source);
    return it == index_.end() ? nullptr : &it->second->second;
  }
  void Erase(const asio::ip::address& source) {
    auto it = index_.find(source);
    if (it == index_.end()) return;
    order_.erase(it->second);
    index_.erase(it);
  }
  size_t size() const { return order_.size(); }
  uint64_t evictions() const { return evictions_; }

 private:
  using Entry = std::pair<asio::ip::address, State>;
  const size_t capacity_;
  std::list<Entry> order_;  // most recent first
  std::map<asio::ip::address, typename std::list<Entry>::iterator> index_;
  uint64_t evictions_ = 0;
};

}  // namespace softmcu::sip
