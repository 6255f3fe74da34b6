/*
 * nethttp_net — the connection module from the command line.
 *
 *   nethttp_net lookup HOST [--family 4|6]   addresses of HOST (system resolver) as JSON
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
#include <stdio.h>
#include <string.h>

static void usage(void) {
    fprintf(stderr,
            "usage: nethttp_net lookup HOST [--family 4|6]\n"
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

static int lookup(const char *host, int32_t family) {
    struct http_queue *q = http_queue_new();
    nethttp_net_lookup *l = nethttp_net_lookup_create();
    struct result r = {0, 0, host};
    nethttp_net_lookup_set_queue(l, q);
    int32_t rc = nethttp_net_lookup_start(l, host, family, on_lookup, &r);
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

int main(int argc, char **argv) {
    if (argc >= 3 && !strcmp(argv[1], "lookup")) {
        int32_t family = 0;
        for (int i = 3; i < argc; i++) {
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
        return lookup(argv[2], family);
    }
    if (argc == 3 && !strcmp(argv[1], "ascii")) return idna(argv[2], 1);
    if (argc == 3 && !strcmp(argv[1], "unicode")) return idna(argv[2], 0);
    usage();
    return 2;
}
