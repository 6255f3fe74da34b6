/* TLS options through the C ABI against nginx's TLS cases: caPath (file and hashed
 * directory), caData, remoteValidation, the specific failure codes (expired, self-signed,
 * wrong host, incomplete chain, untrusted), clientCert (PEM, encrypted PEM, DER, P12, wrong
 * password), certificatePinning and tlsOptions (versions and cipher suites, read back from
 * the server's /tls). Each check fails if its option were dropped. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "nethttp.h"

static const char *certs;

static char *cert_file(const char *name) { return url_join(certs, name); }

static struct http_options *with_ca(void) {
  struct http_options *o = http_options_new();
  char *ca = cert_file("ca.pem");
  CHECK_INT_EQ(http_options_set_ca_path(o, ca), 0);
  free(ca);
  return o;
}

/* The base64 pin from a "sha256//<b64>\n" file. */
static char *read_pin(const char *name) {
  char *path = cert_file(name);
  char *text = read_file(path, NULL);
  free(path);
  if (!CHECK(text != NULL, "cannot read %s", name)) return strdup("");
  text[strcspn(text, "\r\n")] = '\0';
  char *pin = strdup(text + strlen("sha256//"));
  free(text);
  return pin;
}

static void test_trust(const char *https, const char *expired, const char *selfsigned,
                       const char *wronghost, const char *incomplete) {
  char *url = url_join(https, "/json");
  /* No caPath: the system store does not know the test CA */
  CHECK_INT_EQ(fetch_sync(url, NULL, NULL, NULL, NULL), 2300060);
  /* caPath file */
  struct http_options *o = with_ca();
  uint32_t st = 0;
  CHECK_INT_EQ(fetch_sync(url, o, &st, NULL, NULL), 0);
  CHECK_INT_EQ(st, 200);
  /* the specific failures, with the CA trusted */
  char *u;
  u = url_join(expired, "/json");
  CHECK_INT_EQ(fetch_sync(u, o, NULL, NULL, NULL), NETHTTP_ERR_SSL_PEER_CERTIFICATE);
  free(u);
  u = url_join(selfsigned, "/json");
  CHECK_INT_EQ(fetch_sync(u, o, NULL, NULL, NULL), NETHTTP_ERR_SSL_PEER_CERTIFICATE);
  free(u);
  u = url_join(wronghost, "/json");
  CHECK_INT_EQ(fetch_sync(u, o, NULL, NULL, NULL), NETHTTP_ERR_SSL_PEER_CERTIFICATE);
  free(u);
  u = url_join(incomplete, "/json");
  CHECK_INT_EQ(fetch_sync(u, o, NULL, NULL, NULL), NETHTTP_ERR_SSL_PEER_CERTIFICATE);
  /* ...which a CA file holding the intermediate too completes */
  {
    char *ca = cert_file("ca.pem"), *inter = cert_file("inter.pem");
    char *a = read_file(ca, NULL), *b = read_file(inter, NULL);
    size_t n = strlen(a) + strlen(b) + 2;
    char *both = malloc(n);
    snprintf(both, n, "%s\n%s", a, b);
    struct http_options *o2 = http_options_new();
    CHECK_INT_EQ(http_options_set_ca_data(o2, both), 0);
    CHECK_INT_EQ(fetch_sync(u, o2, &st, NULL, NULL), 0);
    http_options_free(o2);
    free(both);
    free(a);
    free(b);
    free(ca);
    free(inter);
  }
  free(u);
  /* a missing CA file */
  struct http_options *bad = http_options_new();
  CHECK_INT_EQ(http_options_set_ca_path(bad, "/nonexistent/ca.pem"), 0);
  CHECK_INT_EQ(fetch_sync(url, bad, NULL, NULL, NULL), 2300077);
  http_options_free(bad);

  /* remoteValidation "skip": accepted without any CA; "system" is verification again */
  {
    struct http_options *s = http_options_new();
    CHECK_INT_EQ(http_options_set_remote_validation(s, "skip"), 0);
    const char *bases[] = {https, expired, selfsigned, wronghost, incomplete};
    for (size_t i = 0; i < sizeof bases / sizeof *bases; i++) {
      char *x = url_join(bases[i], "/json");
      CHECK(fetch_sync(x, s, NULL, NULL, NULL) == 0, "skip on %s", x);
      free(x);
    }
    CHECK_INT_EQ(http_options_set_remote_validation(s, "system"), 0);
    CHECK_INT_EQ(fetch_sync(url, s, NULL, NULL, NULL), 2300060);
    CHECK_INT_EQ(http_options_set_remote_validation(s, "sometimes"), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_options_set_remote_validation(NULL, "skip"), NETHTTP_ERR_PARAMETER);
    http_options_free(s);
    struct http_options *j = NULL;
    CHECK_INT_EQ(http_options_from_json("{\"remoteValidation\":\"skip\"}", &j), 0);
    char *x = url_join(selfsigned, "/json");
    CHECK_INT_EQ(fetch_sync(x, j, NULL, NULL, NULL), 0);
    free(x);
    http_options_free(j);
  }

  /* caData: exactly the given CAs */
  {
    char *ca = cert_file("ca.pem"), *ss = cert_file("selfsigned.pem");
    char *ca_text = read_file(ca, NULL), *ss_text = read_file(ss, NULL);
    struct http_options *d = http_options_new();
    CHECK_INT_EQ(http_options_set_ca_data(d, ca_text), 0);
    CHECK_INT_EQ(fetch_sync(url, d, NULL, NULL, NULL), 0);
    CHECK_INT_EQ(http_options_set_ca_data(d, ss_text), 0); /* trusts only the self-signed one */
    CHECK_INT_EQ(fetch_sync(url, d, NULL, NULL, NULL), 2300060);
    char *x = url_join(selfsigned, "/json");
    CHECK_INT_EQ(fetch_sync(x, d, NULL, NULL, NULL), 0);
    free(x);
    CHECK_INT_EQ(http_options_set_ca_data(d, "not a certificate"), NETHTTP_ERR_PARAMETER);
    CHECK_INT_EQ(http_options_set_ca_data(d, NULL), NETHTTP_ERR_PARAMETER);
    http_options_free(d);
    /* caData through JSON (escape the newlines) */
    size_t n = strlen(ca_text);
    char *json = malloc(2 * n + 32), *p = json;
    p += sprintf(p, "{\"caData\":\"");
    for (size_t i = 0; i < n; i++) {
      if (ca_text[i] == '\n') {
        *p++ = '\\';
        *p++ = 'n';
      } else {
        *p++ = ca_text[i];
      }
    }
    strcpy(p, "\"}");
    struct http_options *j = NULL;
    CHECK_INT_EQ(http_options_from_json(json, &j), 0);
    CHECK_INT_EQ(fetch_sync(url, j, NULL, NULL, NULL), 0);
    http_options_free(j);
    free(json);
    free(ca_text);
    free(ss_text);
    free(ca);
    free(ss);
  }

  /* caPath directory (openssl rehash layout) */
  {
    const char *tmp = env_or_die("NETHTTP_TEST_TMP");
    char *dir = url_join(tmp, "cadir");
    mkdir(dir, 0700);
    char cmd[4096];
    char *ca = cert_file("ca.pem");
    snprintf(cmd, sizeof cmd, "cp '%s' '%s/ca.pem' && openssl rehash '%s'", ca, dir, dir);
    if (CHECK(system(cmd) == 0, "%s", cmd)) {
      struct http_options *d = http_options_new();
      CHECK_INT_EQ(http_options_set_ca_path(d, dir), 0);
      CHECK_INT_EQ(fetch_sync(url, d, NULL, NULL, NULL), 0);
      http_options_free(d);
    }
    char *empty = url_join(tmp, "emptydir");
    mkdir(empty, 0700);
    struct http_options *e = http_options_new();
    CHECK_INT_EQ(http_options_set_ca_path(e, empty), 0);
    CHECK_INT_EQ(fetch_sync(url, e, NULL, NULL, NULL), 2300060);
    http_options_free(e);
    free(empty);
    free(ca);
    free(dir);
  }
  http_options_free(o);
  free(url);
}

static void mtls_ok(const char *url, struct http_options *o, const char *what) {
  char *body = NULL;
  uint32_t st = 0;
  int32_t rc = fetch_sync(url, o, &st, &body, NULL);
  CHECK(rc == 0 && st == 200 && body && strstr(body, "client-verify=SUCCESS"),
        "%s: rc %d status %u body %s", what, (int)rc, st, body ? body : "(none)");
  free(body);
}

static void test_client_cert(const char *mtls) {
  char *url = url_join(mtls, "/");
  char *pem = cert_file("client.pem"), *key = cert_file("client.key");
  char *enc = cert_file("client-enc.key"), *der = cert_file("client.der");
  char *kder = cert_file("client.key.der"), *p12 = cert_file("client.p12");
  char *p12n = cert_file("client-nopass.p12");

  /* without a certificate nginx answers 400 */
  {
    struct http_options *o = with_ca();
    char *body = NULL;
    uint32_t st = 0;
    CHECK_INT_EQ(fetch_sync(url, o, &st, &body, NULL), 0);
    CHECK_INT_EQ(st, 400);
    free(body);
    http_options_free(o);
  }
  struct http_options *o = with_ca();
  CHECK_INT_EQ(http_options_set_client_cert(o, pem, HTTP_CERT_TYPE_PEM, key, NULL), 0);
  mtls_ok(url, o, "PEM");
  CHECK_INT_EQ(http_options_set_client_cert(o, pem, HTTP_CERT_TYPE_PEM, enc, "secret"), 0);
  mtls_ok(url, o, "PEM, encrypted key");
  CHECK_INT_EQ(http_options_set_client_cert(o, pem, HTTP_CERT_TYPE_PEM, enc, "wrong"), 0);
  CHECK_INT_EQ(fetch_sync(url, o, NULL, NULL, NULL), 2300058);
  CHECK_INT_EQ(http_options_set_client_cert(o, der, HTTP_CERT_TYPE_DER, kder, NULL), 0);
  mtls_ok(url, o, "DER");
  CHECK_INT_EQ(http_options_set_client_cert(o, p12, HTTP_CERT_TYPE_P12, NULL, "secret"), 0);
  mtls_ok(url, o, "P12");
  CHECK_INT_EQ(http_options_set_client_cert(o, p12, HTTP_CERT_TYPE_P12, NULL, "wrong"), 0);
  CHECK_INT_EQ(fetch_sync(url, o, NULL, NULL, NULL), 2300058);
  CHECK_INT_EQ(http_options_set_client_cert(o, p12n, HTTP_CERT_TYPE_P12, "", NULL), 0);
  mtls_ok(url, o, "P12 without password");
  CHECK_INT_EQ(http_options_set_client_cert(o, "/nonexistent.pem", HTTP_CERT_TYPE_PEM, key, NULL), 0);
  CHECK_INT_EQ(fetch_sync(url, o, NULL, NULL, NULL), 2300058);
  /* argument errors */
  CHECK_INT_EQ(http_options_set_client_cert(o, pem, 3, key, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_client_cert(o, NULL, HTTP_CERT_TYPE_PEM, key, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_client_cert(o, "", HTTP_CERT_TYPE_PEM, key, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_client_cert(NULL, pem, HTTP_CERT_TYPE_PEM, key, NULL), NETHTTP_ERR_PARAMETER);
  http_options_free(o);

  /* JSON: certType by name */
  {
    char json[8192];
    char *ca = cert_file("ca.pem");
    snprintf(json, sizeof json,
             "{\"caPath\":\"%s\",\"clientCert\":{\"certPath\":\"%s\",\"certType\":\"P12\","
             "\"keyPath\":\"\",\"keyPassword\":\"secret\"}}",
             ca, p12);
    struct http_options *j = NULL;
    if (CHECK(http_options_from_json(json, &j) == 0, "%s", http_last_error_detail())) {
      mtls_ok(url, j, "P12 from JSON");
      http_options_free(j);
    }
    snprintf(json, sizeof json,
             "{\"caPath\":\"%s\",\"clientCert\":{\"certPath\":\"%s\",\"keyPath\":\"%s\"}}", ca, pem,
             key);
    j = NULL;
    if (CHECK(http_options_from_json(json, &j) == 0, "%s", http_last_error_detail())) {
      mtls_ok(url, j, "PEM (default certType) from JSON");
      http_options_free(j);
    }
    j = NULL;
    CHECK_INT_EQ(http_options_from_json("{\"clientCert\":{\"certPath\":\"/c\",\"certType\":\"JKS\"}}", &j),
                 NETHTTP_ERR_PARAMETER);
    CHECK(strstr(http_last_error_detail(), "clientCert") != NULL, "detail: %s", http_last_error_detail());
    free(ca);
  }
  free(pem);
  free(key);
  free(enc);
  free(der);
  free(kder);
  free(p12);
  free(p12n);
  free(url);
}

static void test_pinning(const char *https, const char *selfsigned) {
  char *url = url_join(https, "/json");
  char *leaf = read_pin("leaf.pin"), *capin = read_pin("ca.pin");
  struct http_options *o = with_ca();
  CHECK_INT_EQ(http_options_add_certificate_pin(o, leaf, "SHA-256"), 0);
  CHECK_INT_EQ(fetch_sync(url, o, NULL, NULL, NULL), 0);
  CHECK_INT_EQ(http_options_clear_certificate_pins(o), 0);
  CHECK_INT_EQ(http_options_add_certificate_pin(o, capin, NULL), 0);
  CHECK_INT_EQ(fetch_sync(url, o, NULL, NULL, NULL), 2300090);
  CHECK_INT_EQ(http_options_add_certificate_pin(o, leaf, NULL), 0); /* any match passes */
  CHECK_INT_EQ(fetch_sync(url, o, NULL, NULL, NULL), 0);
  /* the leaf pin does not match the self-signed server, even with validation skipped */
  {
    struct http_options *s = http_options_new();
    CHECK_INT_EQ(http_options_set_remote_validation(s, "skip"), 0);
    CHECK_INT_EQ(http_options_add_certificate_pin(s, leaf, NULL), 0);
    char *x = url_join(selfsigned, "/json");
    CHECK_INT_EQ(fetch_sync(x, s, NULL, NULL, NULL), 2300090);
    free(x);
    http_options_free(s);
  }
  CHECK_INT_EQ(http_options_add_certificate_pin(o, "AAAA", NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_add_certificate_pin(o, leaf, "SHA-1"), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_add_certificate_pin(o, NULL, NULL), NETHTTP_ERR_PARAMETER);
  http_options_free(o);

  /* JSON: one object, and an array where one matches */
  char json[1024];
  char *ca = cert_file("ca.pem");
  snprintf(json, sizeof json,
           "{\"caPath\":\"%s\",\"certificatePinning\":{\"publicKeyHash\":\"%s\",\"hashAlgorithm\":\"SHA-256\"}}",
           ca, capin);
  struct http_options *j = NULL;
  if (CHECK(http_options_from_json(json, &j) == 0, "%s", http_last_error_detail())) {
    CHECK_INT_EQ(fetch_sync(url, j, NULL, NULL, NULL), 2300090);
    http_options_free(j);
  }
  snprintf(json, sizeof json,
           "{\"caPath\":\"%s\",\"certificatePinning\":[{\"publicKeyHash\":\"%s\",\"hashAlgorithm\":\"SHA-256\"},"
           "{\"publicKeyHash\":\"%s\",\"hashAlgorithm\":\"SHA-256\"}]}",
           ca, capin, leaf);
  j = NULL;
  if (CHECK(http_options_from_json(json, &j) == 0, "%s", http_last_error_detail())) {
    CHECK_INT_EQ(fetch_sync(url, j, NULL, NULL, NULL), 0);
    http_options_free(j);
  }
  free(ca);
  free(leaf);
  free(capin);
  free(url);
}

static void tls_info(const char *url, const struct http_options *o, const char *expect1,
                     const char *expect2) {
  char *body = NULL;
  int32_t rc = fetch_sync(url, o, NULL, &body, NULL);
  CHECK(rc == 0 && body && strstr(body, expect1) && (!expect2 || strstr(body, expect2)),
        "rc %d, /tls says %s; expected %s %s", (int)rc, body ? body : "(none)", expect1,
        expect2 ? expect2 : "");
  free(body);
}

static void test_tls_options(const char *https) {
  char *url = url_join(https, "/tls");
  struct http_options *o = with_ca();
  tls_info(url, o, "protocol=TLSv1.3", NULL); /* the default negotiates 1.3 */
  CHECK_INT_EQ(http_options_set_tls_options(o, HTTP_TLS_V_1_0, HTTP_TLS_V_1_2, NULL, 0), 0);
  tls_info(url, o, "protocol=TLSv1.2", NULL);
  const char *s12a[] = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"};
  CHECK_INT_EQ(http_options_set_tls_options(o, HTTP_TLS_V_1_2, HTTP_TLS_V_1_2, s12a, 1), 0);
  tls_info(url, o, "protocol=TLSv1.2", "cipher=ECDHE-ECDSA-AES128-GCM-SHA256");
  const char *s12b[] = {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"};
  CHECK_INT_EQ(http_options_set_tls_options(o, HTTP_TLS_V_1_2, HTTP_TLS_V_1_2, s12b, 1), 0);
  tls_info(url, o, "protocol=TLSv1.2", "cipher=ECDHE-ECDSA-CHACHA20-POLY1305");
  const char *s13[] = {"TLS_CHACHA20_POLY1305_SHA256"};
  CHECK_INT_EQ(http_options_set_tls_options(o, HTTP_TLS_V_1_3, HTTP_TLS_V_1_3, s13, 1), 0);
  tls_info(url, o, "protocol=TLSv1.3", "cipher=TLS_CHACHA20_POLY1305_SHA256");
  /* an RSA-only suite against the server's EC key: no agreement */
  const char *rsa[] = {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"};
  CHECK_INT_EQ(http_options_set_tls_options(o, HTTP_TLS_V_1_2, HTTP_TLS_V_1_2, rsa, 1), 0);
  {
    int32_t rc = fetch_sync(url, o, NULL, NULL, NULL);
    CHECK(rc == 2300035 || rc == 2300059, "no common suite gave %d", (int)rc);
  }
  /* argument errors */
  CHECK_INT_EQ(http_options_set_tls_options(o, HTTP_TLS_V_1_3, HTTP_TLS_V_1_2, NULL, 0), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_tls_options(o, 3, HTTP_TLS_V_1_2, NULL, 0), NETHTTP_ERR_PARAMETER);
  const char *bogus[] = {"TLS_BOGUS_SUITE"};
  CHECK_INT_EQ(http_options_set_tls_options(o, HTTP_TLS_V_1_2, HTTP_TLS_V_1_3, bogus, 1), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_set_tls_options(o, HTTP_TLS_V_1_2, HTTP_TLS_V_1_3, NULL, 1), NETHTTP_ERR_PARAMETER);
  http_options_free(o);
  /* JSON */
  char json[1024];
  char *ca = cert_file("ca.pem");
  snprintf(json, sizeof json,
           "{\"caPath\":\"%s\",\"tlsOptions\":{\"tlsVersionMin\":\"TLS_V_1_2\",\"tlsVersionMax\":6,"
           "\"cipherSuites\":[\"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384\"]}}",
           ca);
  struct http_options *j = NULL;
  if (CHECK(http_options_from_json(json, &j) == 0, "%s", http_last_error_detail())) {
    tls_info(url, j, "protocol=TLSv1.2", "cipher=ECDHE-ECDSA-AES256-GCM-SHA384");
    http_options_free(j);
  }
  snprintf(json, sizeof json, "{\"caPath\":\"%s\",\"tlsOptions\":\"system\"}", ca);
  j = NULL;
  if (CHECK(http_options_from_json(json, &j) == 0, "%s", http_last_error_detail())) {
    tls_info(url, j, "protocol=TLSv1.3", NULL);
    http_options_free(j);
  }
  j = NULL;
  CHECK_INT_EQ(http_options_from_json("{\"tlsOptions\":{\"tlsVersionMin\":9,\"tlsVersionMax\":7}}", &j),
               NETHTTP_ERR_PARAMETER);
  free(ca);
  free(url);
}

int main(void) {
  certs = env_or_die("NETHTTP_TEST_CERTS");
  const char *https = env_or_die("NETHTTP_TEST_HTTPS");
  test_trust(https, env_or_die("NETHTTP_TEST_HTTPS_EXPIRED"),
             env_or_die("NETHTTP_TEST_HTTPS_SELFSIGNED"), env_or_die("NETHTTP_TEST_HTTPS_WRONGHOST"),
             env_or_die("NETHTTP_TEST_HTTPS_INCOMPLETE"));
  test_client_cert(env_or_die("NETHTTP_TEST_HTTPS_MTLS"));
  test_pinning(https, env_or_die("NETHTTP_TEST_HTTPS_SELFSIGNED"));
  test_tls_options(https);
  return test_finish();
}
