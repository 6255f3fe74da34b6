/* nethttp: the part of libpsl's API that libcurl's cookie engine calls (lib/psl.c,
 * lib/cookie.c, lib/version.c), answered by the library that embeds this libcurl: it
 * registers, with nethttp_psl_register(), a function that tells how long the public suffix
 * of a host name is (nethttp answers from the `psl` crate's compiled-in Public Suffix List).
 * Until one is registered, psl_builtin() returns NULL and libcurl rejects every cookie that
 * names a Domain ("libpsl problem, rejecting cookie for safety").
 *
 * The names are mapped to nethttp_psl_* so that they never meet a real libpsl in one
 * process. */
#ifndef NETHTTP_LIBPSL_SHIM_H
#define NETHTTP_LIBPSL_SHIM_H

#include <stddef.h>

/* lib/psl.c requires 0.16 or later; the API used is libpsl 0.16's. */
#define PSL_VERSION_NUMBER 0x001000

#define psl_builtin nethttp_psl_builtin
#define psl_latest nethttp_psl_latest
#define psl_free nethttp_psl_free
#define psl_is_public_suffix nethttp_psl_is_public_suffix
#define psl_is_cookie_domain_acceptable nethttp_psl_is_cookie_domain_acceptable
#define psl_get_version nethttp_psl_get_version

typedef struct nethttp_psl_ctx psl_ctx_t;

const psl_ctx_t *psl_builtin(void);
psl_ctx_t *psl_latest(const char *fname);
void psl_free(psl_ctx_t *psl);
int psl_is_public_suffix(const psl_ctx_t *psl, const char *domain);
int psl_is_cookie_domain_acceptable(const psl_ctx_t *psl, const char *hostname,
                                    const char *cookie_domain);
const char *psl_get_version(void);

/* The length in bytes of the public suffix that ends `host` (len bytes, lowercase, no
 * trailing dot): "co.uk" for "a.example.co.uk" gives 5; an unlisted top-level label counts
 * as a public suffix of its own (the list's "*" rule), so "localhost" gives 9. */
typedef size_t (*nethttp_psl_suffix_fn)(const char *host, size_t len);
void nethttp_psl_register(nethttp_psl_suffix_fn f);

#endif
