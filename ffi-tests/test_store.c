/* Persistent state (nethttp_store_*): the cookie jar (redirect hops, public-suffix rules,
 * HttpOnly, save/reload, clear, a corrupt file kept aside), the HSTS cache (http:// upgraded
 * for the URL and for a redirect hop, never learnt without certificate verification,
 * max-age=0, reload) and the Alt-Svc cache (the alternative used, an unreachable one
 * forgotten with the request going to the origin, `clear`, reload), against the suite's
 * nginx (locations.conf.in: the cookies, hsts, scheme and altsvc locations). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

static const char *http_base, *https_base, *mtls_base, *ca, *tmp, *certs;
static char port_http[16];

typedef struct {
  int32_t rc;
  uint32_t code;
  char body[512];
  char url[512];
} got;

/* One blocking GET of base+path with the given options JSON (NULL: none). */
static got get(const char *base, const char *path, const char *json) {
  got g = {0};
  struct http_options *o = NULL;
  if (json && http_options_from_json(json, &o) != 0) {
    g.rc = -1;
    snprintf(g.body, sizeof g.body, "options: %s", http_last_error_detail());
    return g;
  }
  char *url = url_join(base, path);
  struct http_handle *h = http_create();
  struct http_response *r = NULL;
  g.rc = http_request_sync(h, url, o, &r);
  if (g.rc == 0) {
    size_t len = 0;
    const uint8_t *b = http_response_result(r, &len);
    if (len >= sizeof g.body) len = sizeof g.body - 1;
    if (b) memcpy(g.body, b, len);
    g.code = http_response_code(r);
    const char *u = http_response_effective_url(r);
    snprintf(g.url, sizeof g.url, "%s", u ? u : "");
    http_response_free(r);
  } else {
    snprintf(g.body, sizeof g.body, "error: %s", http_last_error_detail());
  }
  http_destroy(h);
  http_options_free(o);
  free(url);
  return g;
}

static uint64_t count(int store) {
  uint64_t n = 12345;
  int32_t rc = nethttp_store_count(store, &n);
  CHECK(rc == 0, "count(%d): %d %s", store, (int)rc, http_last_error_detail());
  return n;
}

static char *path_in_tmp(const char *name) {
  size_t n = strlen(tmp) + strlen(name) + 2;
  char *p = malloc(n);
  snprintf(p, n, "%s/%s", tmp, name);
  return p;
}

static char *read_all(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = calloc(1, 65536);
  size_t n = fread(buf, 1, 65535, f);
  buf[n] = 0;
  fclose(f);
  return buf;
}

static void write_all(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  if (CHECK(f != NULL, "cannot write %s", path)) {
    fputs(text, f);
    fclose(f);
  }
}

static int warnings;
static void on_debug(void *ud, int32_t kind, const char *text, size_t len) {
  (void)ud;
  (void)kind;
  if (len > 0 && strstr(text, "unreadable line") != NULL) warnings++;
}

static void cookies(void) {
  char *jar = path_in_tmp("jar.txt");
  CHECK_INT_EQ(nethttp_store_open(NETHTTP_STORE_COOKIES, jar), 0);
  CHECK_INT_EQ(count(NETHTTP_STORE_COOKIES), 0);

  got g = get(http_base, "/cookies/set", NULL);
  CHECK(g.rc == 0 && g.code == 200, "set: %d %s", (int)g.rc, g.body);
  CHECK_INT_EQ(count(NETHTTP_STORE_COOKIES), 2);
  g = get(http_base, "/cookies/echo", NULL);
  CHECK(strstr(g.body, "session=abc123") && strstr(g.body, "theme=dark"), "echo: %s", g.body);

  /* A cookie set by a redirect step is sent on the next step. */
  g = get(http_base, "/cookies/set-redirect", NULL);
  CHECK(g.rc == 0 && strstr(g.body, "login=1") != NULL, "set on a redirect step: %s", g.body);

  /* Public suffixes: co.uk refused, example.co.uk kept for its subdomains, the host's own. */
  const char *here[] = {"127.0.0.1"};
  CHECK_INT_EQ(nethttp_net_add_custom_dns_rule("a.example.co.uk", here, 1), 0);
  CHECK_INT_EQ(nethttp_net_add_custom_dns_rule("b.example.co.uk", here, 1), 0);
  CHECK_INT_EQ(nethttp_net_add_custom_dns_rule("other.co.uk", here, 1), 0);
  char a[64], b[64], other[64];
  snprintf(a, sizeof a, "http://a.example.co.uk:%s", port_http);
  snprintf(b, sizeof b, "http://b.example.co.uk:%s", port_http);
  snprintf(other, sizeof other, "http://other.co.uk:%s", port_http);
  g = get(a, "/cookies/psl", NULL);
  CHECK(g.rc == 0 && g.code == 200, "psl: %d %s", (int)g.rc, g.body);
  g = get(a, "/cookies/echo", NULL);
  CHECK(strstr(g.body, "site=1") && strstr(g.body, "host=1") && !strstr(g.body, "wide=1"),
        "a.example.co.uk sends: %s", g.body);
  g = get(b, "/cookies/echo", NULL);
  CHECK(strstr(g.body, "site=1") && !strstr(g.body, "host=1") && !strstr(g.body, "wide=1"),
        "b.example.co.uk sends: %s", g.body);
  g = get(other, "/cookies/echo", NULL);
  CHECK(!strstr(g.body, "site=1") && !strstr(g.body, "wide=1") && !strstr(g.body, "host=1"),
        "other.co.uk sends: %s", g.body);
  CHECK_INT_EQ(nethttp_net_clear_custom_dns_rules(), 0);
  uint64_t before = count(NETHTTP_STORE_COOKIES);
  CHECK_INT_EQ(before, 5); /* session, theme, login, site, host */


  /* Every cookie as JSON, SameSite kept from the Set-Cookie header. */
  g = get(http_base, "/cookies/samesite", NULL);
  CHECK(g.rc == 0 && g.code == 200, "samesite: %d", (int)g.rc);
  char *json = NULL;
  CHECK_INT_EQ(nethttp_store_cookies_json(&json), 0);
  CHECK(json && strstr(json, "{\"name\":\"strict\",\"value\":\"1\",\"domain\":\"127.0.0.1\",\"hostOnly\":true,"
                            "\"path\":\"/\",\"secure\":false,\"httpOnly\":false,\"expires\":0,\"sameSite\":\"Strict\"}") &&
            strstr(json, "\"name\":\"lax\"") && strstr(json, "\"httpOnly\":true,\"expires\":0,\"sameSite\":\"Lax\"}") &&
            strstr(json, "\"name\":\"site\",\"value\":\"1\",\"domain\":\"example.co.uk\",\"hostOnly\":false"),
        "cookies json: %s", json ? json : "(null)");
  http_string_free(json);
  before = count(NETHTTP_STORE_COOKIES);
  CHECK_INT_EQ(before, 7);

  /* Saved on close: the Netscape file, HttpOnly marked; reloaded on open. */
  CHECK_INT_EQ(nethttp_store_close(NETHTTP_STORE_COOKIES), 0);
  char *text = read_all(jar);
  CHECK(text && strstr(text, "#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tabc123") &&
            strstr(text, "\ttheme\tdark") && !strstr(text, "wide") &&
            strstr(text, "\n#nethttp-samesite\t127.0.0.1\t/\tstrict\tStrict\n"),
        "jar file:\n%s", text ? text : "(missing)");
  free(text);
  /* Closed: requests neither send nor store cookies. */
  g = get(http_base, "/cookies/set", NULL);
  g = get(http_base, "/cookies/echo", NULL);
  CHECK_STR_EQ(g.body, "cookie=\n");
  CHECK_INT_EQ(nethttp_store_count(NETHTTP_STORE_COOKIES, &before), 401);

  CHECK_INT_EQ(nethttp_store_open(NETHTTP_STORE_COOKIES, jar), 0);
  CHECK_INT_EQ(count(NETHTTP_STORE_COOKIES), 7);
  g = get(http_base, "/cookies/echo", NULL);
  CHECK(strstr(g.body, "session=abc123") && strstr(g.body, "login=1"), "reloaded: %s", g.body);
  json = NULL;
  CHECK_INT_EQ(nethttp_store_cookies_json(&json), 0);
  CHECK(json && strstr(json, "\"name\":\"strict\"") && strstr(json, "\"sameSite\":\"Strict\"}"),
        "SameSite reloaded: %s", json ? json : "(null)");
  http_string_free(json);

  /* Clear: nothing sent, the file emptied. */
  CHECK_INT_EQ(nethttp_store_clear(NETHTTP_STORE_COOKIES), 0);
  CHECK_INT_EQ(count(NETHTTP_STORE_COOKIES), 0);
  g = get(http_base, "/cookies/echo", NULL);
  CHECK_STR_EQ(g.body, "cookie=\n");
  text = read_all(jar);
  CHECK(text && !strstr(text, "session"), "cleared file:\n%s", text ? text : "(missing)");
  free(text);
  CHECK_INT_EQ(nethttp_store_close(NETHTTP_STORE_COOKIES), 0);

  /* A corrupt file: the good line loaded, a warning, the file kept aside before saving. */
  const char *corrupt =
      "# Netscape HTTP Cookie File\n"
      "127.0.0.1\tFALSE\t/\tFALSE\t0\tkept\tyes\n"
      "\x01\x02 binary junk\n"
      "127.0.0.1\tFALSE\t/\tFALSE\tnot-a-number\tbad\tline\n";
  write_all(jar, corrupt);
  warnings = 0;
  CHECK_INT_EQ(nethttp_set_debug(on_debug, NULL), 0);
  CHECK_INT_EQ(nethttp_store_open(NETHTTP_STORE_COOKIES, jar), 0);
  CHECK_INT_EQ(nethttp_set_debug(NULL, NULL), 0);
  CHECK_INT_EQ(warnings, 1);
  CHECK_INT_EQ(count(NETHTTP_STORE_COOKIES), 1);
  g = get(http_base, "/cookies/echo", NULL);
  CHECK_STR_EQ(g.body, "cookie=kept=yes\n");
  CHECK_INT_EQ(nethttp_store_save(NETHTTP_STORE_COOKIES), 0);
  char *aside = path_in_tmp("jar.txt.corrupt");
  text = read_all(aside);
  CHECK(text && strcmp(text, corrupt) == 0, "the corrupt file kept aside: %s", text ? text : "(missing)");
  free(text);
  text = read_all(jar);
  CHECK(text && strstr(text, "\tkept\tyes") && !strstr(text, "junk"), "saved:\n%s", text ? text : "");
  free(text);
  CHECK_INT_EQ(nethttp_store_close(NETHTTP_STORE_COOKIES), 0);

  /* In memory only (NULL path): works, nothing written. */
  CHECK_INT_EQ(nethttp_store_open(NETHTTP_STORE_COOKIES, NULL), 0);
  g = get(http_base, "/cookies/set", NULL);
  CHECK_INT_EQ(count(NETHTTP_STORE_COOKIES), 2);
  CHECK_INT_EQ(nethttp_store_close(NETHTTP_STORE_COOKIES), 0);
  free(aside);
  free(jar);
}

static void hsts(void) {
  char *file = path_in_tmp("hsts.txt");
  char opts[1024];
  snprintf(opts, sizeof opts, "{\"caPath\":\"%s\"}", ca);
  char skip[] = "{\"remoteValidation\":\"skip\"}";
  /* http:// to the TLS port, and a redirect to it: nginx refuses plain HTTP there. */
  char plain[64];
  snprintf(plain, sizeof plain, "http://%s", https_base + strlen("https://"));

  CHECK_INT_EQ(nethttp_store_open(NETHTTP_STORE_HSTS, file), 0);
  got g = get(plain, "/scheme", opts);
  CHECK(g.rc == 0 && g.code == 400, "before HSTS: %d %u", (int)g.rc, g.code);

  /* Not learnt without certificate verification. */
  g = get(https_base, "/hsts/set", skip);
  CHECK(g.rc == 0 && g.code == 200, "hsts/set (skip): %d %s", (int)g.rc, g.body);
  CHECK_INT_EQ(count(NETHTTP_STORE_HSTS), 0);

  g = get(https_base, "/hsts/set", opts);
  CHECK(g.rc == 0 && g.code == 200, "hsts/set: %d %s", (int)g.rc, g.body);
  CHECK_INT_EQ(count(NETHTTP_STORE_HSTS), 1);
  g = get(plain, "/scheme", opts);
  CHECK(g.rc == 0 && g.code == 200 && strcmp(g.body, "https\n") == 0 &&
            strncmp(g.url, "https://", 8) == 0,
        "upgraded: %d %u %s %s", (int)g.rc, g.code, g.body, g.url);
  /* A redirect hop to http:// is upgraded too. */
  g = get(http_base, "/redirect-hsts", opts);
  CHECK(g.rc == 0 && g.code == 200 && strcmp(g.body, "https\n") == 0, "redirect hop: %d %u %s",
        (int)g.rc, g.code, g.body);

  /* Saved and reloaded. */
  CHECK_INT_EQ(nethttp_store_close(NETHTTP_STORE_HSTS), 0);
  char *text = read_all(file);
  CHECK(text && strstr(text, "\nlocalhost \"") != NULL, "hsts file:\n%s", text ? text : "(missing)");
  free(text);
  g = get(plain, "/scheme", opts);
  CHECK(g.rc == 0 && g.code == 400, "closed: %d %u", (int)g.rc, g.code);
  CHECK_INT_EQ(nethttp_store_open(NETHTTP_STORE_HSTS, file), 0);
  CHECK_INT_EQ(count(NETHTTP_STORE_HSTS), 1);
  g = get(plain, "/scheme", opts);
  CHECK(g.rc == 0 && g.code == 200 && strcmp(g.body, "https\n") == 0, "reloaded: %d %u %s",
        (int)g.rc, g.code, g.body);

  /* max-age=0 removes the host. */
  g = get(https_base, "/hsts/clear", opts);
  CHECK(g.rc == 0 && g.code == 200, "hsts/clear: %d", (int)g.rc);
  CHECK_INT_EQ(count(NETHTTP_STORE_HSTS), 0);
  g = get(plain, "/scheme", opts);
  CHECK(g.rc == 0 && g.code == 400, "after max-age=0: %d %u", (int)g.rc, g.code);

  /* nethttp_store_clear. */
  g = get(https_base, "/hsts/set", opts);
  CHECK_INT_EQ(count(NETHTTP_STORE_HSTS), 1);
  CHECK_INT_EQ(nethttp_store_clear(NETHTTP_STORE_HSTS), 0);
  CHECK_INT_EQ(count(NETHTTP_STORE_HSTS), 0);
  g = get(plain, "/scheme", opts);
  CHECK(g.rc == 0 && g.code == 400, "after clear: %d %u", (int)g.rc, g.code);
  CHECK_INT_EQ(nethttp_store_close(NETHTTP_STORE_HSTS), 0);

  /* A corrupt file. */
  write_all(file, "localhost \"20991231 23:59:59\"\ngarbage\n.x.test \"2099\"\n");
  CHECK_INT_EQ(nethttp_store_open(NETHTTP_STORE_HSTS, file), 0);
  CHECK_INT_EQ(count(NETHTTP_STORE_HSTS), 1);
  CHECK_INT_EQ(nethttp_store_close(NETHTTP_STORE_HSTS), 0);
  char *aside = path_in_tmp("hsts.txt.corrupt");
  CHECK(access(aside, F_OK) == 0, "hsts.txt.corrupt kept");
  free(aside);
  free(file);
}

static void altsvc(void) {
  char *file = path_in_tmp("altsvc.txt");
  char opts[2048];
  snprintf(opts, sizeof opts,
           "{\"caPath\":\"%s\",\"clientCert\":{\"certPath\":\"%s/client.pem\",\"keyPath\":\"%s/client.key\"}}",
           ca, certs, certs);
  CHECK_INT_EQ(nethttp_store_open(NETHTTP_STORE_ALTSVC, file), 0);
  got g = get(https_base, "/altsvc/which", opts);
  CHECK_STR_EQ(g.body, "origin\n");
  g = get(https_base, "/altsvc/set", opts);
  CHECK(g.rc == 0 && g.code == 200, "altsvc/set: %d %s", (int)g.rc, g.body);
  CHECK_INT_EQ(count(NETHTTP_STORE_ALTSVC), 1);
  /* The alternative (port P5, the mTLS server) answers; the URL stays the origin's. */
  g = get(https_base, "/altsvc/which", opts);
  CHECK(g.rc == 0 && strncmp(g.body, "client-verify=SUCCESS", 21) == 0, "via the alternative: %d %s",
        (int)g.rc, g.body);
  char *which = url_join(https_base, "/altsvc/which");
  CHECK_STR_EQ(g.url, which);
  free(which);

  /* Saved and reloaded. */
  CHECK_INT_EQ(nethttp_store_close(NETHTTP_STORE_ALTSVC), 0);
  char *text = read_all(file);
  CHECK(text && strstr(text, "h1 localhost ") && strstr(text, " h2 localhost "), "alt-svc file:\n%s",
        text ? text : "(missing)");
  free(text);
  g = get(https_base, "/altsvc/which", opts);
  CHECK_STR_EQ(g.body, "origin\n");
  CHECK_INT_EQ(nethttp_store_open(NETHTTP_STORE_ALTSVC, file), 0);
  CHECK_INT_EQ(count(NETHTTP_STORE_ALTSVC), 1);
  g = get(https_base, "/altsvc/which", opts);
  CHECK(strncmp(g.body, "client-verify=SUCCESS", 21) == 0, "reloaded: %s", g.body);

  /* `clear` from the origin: the origin again (the mTLS server has no /altsvc/clear: ask
   * it of the origin with the store pointing elsewhere first). */
  CHECK_INT_EQ(nethttp_store_clear(NETHTTP_STORE_ALTSVC), 0);
  CHECK_INT_EQ(count(NETHTTP_STORE_ALTSVC), 0);
  g = get(https_base, "/altsvc/set", opts);
  CHECK_INT_EQ(count(NETHTTP_STORE_ALTSVC), 1);
  CHECK_INT_EQ(nethttp_store_clear(NETHTTP_STORE_ALTSVC), 0);

  /* An alternative nothing listens on: forgotten, the request answered by the origin. */
  g = get(https_base, "/altsvc/dead", opts);
  CHECK_INT_EQ(count(NETHTTP_STORE_ALTSVC), 1);
  g = get(https_base, "/altsvc/which", opts);
  CHECK(g.rc == 0 && strcmp(g.body, "origin\n") == 0, "fallback: %d %s", (int)g.rc, g.body);
  CHECK_INT_EQ(count(NETHTTP_STORE_ALTSVC), 0);

  /* Alt-Svc: clear. */
  g = get(https_base, "/altsvc/dead", opts);
  CHECK_INT_EQ(count(NETHTTP_STORE_ALTSVC), 1);
  g = get(https_base, "/altsvc/clear", opts);
  CHECK_INT_EQ(count(NETHTTP_STORE_ALTSVC), 0);
  CHECK_INT_EQ(nethttp_store_close(NETHTTP_STORE_ALTSVC), 0);
  free(file);
}

static void bad_input(void) {
  uint64_t n;
  CHECK_INT_EQ(nethttp_store_open(0, NULL), 401);
  CHECK_INT_EQ(nethttp_store_open(3, NULL), 401);
  CHECK_INT_EQ(nethttp_store_open(8, NULL), 401);
  CHECK_INT_EQ(nethttp_store_open(NETHTTP_STORE_COOKIES, ""), 401);
  CHECK_INT_EQ(nethttp_store_open(NETHTTP_STORE_COOKIES, "/no/such/dir/jar.txt"), 2300037);
  CHECK_INT_EQ(nethttp_store_open(NETHTTP_STORE_HSTS, tmp), 2300037); /* a directory */
  CHECK_INT_EQ(nethttp_store_save(0), 401);
  CHECK_INT_EQ(nethttp_store_save(16), 401);
  CHECK_INT_EQ(nethttp_store_clear(-1), 401);
  CHECK_INT_EQ(nethttp_store_close(NETHTTP_STORE_COOKIES | NETHTTP_STORE_HSTS | NETHTTP_STORE_ALTSVC), 0);
  CHECK_INT_EQ(nethttp_store_count(NETHTTP_STORE_COOKIES, NULL), 401);
  char *j = NULL;
  CHECK_INT_EQ(nethttp_store_cookies_json(&j), 401);
  CHECK_INT_EQ(nethttp_store_cookies_json(NULL), 401);
  CHECK_INT_EQ(nethttp_store_count(NETHTTP_STORE_HSTS, &n), 401);
  CHECK(strstr(http_last_error_detail(), "not open") != NULL, "detail: %s", http_last_error_detail());
}

int main(void) {
  http_base = env_or_die("NETHTTP_TEST_HTTP");
  https_base = env_or_die("NETHTTP_TEST_HTTPS");
  mtls_base = env_or_die("NETHTTP_TEST_HTTPS_MTLS");
  ca = env_or_die("NETHTTP_TEST_CA");
  certs = env_or_die("NETHTTP_TEST_CERTS");
  tmp = env_or_die("NETHTTP_TEST_TMP");
  const char *colon = strrchr(http_base, ':');
  snprintf(port_http, sizeof port_http, "%s", colon ? colon + 1 : "");
  (void)mtls_base;

  bad_input();
  cookies();
  hsts();
  altsvc();
  return test_finish();
}
