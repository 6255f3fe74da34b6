/* A plain C program built with `cc app.c $(pkg-config --cflags --libs nethttp)` against an
 * installed nethttp (scripts/test-install.sh): one asynchronous GET of BASE_URL/data.json.
 *
 *   pkgconfig_app BASE_URL
 *
 * Exit status 0 when the library's version matches the header's and the response is a 200
 * with the served JSON. */
#include <nethttp.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  sem_t done;
  int ok;
} result;

static void on_done(void *userdata, http_handle *req, int32_t code, const char *message,
                    http_response *resp) {
  result *r = userdata;
  if (code == NETHTTP_OK) {
    size_t len = 0;
    const char *body = (const char *)http_response_result(resp, &len);
    printf("%u, %zu bytes: %.*s", http_response_code(resp), len, (int)len, body);
    r->ok = http_response_code(resp) == 200 && strstr(body, "\"name\":\"nethttp\"") != NULL;
    http_response_free(resp);
  } else {
    printf("error %d: %s (%s)\n", code, http_error_message(code), message);
  }
  http_destroy(req);
  sem_post(&r->done);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: pkgconfig_app BASE_URL\n");
    return 2;
  }
  uint32_t v = nethttp_version();
  uint32_t want = NETHTTP_VERSION_MAJOR << 16 | NETHTTP_VERSION_MINOR << 8 | NETHTTP_VERSION_PATCH;
  if (v != want) {
    fprintf(stderr, "library version %06x, header %06x\n", v, want);
    return 1;
  }
  char url[512];
  snprintf(url, sizeof url, "%s/data.json", argv[1]);
  result r = {.ok = 0};
  sem_init(&r.done, 0, 0);
  http_handle *req = http_create();
  if (http_request(req, url, NULL, on_done, &r) != NETHTTP_OK) {
    fprintf(stderr, "%s\n", http_last_error_detail());
    http_destroy(req);
    return 1;
  }
  sem_wait(&r.done);
  return r.ok ? 0 : 1;
}
