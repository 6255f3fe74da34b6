// nethttp::Socket (include/nethttp.hpp): a TCP echo server whose CONNECT lambda keeps the
// connection (moved out of the event) and a client, UDP datagrams both ways (the answer sent to
// the MESSAGE's remote with the typed send_to), a connection
// left in the event (destroyed after the listeners), a listener that throws (the socket is
// destroyed, the exception kept), errors as nethttp::error.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "common.h"
#include "nethttp.hpp"

namespace {

struct Box {
  std::mutex mu;
  std::condition_variable cv;
  std::string got;
  int connects = 0, closes = 0, errors = 0;
  template <class F>
  bool wait(F done, int ms = 5000) {
    std::unique_lock<std::mutex> g(mu);
    return cv.wait_for(g, std::chrono::milliseconds(ms), done);
  }
  void note(const std::function<void()> &f) {
    {
      std::lock_guard<std::mutex> g(mu);
      f();
    }
    cv.notify_all();
  }
};

void tcp_echo() {
  Box sb, cb;
  std::vector<nethttp::Socket> conns;  // touched on the worker only, until the end
  nethttp::Socket server(NETHTTP_SOCK_TCP_SERVER);
  server.on(NETHTTP_SOCK_EVENT_CONNECT, [&](nethttp::SockEvent &e) {
    nethttp::Socket c = std::move(*e.connection);
    nethttp_sock *raw = c.get();
    c.on(NETHTTP_SOCK_EVENT_MESSAGE, [raw](nethttp::SockEvent &m) {
      nethttp_sock_send(raw, reinterpret_cast<const uint8_t *>(m.data.data()), m.data.size(),
                        nullptr, nullptr);
    });
    conns.push_back(std::move(c));
    sb.note([&] { sb.connects++; });
  });
  server.listen("127.0.0.1");
  uint16_t port = server.local_address().port;
  CHECK(port != 0, "port");

  nethttp::Socket client(NETHTTP_SOCK_TCP);
  client.option(NETHTTP_SOCK_OPT_TCP_NO_DELAY, 1)
      .on(NETHTTP_SOCK_EVENT_CONNECT, [&](nethttp::SockEvent &) { cb.note([&] { cb.connects++; }); })
      .on(NETHTTP_SOCK_EVENT_MESSAGE,
          [&](nethttp::SockEvent &e) { cb.note([&] { cb.got.append(e.data); }); })
      .on(NETHTTP_SOCK_EVENT_CLOSE, [&](nethttp::SockEvent &) { cb.note([&] { cb.closes++; }); });
  client.connect("127.0.0.1", port, 5000);
  CHECK(cb.wait([&] { return cb.connects == 1; }), "connected");
  client.send("hello from C++");
  CHECK(cb.wait([&] { return cb.got == "hello from C++"; }), "echo: %s", cb.got.c_str());
  CHECK_INT_EQ(client.remote_address().port, port);
  CHECK(client.fd() >= 0, "fd");
  CHECK_INT_EQ(client.kind(), NETHTTP_SOCK_TCP);
  client.shutdown();
  // The kept connection sees the end and closes; the client then sees CLOSE.
  CHECK(cb.wait([&] { return cb.closes == 1; }), "closed");
  try {
    client.send("late");
    CHECK(0, "send after close did not throw");
  } catch (const nethttp::error &e) {
    CHECK_INT_EQ(e.code(), NETHTTP_ERR_SOCK_CLOSED);
  }
  server.destroy();
  conns.clear();
}

void udp_and_left_connection() {
  Box rb;
  nethttp::Socket rx(NETHTTP_SOCK_UDP);
  rx.on(NETHTTP_SOCK_EVENT_MESSAGE, [&](nethttp::SockEvent &e) {
    std::string from = e.remote ? e.remote->address : "";
    rb.note([&] { rb.got = std::string(e.data) + " from " + from; });
    if (e.remote) rx.send_to("echo " + std::string(e.data), *e.remote);  // typed: to the sender
  });
  rx.bind("127.0.0.1");
  Box tb;
  nethttp::Socket tx(NETHTTP_SOCK_UDP);
  tx.on(NETHTTP_SOCK_EVENT_MESSAGE, [&](nethttp::SockEvent &e) {
    tb.note([&] { tb.got = std::string(e.data); });
  });
  tx.send_to("datagram", "127.0.0.1", rx.local_address().port);
  CHECK(rb.wait([&] { return !rb.got.empty(); }), "datagram");
  CHECK(rb.got == "datagram from 127.0.0.1", "%s", rb.got.c_str());
  CHECK(tb.wait([&] { return !tb.got.empty(); }), "the echo");
  CHECK(tb.got == "echo datagram", "%s", tb.got.c_str());

  // A server whose CONNECT lambda does not keep the connection: it is destroyed.
  Box cb;
  nethttp::Socket server(NETHTTP_SOCK_TCP_SERVER);
  server.on(NETHTTP_SOCK_EVENT_CONNECT, [](nethttp::SockEvent &e) { CHECK(e.connection, "conn"); });
  server.listen("127.0.0.1");
  nethttp::Socket c(NETHTTP_SOCK_TCP);
  c.on(NETHTTP_SOCK_EVENT_CLOSE, [&](nethttp::SockEvent &) { cb.note([&] { cb.closes++; }); });
  c.connect("127.0.0.1", server.local_address().port, 5000);
  CHECK(cb.wait([&] { return cb.closes == 1; }), "the dropped connection closed ours");
}

void throwing_listener() {
  Box b;
  nethttp::Socket rx(NETHTTP_SOCK_UDP);
  rx.on(NETHTTP_SOCK_EVENT_MESSAGE, [&](nethttp::SockEvent &) {
    b.note([&] { b.errors++; });
    throw std::runtime_error("listener failed");
  });
  rx.on(NETHTTP_SOCK_EVENT_MESSAGE, [&](nethttp::SockEvent &) { b.note([&] { b.connects++; }); });
  rx.bind("127.0.0.1");
  uint16_t port = rx.local_address().port;
  nethttp::Socket tx(NETHTTP_SOCK_UDP);
  tx.send_to("one", "127.0.0.1", port);
  CHECK(b.wait([&] { return b.errors == 1; }), "thrown");
  sleep_ms(100);
  tx.send_to("two", "127.0.0.1", port);
  sleep_ms(200);
  CHECK_INT_EQ(b.errors, 1);    // destroyed: no second call
  CHECK_INT_EQ(b.connects, 0);  // nor the next listener
  CHECK(rx.get() == nullptr, "destroyed");
  CHECK(rx.callback_exception() != nullptr, "kept");
  try {
    rx.send_to("x", "127.0.0.1", 1);
    CHECK(0, "no throw");
  } catch (const nethttp::error &e) {
    CHECK_INT_EQ(e.code(), NETHTTP_ERR_PARAMETER);
  }
  try {
    nethttp::Socket bad(static_cast<nethttp_sock_kind>(99));
    CHECK(0, "no throw");
  } catch (const nethttp::error &e) {
    CHECK_INT_EQ(e.code(), NETHTTP_ERR_PARAMETER);
  }
  try {
    nethttp::Socket t(NETHTTP_SOCK_TCP);
    t.options("{\"broadcast\":true}");
    CHECK(0, "no throw");
  } catch (const nethttp::error &e) {
    CHECK(std::string(e.what()).find("broadcast") != std::string::npos, "%s", e.what());
  }
}

}  // namespace

int main() {
  tcp_echo();
  udp_and_left_connection();
  throwing_listener();
  return test_finish();
}
