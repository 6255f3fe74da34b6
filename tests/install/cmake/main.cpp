// Uses an installed nethttp from C++ through nethttp.hpp (built by tests/install/cmake/CMakeLists.txt):
// an asynchronous POST with a listener and a completion lambda, then a blocking GET.
//
//   app_shared BASE_URL      (or app_static)
#include <nethttp.hpp>

#include <chrono>
#include <cstdio>
#include <future>
#include <string>

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s BASE_URL\n", argv[0]);
    return 2;
  }
  const std::string base = argv[1];
  try {
    std::promise<nethttp::Result> done;  // declared before the request: outlives its lambdas
    int headers = 0;
    nethttp::Request req;
    req.on(HTTP_EVENT_HEADERS_RECEIVE, [&](const nethttp::Event &) { headers++; });
    req.start(base + "/echo", nethttp::Options().method(HTTP_METHOD_POST).body("hello from CMake"),
              [&](nethttp::Result r) { done.set_value(std::move(r)); });
    auto f = done.get_future();
    if (f.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
      std::fprintf(stderr, "no completion\n");
      return 1;
    }
    nethttp::Result r = f.get();
    if (!r || r.response.body() != "hello from CMake" || headers != 1) {
      std::fprintf(stderr, "POST /echo: %d %s\n", r.code, r.message.c_str());
      return 1;
    }
    nethttp::Response got = nethttp::Request().fetch(base + "/data.json");
    std::printf("%u %.*s", got.code(), static_cast<int>(got.body().size()), got.body().data());
    return got.code() == 200 ? 0 : 1;
  } catch (const nethttp::error &e) {
    std::fprintf(stderr, "nethttp error %d: %s\n", e.code(), e.what());
    return 1;
  }
}
