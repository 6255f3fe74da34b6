/* nethttp: libpsl's cookie checks over a public-suffix function registered by the embedding
 * library (see libpsl.h). Same answers as libpsl 0.21's functions of these names. */
#include "libpsl.h"

#include <string.h>
#include <arpa/inet.h>

struct nethttp_psl_ctx {
  int unused;
};

static const struct nethttp_psl_ctx builtin = { 0 };
static nethttp_psl_suffix_fn volatile suffix_fn;

void nethttp_psl_register(nethttp_psl_suffix_fn f)
{
  __atomic_store_n(&suffix_fn, f, __ATOMIC_RELEASE);
}

static nethttp_psl_suffix_fn current(void)
{
  return __atomic_load_n(&suffix_fn, __ATOMIC_ACQUIRE);
}

const psl_ctx_t *psl_builtin(void)
{
  return current() ? &builtin : NULL;
}

/* No list file is read: the registered function is the list. */
psl_ctx_t *psl_latest(const char *fname)
{
  (void)fname;
  return NULL;
}

void psl_free(psl_ctx_t *psl)
{
  (void)psl;
}

int psl_is_public_suffix(const psl_ctx_t *psl, const char *domain)
{
  nethttp_psl_suffix_fn f = current();
  size_t len;
  if(!psl || !domain || !f)
    return 1;
  len = strlen(domain);
  if(len && domain[len - 1] == '.')
    len--;
  return f(domain, len) >= len;
}

static int is_ip(const char *host)
{
  unsigned char buf[16];
  return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

int psl_is_cookie_domain_acceptable(const psl_ctx_t *psl, const char *hostname,
                                    const char *cookie_domain)
{
  nethttp_psl_suffix_fn f = current();
  size_t hlen, clen;
  const char *tail;
  if(!psl || !hostname || !cookie_domain || !f)
    return 0;
  while(*cookie_domain == '.')
    cookie_domain++;
  if(!strcmp(hostname, cookie_domain))
    return 1; /* an exact match */
  if(is_ip(hostname))
    return 0; /* an address must match whole (RFC 6265 5.1.3) */
  hlen = strlen(hostname);
  clen = strlen(cookie_domain);
  if(clen >= hlen)
    return 0;
  tail = hostname + hlen - clen;
  if(strcmp(tail, cookie_domain) || tail[-1] != '.')
    return 0; /* not a domain of the host */
  /* a registrable domain: longer than the host's public suffix */
  return clen > f(hostname, hlen);
}

const char *psl_get_version(void)
{
  return "nethttp";
}
