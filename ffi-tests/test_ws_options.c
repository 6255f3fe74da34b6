/* WebSocket connection options that come from the HTTP side, against real peers: the
 * system proxy (all_proxy) and 'no-proxy', certificate pins, dnsServers (dnsmasq on
 * 127.0.0.2), dnsOverHttps (dnsdist), client certificates (an mTLS wss listener of
 * tests/servers/ws_echo.py), and minSupportTlsProtocol. Servers: NETHTTP_TEST_WS,
 * NETHTTP_TEST_WSS, NETHTTP_TEST_WSS_MTLS, NETHTTP_TEST_TINYPROXY, NETHTTP_TEST_DNS_SERVER,
 * NETHTTP_TEST_DOH. */
#define _POSIX_C_SOURCE 200809L
#include "ws_rec.h"

static const char *ws_url, *wss_url, *mtls_url, *ca, *certs;

/* Connects, sends "hi", expects the echo and a clean close; returns the log (malloc'd). */
static char *echo_once(const char *url, struct nethttp_ws_options *o) {
  rec r;
  rec_init(&r);
  CHECK_INT_EQ(rec_connect(&r, url, o), 0);
  if (rec_wait_open(&r, 10000)) {
    nethttp_ws_send(r.ws, NETHTTP_WS_TEXT, (const uint8_t *)"hi", 2, NULL, NULL);
    rec_wait_messages(&r, 1, 10000);
    nethttp_ws_close(r.ws, 1000, NULL, NULL, NULL);
  }
  CHECK(rec_wait_done(&r, 15000), "%s ended: %s", url, r.log);
  char *log = rec_log(&r);
  rec_destroy(&r);
  rec_fini(&r);
  return log;
}

static const char *OK_LOG = "open:101:Switching Protocols;connect:0;msg:t:hi;close:1000:";

static char *file_in_certs(const char *name) {
  char *p = malloc(strlen(certs) + strlen(name) + 2);
  sprintf(p, "%s/%s", certs, name);
  return p;
}

static char *read_pin(const char *name) {
  char *path = file_in_certs(name);
  char *text = read_file(path, NULL);
  free(path);
  if (!CHECK(text != NULL, "cannot read %s", name)) return strdup("");
  text[strcspn(text, "\r\n")] = '\0';
  char *pin = strdup(text + strlen("sha256//"));
  free(text);
  return pin;
}

static void proxies(const char *tiny, const char *tiny_log) {
  char proxy[128];
  snprintf(proxy, sizeof proxy, "http://%s", tiny);
  setenv("all_proxy", proxy, 1);
  /* 'system' (the default): the proxy environment, a CONNECT tunnel. */
  long before = count_lines_matching(tiny_log, "CONNECT");
  char *log = echo_once(ws_url, NULL);
  CHECK_STR_EQ(log, OK_LOG);
  free(log);
  CHECK(wait_lines_matching(tiny_log, "CONNECT", before + 1, 5000) > before, "system proxy used");
  /* 'no-proxy': straight to the server. */
  struct nethttp_ws_options *o = NULL;
  CHECK_INT_EQ(nethttp_ws_options_from_json("{\"proxy\":\"no-proxy\"}", &o), 0);
  before = count_lines_matching(tiny_log, "CONNECT");
  log = echo_once(ws_url, o);
  CHECK_STR_EQ(log, OK_LOG);
  free(log);
  sleep_ms(200);
  CHECK_INT_EQ(count_lines_matching(tiny_log, "CONNECT"), before);
  nethttp_ws_options_free(o);
  /* An HttpProxy from JSON, with the server in its exclusion list: direct. */
  char json[512];
  snprintf(json, sizeof json,
           "{\"proxy\":{\"host\":\"127.0.0.1\",\"port\":%s,\"exclusionList\":[\"127.0.0.1\"]}}",
           strchr(tiny, ':') + 1);
  CHECK_INT_EQ(nethttp_ws_options_from_json(json, &o), 0);
  log = echo_once(ws_url, o);
  CHECK_STR_EQ(log, OK_LOG);
  free(log);
  sleep_ms(200);
  CHECK_INT_EQ(count_lines_matching(tiny_log, "CONNECT"), before);
  nethttp_ws_options_free(o);
  unsetenv("all_proxy");
}

static void pins(void) {
  char *leaf = read_pin("leaf.pin"), *capin = read_pin("ca.pin");
  char json[512];
  snprintf(json, sizeof json,
           "{\"caPath\":\"%s\",\"certificatePinning\":[{\"publicKeyHash\":\"%s\"}]}", ca, leaf);
  struct nethttp_ws_options *o = NULL;
  CHECK_INT_EQ(nethttp_ws_options_from_json(json, &o), 0);
  char *log = echo_once(wss_url, o);
  CHECK_STR_EQ(log, OK_LOG);
  free(log);
  nethttp_ws_options_free(o);
  snprintf(json, sizeof json,
           "{\"caPath\":\"%s\",\"certificatePinning\":{\"publicKeyHash\":\"%s\",\"hashAlgorithm\":\"SHA-256\"}}",
           ca, capin);
  CHECK_INT_EQ(nethttp_ws_options_from_json(json, &o), 0);
  log = echo_once(wss_url, o);
  CHECK_STR_EQ(log, "error:2300090;connect:2300090");
  free(log);
  nethttp_ws_options_free(o);
  free(leaf);
  free(capin);
}

static void dns(const char *dns_server, const char *doh) {
  char url[256];
  snprintf(url, sizeof url, "ws://only-dnsmasq.nethttp.test%s/", strrchr(ws_url, ':'));
  /* The system resolver does not know the name. */
  char *log = echo_once(url, NULL);
  CHECK_STR_EQ(log, "error:2300006;connect:2300006");
  free(log);
  char json[512];
  snprintf(json, sizeof json, "{\"dnsServers\":[\"%s\"]}", dns_server);
  struct nethttp_ws_options *o = NULL;
  CHECK_INT_EQ(nethttp_ws_options_from_json(json, &o), 0);
  log = echo_once(url, o);
  CHECK_STR_EQ(log, OK_LOG);
  free(log);
  nethttp_ws_options_free(o);

  snprintf(url, sizeof url, "ws://only-doh.nethttp.test%s/", strrchr(ws_url, ':'));
  snprintf(json, sizeof json, "{\"dnsOverHttps\":\"%s\",\"caPath\":\"%s\"}", doh, ca);
  CHECK_INT_EQ(nethttp_ws_options_from_json(json, &o), 0);
  log = echo_once(url, o);
  CHECK_STR_EQ(log, OK_LOG);
  free(log);
  nethttp_ws_options_free(o);
}

static void client_certs(void) {
  /* Without a certificate the mTLS listener refuses the handshake. */
  struct nethttp_ws_options *o = nethttp_ws_options_new();
  CHECK_INT_EQ(nethttp_ws_options_set_ca_path(o, ca), 0);
  char *log = echo_once(mtls_url, o);
  CHECK(strncmp(log, "error:23000", 11) == 0 && strstr(log, "open:") == NULL,
        "refused without a client certificate: %s", log);
  free(log);
  char *cert = file_in_certs("client.pem"), *key = file_in_certs("client.key");
  CHECK_INT_EQ(nethttp_ws_options_set_client_cert(o, cert, key, NULL), 0);
  log = echo_once(mtls_url, o);
  CHECK_STR_EQ(log, OK_LOG);
  free(log);
  nethttp_ws_options_free(o);
  /* The same from JSON. */
  char json[1024];
  snprintf(json, sizeof json, "{\"caPath\":\"%s\",\"clientCert\":{\"certPath\":\"%s\",\"keyPath\":\"%s\"}}",
           ca, cert, key);
  CHECK_INT_EQ(nethttp_ws_options_from_json(json, &o), 0);
  log = echo_once(mtls_url, o);
  CHECK_STR_EQ(log, OK_LOG);
  free(log);
  nethttp_ws_options_free(o);
  /* A certificate file that does not exist: 2302002 at once. */
  snprintf(json, sizeof json, "{\"clientCert\":{\"certPath\":\"%s/none.pem\"}}", certs);
  CHECK_INT_EQ(nethttp_ws_options_from_json(json, &o), 0);
  struct nethttp_ws *ws = nethttp_ws_create();
  CHECK_INT_EQ(nethttp_ws_connect(ws, mtls_url, o, NULL, NULL), NETHTTP_ERR_WS_CERT_FILE);
  nethttp_ws_destroy(ws);
  nethttp_ws_options_free(o);
  free(cert);
  free(key);
}

static void tls_versions(void) {
  char json[512];
  snprintf(json, sizeof json, "{\"caPath\":\"%s\",\"minSupportTlsProtocol\":2}", ca);
  struct nethttp_ws_options *o = NULL;
  CHECK_INT_EQ(nethttp_ws_options_from_json(json, &o), 0);
  char *log = echo_once(wss_url, o);
  CHECK_STR_EQ(log, OK_LOG);
  free(log);
  nethttp_ws_options_free(o);
  /* Up to TLS 1.2 only, from the HTTP side's tlsOptions, against a server that speaks 1.3:
   * still fine; a maximum of 1.1 is refused by OpenSSL 3 (2300035). */
  snprintf(json, sizeof json,
           "{\"caPath\":\"%s\",\"tlsOptions\":{\"tlsVersionMin\":\"TLS_V_1_0\",\"tlsVersionMax\":\"TLS_V_1_1\"}}",
           ca);
  CHECK_INT_EQ(nethttp_ws_options_from_json(json, &o), 0);
  log = echo_once(wss_url, o);
  CHECK_STR_EQ(log, "error:2300035;connect:2300035");
  free(log);
  nethttp_ws_options_free(o);
}

int main(void) {
  ws_url = env_or_die("NETHTTP_TEST_WS");
  wss_url = env_or_die("NETHTTP_TEST_WSS");
  mtls_url = env_or_die("NETHTTP_TEST_WSS_MTLS");
  ca = env_or_die("NETHTTP_TEST_CA");
  certs = env_or_die("NETHTTP_TEST_CERTS");
  proxies(env_or_die("NETHTTP_TEST_TINYPROXY"), env_or_die("NETHTTP_TEST_TINYPROXY_LOG"));
  pins();
  dns(env_or_die("NETHTTP_TEST_DNS_SERVER"), env_or_die("NETHTTP_TEST_DOH"));
  client_certs();
  tls_versions();
  return test_finish();
}
