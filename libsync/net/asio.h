// The one place that includes Boost.Asio (STYLE.md): every user of Asio
// includes this header, so configuration lives here.
//
// Boost 1.81's Asio has C++20 coroutines (awaitable, co_spawn), the
// awaitable operators used for timeouts (`co_await (read() || timer())`)
// and as_tuple for error codes without exceptions.
#pragma once

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>

namespace mutual::net {

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using boost::system::error_code;
using UnixSocket = asio::local::stream_protocol::socket;
using UnixAcceptor = asio::local::stream_protocol::acceptor;
using UnixEndpoint = asio::local::stream_protocol::endpoint;

// `co_await asio::this_coro::executor`-based coroutine tokens that report
// errors as values instead of throwing.
inline constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

}  // namespace mutual::net
