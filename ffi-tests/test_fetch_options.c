/* nethttp_fetch --options accepts every transport, TLS and DNS field of HttpRequestOptions
 * and they take effect: mTLS with a P12 client certificate, a pin, tlsOptions and the rest
 * in one JSON; dnsServers plus multiFormDataList; dnsOverHttps with caData; a bad field is a
 * usage error naming it. Servers: nginx, NETHTTP_TEST_DNS_SERVER, NETHTTP_TEST_DOH. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "common.h"
#include "nethttp.h"

/* Runs nethttp_fetch with --options JSON (written to a file, passed through "$(cat f)");
 * returns the exit status, stdout+stderr in *out. */
static int fetch(const char *json, const char *url, char **out) {
  const char *bin = env_or_die("NETHTTP_FETCH");
  const char *tmp = env_or_die("NETHTTP_TEST_TMP");
  char *jf = url_join(tmp, "options.json"), *of = url_join(tmp, "out.txt");
  FILE *f = fopen(jf, "w");
  fputs(json, f);
  fclose(f);
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "'%s' --options \"$(cat '%s')\" '%s' > '%s' 2>&1", bin, jf, url, of);
  int st = system(cmd);
  *out = read_file(of, NULL);
  free(jf);
  free(of);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *pin(const char *certs) {
  char *p = url_join(certs, "leaf.pin");
  char *t = read_file(p, NULL);
  free(p);
  if (!t) return strdup("");
  t[strcspn(t, "\r\n")] = '\0';
  char *r = strdup(t + strlen("sha256//"));
  free(t);
  return r;
}

/* PEM text as a JSON string body (newlines escaped). */
static char *json_pem(const char *path) {
  char *t = read_file(path, NULL);
  if (!t) return strdup("");
  char *o = malloc(2 * strlen(t) + 1), *p = o;
  for (const char *s = t; *s; s++) {
    if (*s == '\n') {
      *p++ = '\\';
      *p++ = 'n';
    } else {
      *p++ = *s;
    }
  }
  *p = '\0';
  free(t);
  return o;
}

int main(void) {
  const char *certs = env_or_die("NETHTTP_TEST_CERTS");
  const char *ca = env_or_die("NETHTTP_TEST_CA");
  const char *mtls = env_or_die("NETHTTP_TEST_HTTPS_MTLS");
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *dns = env_or_die("NETHTTP_TEST_DNS_SERVER");
  const char *doh = env_or_die("NETHTTP_TEST_DOH");
  char json[8192], url[512];
  char *out = NULL;
  char *leaf_pin = pin(certs);

  /* 1. TLS fields together, against the mTLS server */
  snprintf(json, sizeof json,
           "{\"caPath\":\"%s\",\"remoteValidation\":\"system\","
           "\"clientCert\":{\"certPath\":\"%s/client.p12\",\"certType\":\"P12\",\"keyPath\":\"\","
           "\"keyPassword\":\"secret\"},"
           "\"certificatePinning\":[{\"publicKeyHash\":\"%s\",\"hashAlgorithm\":\"SHA-256\"}],"
           "\"tlsOptions\":{\"tlsVersionMin\":\"TLS_V_1_2\",\"tlsVersionMax\":\"TLS_V_1_3\"},"
           "\"serverAuthentication\":{\"credential\":{\"username\":\"u\",\"password\":\"p\"},"
           "\"authenticationType\":\"basic\"},"
           "\"addressFamily\":\"ONLY_V4\",\"usingProxy\":false,\"usingProtocol\":\"HTTP2\"}",
           ca, certs, leaf_pin);
  snprintf(url, sizeof url, "%s/", mtls);
  int st = fetch(json, url, &out);
  CHECK(st == 0 && out && strstr(out, "client-verify=SUCCESS") && strstr(out, "\"httpVersion\":\"2\""),
        "exit %d: %s", st, out ? out : "");
  free(out);

  /* 2. dnsServers + multiFormDataList (POST to nginx /echo, which returns the multipart body) */
  snprintf(json, sizeof json,
           "{\"method\":\"POST\",\"dnsServers\":[\"%s\"],\"expectDataType\":\"STRING\","
           "\"header\":{\"content-type\":\"multipart/form-data\"},"
           "\"multiFormDataList\":[{\"name\":\"p\",\"contentType\":\"text/plain\",\"data\":\"fetch-part\"}]}",
           dns);
  snprintf(url, sizeof url, "http://only-dnsmasq.nethttp.test%s/echo", strrchr(http, ':'));
  st = fetch(json, url, &out);
  CHECK(st == 0 && out && strstr(out, "fetch-part") && strstr(out, "name=\\\"p\\\""), "exit %d: %s",
        st, out ? out : "");
  free(out);

  /* 3. dnsOverHttps, trusting the DoH server through caData */
  char *pem = json_pem(ca);
  snprintf(json, sizeof json, "{\"dnsOverHttps\":\"%s\",\"caData\":\"%s\"}", doh, pem);
  snprintf(url, sizeof url, "http://only-doh.nethttp.test%s/json", strrchr(http, ':'));
  st = fetch(json, url, &out);
  CHECK(st == 0 && out && strstr(out, "hello"), "exit %d: %s", st, out ? out : "");
  free(out);
  free(pem);

  /* 4. a bad field: usage error naming it */
  st = fetch("{\"tlsOptions\":{\"tlsVersionMin\":\"TLS_V_9\",\"tlsVersionMax\":7}}", url, &out);
  CHECK(st == 2 && out && strstr(out, "tlsOptions"), "exit %d: %s", st, out ? out : "");
  free(out);
  free(leaf_pin);
  return test_finish();
}
