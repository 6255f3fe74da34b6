/*
 * nethttp_net — the connection module from the command line.
 *
 *   nethttp_net lookup HOST [--family 4|6] [--net ID]
 *                        addresses of HOST as JSON (system resolver; with --net, the way
 *                        network ID resolves: its DNS servers, from its address)
 *   nethttp_net nets     every network with its capabilities and properties as JSON
 *   nethttp_net watch [--count N] [--net-timeout MS] [--bearer T]...
 *                        network events as JSON lines (the default network's, or with
 *                        --bearer those of every network of that bearer type: 0 cellular,
 *                        1 wifi, 2 bluetooth, 3 ethernet, 4 vpn) until interrupted or N
 *                        events; --net-timeout: "unavailable" if nothing matched by then
 *   nethttp_net ascii NAME                   the IDNA ASCII form of a domain name
 *   nethttp_net unicode NAME                 the Unicode form of a punycode domain name
 *
 * lookup prints {"host":"…","addresses":[{"address":"…","family":"IPv4"},…]}; a failure
 * prints {"error":CODE,"message":"…"}. Exit status 0 on success, 1 on a failure, 2 on a usage
 * error. The lookup runs asynchronously on nethttp's lookup threads, delivered on this
 * thread through a queue (the blocking form is nethttp_net_get_addresses_by_name).
 */
#define _POSIX_C_SOURCE 200809L
#include <nethttp.h>

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void) {
    fprintf(stderr,
            "usage: nethttp_net lookup HOST [--family 4|6] [--net ID]\n"
            "       nethttp_net nets\n"
            "       nethttp_net watch [--count N] [--net-timeout MS] [--bearer T]...\n"
            "       nethttp_net ascii NAME\n"
            "       nethttp_net unicode NAME\n");
}

static void json_string(const char *s) {
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c < 0x20) printf("\\u%04x", c);
        else putchar(c);
    }
    putchar('"');
}

static void print_error(int32_t code, const char *message) {
    printf("{\"error\":%d,\"message\":", code);
    json_string(message);
    printf("}\n");
}

struct result {
    int done;
    int status;
    const char *host;
};

static void on_lookup(void *ud, nethttp_net_lookup *l, int32_t code, const char *message,
                      nethttp_net_addresses *a) {
    (void)l;
    struct result *r = ud;
    r->done = 1;
    if (code != 0) {
        print_error(code, message);
        r->status = 1;
        return;
    }
    printf("{\"host\":");
    json_string(r->host);
    printf(",\"addresses\":[");
    size_t n = nethttp_net_addresses_count(a);
    for (size_t i = 0; i < n; i++) {
        const char *addr = NULL;
        int32_t fam = 0;
        nethttp_net_addresses_get(a, i, &addr, &fam);
        printf("%s{\"address\":", i ? "," : "");
        json_string(addr);
        printf(",\"family\":\"%s\"}", fam == 1 ? "IPv4" : "IPv6");
    }
    printf("]}\n");
    nethttp_net_addresses_free(a);
}

static int lookup(const char *host, int32_t family, int32_t net) {
    struct http_queue *q = http_queue_new();
    nethttp_net_lookup *l = nethttp_net_lookup_create();
    struct result r = {0, 0, host};
    nethttp_net_lookup_set_queue(l, q);
    int32_t rc = net ? nethttp_net_lookup_start_on(l, net, host, family, on_lookup, &r)
                     : nethttp_net_lookup_start(l, host, family, on_lookup, &r);
    if (rc != 0) {
        print_error(rc, http_last_error_detail());
        r.status = rc == NETHTTP_ERR_PARAMETER ? 2 : 1;
        r.done = 1;
    }
    while (!r.done) {
        struct pollfd p = {.fd = http_queue_fd(q), .events = POLLIN};
        poll(&p, 1, 1000);
        http_queue_dispatch(q);
    }
    nethttp_net_lookup_destroy(l);
    http_queue_free(q);
    return r.status;
}

static int idna(const char *name, int ascii) {
    char *out = NULL;
    int32_t rc = ascii ? nethttp_net_get_dns_ascii(name, &out) : nethttp_net_get_dns_unicode(name, &out);
    if (rc != 0) {
        print_error(rc, http_last_error_detail());
        return rc == NETHTTP_ERR_PARAMETER ? 2 : 1;
    }
    printf("%s\n", out);
    http_string_free(out);
    return 0;
}

static int nets(void) {
    char *j = NULL;
    int32_t rc = nethttp_net_get_nets_json(&j);
    if (rc != 0) {
        print_error(rc, http_last_error_detail());
        return 1;
    }
    printf("%s\n", j);
    http_string_free(j);
    return 0;
}

static void print_address(const nethttp_net_address *a) {
    printf("{\"address\":");
    json_string(a->address);
    printf(",\"family\":%d,\"port\":%u}", a->family, (unsigned)a->port);
}

static void print_ints(const int32_t *v, size_t n) {
    putchar('[');
    for (size_t i = 0; i < n; i++) printf("%s%d", i ? "," : "", v[i]);
    putchar(']');
}

struct watch {
    long count;
    long seen;
    volatile sig_atomic_t *stop;
};

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) { (void)sig; stop_flag = 1; }

static void on_net_event(void *ud, nethttp_net_conn *c, const nethttp_net_event *e) {
    (void)c;
    struct watch *w = ud;
    static const char *names[] = {"", "available", "capabilities", "properties", "lost",
                                  "unavailable", "blockStatus"};
    printf("{\"event\":\"%s\",\"netId\":%d", names[e->type], e->net_id);
    if (e->capabilities) {
        const nethttp_net_capabilities *k = e->capabilities;
        printf(",\"netCap\":{\"networkCap\":");
        print_ints(k->net_caps, k->net_caps_count);
        printf(",\"bearerTypes\":");
        print_ints(k->bearer_types, k->bearer_types_count);
        printf("}");
    }
    if (e->properties) {
        const nethttp_net_properties *p = e->properties;
        printf(",\"connectionProperties\":{\"interfaceName\":");
        json_string(p->interface_name);
        printf(",\"domains\":");
        json_string(p->domains);
        printf(",\"linkAddresses\":[");
        for (size_t i = 0; i < p->link_addresses_count; i++) {
            printf("%s{\"address\":", i ? "," : "");
            print_address(&p->link_addresses[i].address);
            printf(",\"prefixLength\":%d}", p->link_addresses[i].prefix_length);
        }
        printf("],\"dnses\":[");
        for (size_t i = 0; i < p->dnses_count; i++) {
            if (i) putchar(',');
            print_address(&p->dnses[i]);
        }
        printf("],\"routes\":[");
        for (size_t i = 0; i < p->routes_count; i++) {
            const nethttp_net_route *r = &p->routes[i];
            printf("%s{\"destination\":{\"address\":", i ? "," : "");
            print_address(&r->destination.address);
            printf(",\"prefixLength\":%d},\"gateway\":", r->destination.prefix_length);
            print_address(&r->gateway);
            printf(",\"hasGateway\":%s,\"isDefaultRoute\":%s}", r->has_gateway ? "true" : "false",
                   r->is_default_route ? "true" : "false");
        }
        printf("],\"mtu\":%u}", p->mtu);
    }
    printf("}\n");
    fflush(stdout);
    w->seen++;
}

static int watch(long count, uint32_t timeout_ms, const int32_t *bearers, size_t nb) {
    struct http_queue *q = http_queue_new();
    nethttp_net_conn *c = NULL;
    nethttp_net_specifier spec = {bearers, nb, NULL, 0};
    int32_t rc = nethttp_net_conn_create(nb ? &spec : NULL, timeout_ms, &c);
    if (rc != 0) {
        print_error(rc, http_last_error_detail());
        http_queue_free(q);
        return 2;
    }
    struct watch w = {count, 0, &stop_flag};
    nethttp_net_conn_set_queue(c, q);
    for (int32_t t = NETHTTP_NET_EVENT_AVAILABLE; t <= NETHTTP_NET_EVENT_BLOCK_STATUS_CHANGE; t++)
        nethttp_net_conn_on(c, t, on_net_event, &w);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    rc = nethttp_net_conn_register(c);
    if (rc != 0) {
        print_error(rc, http_last_error_detail());
        stop_flag = 1;
    }
    while (!stop_flag && (count <= 0 || w.seen < count)) {
        struct pollfd p = {.fd = http_queue_fd(q), .events = POLLIN};
        poll(&p, 1, 200);
        http_queue_dispatch(q);
    }
    nethttp_net_conn_destroy(c);
    http_queue_free(q);
    return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc == 2 && !strcmp(argv[1], "nets")) return nets();
    if (argc >= 2 && !strcmp(argv[1], "watch")) {
        long count = 0;
        uint32_t timeout_ms = 0;
        int32_t bearers[8];
        size_t nb = 0;
        for (int i = 2; i < argc; i++) {
            if (!strcmp(argv[i], "--count") && i + 1 < argc) count = atol(argv[++i]);
            else if (!strcmp(argv[i], "--net-timeout") && i + 1 < argc)
                timeout_ms = (uint32_t)atol(argv[++i]);
            else if (!strcmp(argv[i], "--bearer") && i + 1 < argc && nb < 8)
                bearers[nb++] = (int32_t)atoi(argv[++i]);
            else {
                usage();
                return 2;
            }
        }
        return watch(count, timeout_ms, bearers, nb);
    }
    if (argc >= 3 && !strcmp(argv[1], "lookup")) {
        int32_t family = 0, net = 0;
        for (int i = 3; i < argc; i++) {
            if (!strcmp(argv[i], "--net") && i + 1 < argc) {
                net = atoi(argv[++i]);
                if (net <= 0) { usage(); return 2; }
                continue;
            }
            if (!strcmp(argv[i], "--family") && i + 1 < argc) {
                const char *f = argv[++i];
                if (!strcmp(f, "4")) family = 1;
                else if (!strcmp(f, "6")) family = 2;
                else { usage(); return 2; }
            } else {
                usage();
                return 2;
            }
        }
        return lookup(argv[2], family, net);
    }
    if (argc == 3 && !strcmp(argv[1], "ascii")) return idna(argv[2], 1);
    if (argc == 3 && !strcmp(argv[1], "unicode")) return idna(argv[2], 0);
    usage();
    return 2;
}
