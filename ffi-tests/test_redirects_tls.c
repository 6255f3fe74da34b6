/* Redirects (followed through 302/301/307 to the final response, only the final headers kept,
 * headersReceive once, a loop fails with 2300047, http -> https followed) and TLS basics
 * (caPath as a PEM file and as a hashed directory; without it, with an expired or a
 * self-signed certificate, or with the wrong CA: 2300060). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "nethttp.h"

static int32_t run(const char *base, const char *path, const struct http_options *o,
                   struct http_response **out) {
  char *url = url_join(base, path);
  int32_t rc = request_sync(url, o, out);
  free(url);
  return rc;
}

static struct http_options *opts_ca(const char *ca) {
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_ca_path(o, ca), 0);
  return o;
}

static atomic_int headers_events;
static char first_headers[4096];
static void on_headers(void *userdata, struct http_handle *h, const http_event *ev) {
  (void)userdata;
  (void)h;
  if (atomic_fetch_add(&headers_events, 1) == 0)
    snprintf(first_headers, sizeof first_headers, "%s", ev->headers_json ? ev->headers_json : "");
}

/* Copies the CA into dir/<subject hash>.0 (the c_rehash layout); false on failure. */
static bool make_hashed_dir(const char *ca, const char *dir) {
  char cmd[2048], hash[64] = "";
  snprintf(cmd, sizeof cmd, "openssl x509 -hash -noout -in '%s'", ca);
  FILE *p = popen(cmd, "r");
  if (p == NULL) return false;
  bool ok = fgets(hash, sizeof hash, p) != NULL;
  pclose(p);
  hash[strcspn(hash, "\r\n")] = '\0';
  if (!ok || hash[0] == '\0') return false;
  mkdir(dir, 0700);
  size_t len = 0;
  char *pem = read_file(ca, &len);
  if (pem == NULL) return false;
  char path[2048];
  snprintf(path, sizeof path, "%s/%s.0", dir, hash);
  FILE *f = fopen(path, "wb");
  ok = f != NULL && fwrite(pem, 1, len, f) == len;
  if (f) fclose(f);
  free(pem);
  return ok;
}

int main(void) {
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *https = env_or_die("NETHTTP_TEST_HTTPS");
  const char *expired = env_or_die("NETHTTP_TEST_HTTPS_EXPIRED");
  const char *selfsigned = env_or_die("NETHTTP_TEST_HTTPS_SELFSIGNED");
  const char *ca = env_or_die("NETHTTP_TEST_CA");
  const char *tmp = env_or_die("NETHTTP_TEST_TMP");
  struct http_response *r = NULL;

  /* ---- redirects ---- */
  {
    struct http_handle *h = http_create();
    char *url = url_join(http, "/redirect/3");
    atomic_store(&headers_events, 0);
    CHECK_INT_EQ(http_on(h, HTTP_EVENT_HEADERS_RECEIVE, on_headers, NULL), 0);
    int32_t rc = http_request_sync(h, url, NULL, &r);
    if (CHECK(rc == 0, "%s: %d", url, (int)rc)) {
      CHECK_INT_EQ(http_response_code(r), 200);
      CHECK_STR_EQ((const char *)http_response_result(r, NULL), "end of redirect chain\n");
      const char *hj = http_response_header_json(r, NULL);
      CHECK(hj != NULL && strstr(hj, "\"location\"") == NULL, "headers of a redirect step kept: %s",
            hj ? hj : "(null)");
      CHECK(http_response_header(r, "location") == NULL, "location header of a redirect step kept");
      const char *sl = http_response_header(r, "status-line");
      CHECK(sl == NULL || strstr(sl, "200") != NULL, "status-line of a redirect step: %s", sl);
      char *final_url = url_join(http, "/redirect/0");
      CHECK_STR_EQ(http_response_effective_url(r), final_url);
      free(final_url);
      http_response_free(r);
    }
    CHECK_INT_EQ(atomic_load(&headers_events), 1);
    CHECK(strstr(first_headers, "\"location\"") == NULL, "headersReceive carried a redirect's headers: %s",
          first_headers);
    http_destroy(h);
    free(url);

    r = NULL;
    CHECK_INT_EQ(run(http, "/redirect/loop", NULL, &r), NETHTTP_ERR_TOO_MANY_REDIRECTS);
    CHECK(r == NULL, "*out written on failure");

    /* http -> https, different port and scheme, followed */
    struct http_options *o = opts_ca(ca);
    r = NULL;
    if (CHECK(run(http, "/redirect-to-https", o, &r) == 0, "redirect to https")) {
      size_t len = 0;
      http_response_result(r, &len);
      CHECK_INT_EQ(http_response_code(r), 200);
      CHECK_INT_EQ(len, 100);
      const char *u = http_response_effective_url(r);
      CHECK(u != NULL && strncmp(u, "https://", 8) == 0, "effective url %s", u ? u : "(null)");
      http_response_free(r);
    }
    http_options_free(o);
  }

  /* ---- TLS ---- */
  {
    struct http_options *good = opts_ca(ca);
    r = NULL;
    if (CHECK(run(https, "/100.bin", good, &r) == 0, "HTTPS with caPath")) {
      size_t len = 0;
      http_response_result(r, &len);
      CHECK_INT_EQ(http_response_code(r), 200);
      CHECK_INT_EQ(len, 100);
      http_response_free(r);
    }
    /* no caPath: the system store does not know the test CA */
    r = NULL;
    CHECK_INT_EQ(run(https, "/100.bin", NULL, &r), NETHTTP_ERR_SSL_PEER_CERTIFICATE);
    CHECK(r == NULL, "*out written on failure");
    /* expired / self-signed, even with the CA */
    CHECK_INT_EQ(run(expired, "/100.bin", good, &r), NETHTTP_ERR_SSL_PEER_CERTIFICATE);
    CHECK_INT_EQ(run(selfsigned, "/100.bin", good, &r), NETHTTP_ERR_SSL_PEER_CERTIFICATE);
    CHECK_INT_EQ(run(selfsigned, "/100.bin", NULL, &r), NETHTTP_ERR_SSL_PEER_CERTIFICATE);
    CHECK(r == NULL, "*out written on failure");
    http_options_free(good);

    /* caPath as a hashed directory */
    char *dir = url_join(tmp, "cadir");
    if (CHECK(make_hashed_dir(ca, dir), "cannot build the hashed CA directory %s", dir)) {
      struct http_options *o = opts_ca(dir);
      r = NULL;
      if (CHECK(run(https, "/100.bin", o, &r) == 0, "HTTPS with a caPath directory")) {
        CHECK_INT_EQ(http_response_code(r), 200);
        http_response_free(r);
      }
      http_options_free(o);
    }
    /* a directory without the CA: refused */
    char *empty = url_join(tmp, "emptycadir");
    mkdir(empty, 0700);
    struct http_options *o = opts_ca(empty);
    r = NULL;
    CHECK_INT_EQ(run(https, "/100.bin", o, &r), NETHTTP_ERR_SSL_PEER_CERTIFICATE);
    http_options_free(o);
    /* a caPath that does not exist: an error, never a success */
    char *missing = url_join(tmp, "no-such-ca.pem");
    o = opts_ca(missing);
    r = NULL;
    int32_t rc = run(https, "/100.bin", o, &r);
    CHECK(rc != 0 && r == NULL, "a missing caPath file succeeded");
    http_options_free(o);
    free(missing);
    free(empty);
    free(dir);
  }

  return test_finish();
}
