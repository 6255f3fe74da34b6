/* nethttp::WebSocket and nethttp::WsOptions (include/nethttp.hpp) against the websockets echo
 * server (NETHTTP_TEST_WS): lambdas as listeners and results, text and binary echoes, the
 * close handshake, queued delivery on this thread, errors thrown as nethttp::error, result
 * lambdas freed when the socket is destroyed first, and a throwing lambda that ends its
 * connection without reaching the C library. Compiled with -Wall -Wextra -Werror. */
#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "common.h"
#include "nethttp.hpp"

namespace {

constexpr auto WAIT = std::chrono::seconds(10);
std::string ws_url;

void echo_and_close() {
  nethttp::WebSocket ws;
  std::mutex mu;
  std::vector<std::string> log;
  std::promise<void> closed;
  auto add = [&](std::string s) {
    std::lock_guard<std::mutex> g(mu);
    log.push_back(std::move(s));
  };
  ws.on(NETHTTP_WS_EVENT_OPEN, [&](const nethttp::WsEvent &e) { add("open " + std::to_string(e.status)); })
      .on(NETHTTP_WS_EVENT_MESSAGE,
          [&](const nethttp::WsEvent &e) {
            bool nul_inside = e.data == std::string_view("a\0b", 3);
            add(e.text ? "text " + std::string(e.data)
                       : "binary " + std::to_string(e.data.size()) + (nul_inside ? " a-nul-b" : ""));
          })
      .on(NETHTTP_WS_EVENT_CLOSE, [&](const nethttp::WsEvent &e) {
        add("close " + std::to_string(e.close_code) + " " + std::string(e.close_reason));
        closed.set_value();
      });
  std::promise<int32_t> connected;
  ws.connect(ws_url, nethttp::WsOptions().header("X-Cpp", "1").ping(10, 5),
             [&](int32_t code, std::string_view) { connected.set_value(code); });
  auto c = connected.get_future();
  CHECK(c.wait_for(WAIT) == std::future_status::ready, "connected");
  CHECK_INT_EQ(c.get(), 0);
  std::atomic<int> sent{0};
  ws.send_text("hello", [&](int32_t code, std::string_view) { sent += code == 0; });
  const char bin[] = {'a', '\0', 'b'};
  ws.send_binary(bin, sizeof bin, [&](int32_t code, std::string_view) { sent += code == 0; });
  for (int i = 0; i < 1000; i++) {
    {
      std::lock_guard<std::mutex> g(mu);
      if (log.size() >= 3) break;
    }
    sleep_ms(5);
  }
  ws.close(4100, "cpp bye");
  CHECK(closed.get_future().wait_for(WAIT) == std::future_status::ready, "closed");
  std::lock_guard<std::mutex> g(mu);
  std::string all;
  for (auto &s : log) all += s + ";";
  CHECK_STR_EQ(all.c_str(), "open 101;text hello;binary 3 a-nul-b;close 4100 cpp bye;");
  CHECK_INT_EQ(sent.load(), 2);
  CHECK_INT_EQ(ws.ready_state(), 4);
}

void errors() {
  nethttp::WebSocket ws;
  try {
    ws.connect("http://127.0.0.1/");
    CHECK(false, "no exception for an http:// URL");
  } catch (const nethttp::error &e) {
    CHECK_INT_EQ(e.code(), NETHTTP_ERR_WS_URL);
  }
  try {
    ws.send_text("x");
    CHECK(false, "no exception for a send before open");
  } catch (const nethttp::error &e) {
    CHECK_INT_EQ(e.code(), NETHTTP_ERR_WS_NOT_OPEN);
  }
  try {
    nethttp::WsOptions::from_json("{\"pingInterval\":true}");
    CHECK(false, "no exception for bad options");
  } catch (const nethttp::error &e) {
    CHECK_INT_EQ(e.code(), NETHTTP_ERR_PARAMETER);
  }
  try {
    nethttp::WsOptions().ping(5, 6);
    CHECK(false, "no exception for pongTimeout > pingInterval");
  } catch (const nethttp::error &e) {
    CHECK_INT_EQ(e.code(), NETHTTP_ERR_PARAMETER);
  }
}

/* Events on this thread through a queue; a listener that throws ends the connection, and the
 * exception comes back from callback_exception(). */
void queue_and_throw() {
  nethttp::Queue q;
  nethttp::WebSocket ws;
  ws.set_queue(q);
  std::atomic<int> after{0};
  bool opened = false;
  ws.on(NETHTTP_WS_EVENT_OPEN, [&](const nethttp::WsEvent &) { opened = true; })
      .on(NETHTTP_WS_EVENT_MESSAGE, [&](const nethttp::WsEvent &) { throw std::runtime_error("boom"); })
      .on(NETHTTP_WS_EVENT_CLOSE, [&](const nethttp::WsEvent &) { after++; });
  ws.connect(ws_url);
  uint64_t end = now_ms() + 10000;
  while (!opened && now_ms() < end) q.wait_and_dispatch(100);
  CHECK(opened, "opened (on this thread)");
  ws.send_text("trigger");
  end = now_ms() + 10000;
  while (!ws.callback_exception() && now_ms() < end) q.wait_and_dispatch(100);
  CHECK(ws.callback_exception() != nullptr, "the exception is kept");
  try {
    std::rethrow_exception(ws.callback_exception());
  } catch (const std::runtime_error &e) {
    CHECK_STR_EQ(e.what(), "boom");
  }
  CHECK(ws.get() == nullptr, "the connection ended");
  for (int i = 0; i < 10; i++) q.wait_and_dispatch(20);
  CHECK_INT_EQ(after.load(), 0);
}

/* Result lambdas that never run (destroyed first) are freed with the socket (ASan/valgrind
 * would report them otherwise), and a destroy inside a lambda is fine. */
void destroy_with_pending_results() {
  for (int i = 0; i < 20; i++) {
    auto ws = std::make_unique<nethttp::WebSocket>();
    std::promise<void> open;
    ws->once(NETHTTP_WS_EVENT_OPEN, [&](const nethttp::WsEvent &) { open.set_value(); });
    ws->connect(ws_url, [](int32_t, std::string_view) {});
    CHECK(open.get_future().wait_for(WAIT) == std::future_status::ready, "open");
    std::string big(256 * 1024, 'x');
    for (int k = 0; k < 8; k++) ws->send_text(big, [](int32_t, std::string_view) {});
    ws.reset();
  }
  nethttp::WebSocket ws;
  std::promise<void> done;
  ws.on(NETHTTP_WS_EVENT_MESSAGE, [&](const nethttp::WsEvent &) {
    ws.destroy();
    done.set_value();
  });
  ws.on(NETHTTP_WS_EVENT_OPEN, [&](const nethttp::WsEvent &) { ws.send_text("x"); });
  ws.connect(ws_url);
  CHECK(done.get_future().wait_for(WAIT) == std::future_status::ready, "destroyed inside");
  CHECK(ws.get() == nullptr, "gone");
}

}  // namespace

int main() {
  ws_url = env_or_die("NETHTTP_TEST_WS");
  echo_and_close();
  errors();
  queue_and_throw();
  destroy_with_pending_results();
  return test_finish();
}
