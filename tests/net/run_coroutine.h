// Test helper for net/ tests: runs one coroutine on an io_context to
// completion, rethrowing anything it throws, and fails the test when it
// did not finish (it waited on something that never came).
#pragma once

#include <catch2/catch.hpp>
#include <exception>
#include <functional>

#include "libsync/net/asio.h"

namespace mutual::net::testing {

inline void RunToCompletion(asio::io_context& io, std::function<awaitable<void>()> body) {
  bool done = false;
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        co_await body();
        done = true;
      },
      [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
      });
  io.run();
  io.restart();
  REQUIRE(done);
}

}  // namespace mutual::net::testing
