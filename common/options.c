/* options.c - see options.h. */
#include "options.h"
#include "errors.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <net/if.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

const struct option help_option[] = {
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

long opt_long(const char *s, const char *what, long min, long max)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        die_msg("bad %s '%s': expected a whole number from %ld to %ld",
                what, s, min, max);
    return v;
}

long opt_count(const char *s)
{
    return opt_long(s, "count", 1, 1000000);
}

int opt_seconds_ms(const char *s)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v <= 0 || v > 86400)
        die_msg("bad time '%s': expected seconds, more than 0 and at most 86400",
                s);
    return (int)ceil(v * 1000);
}

uint16_t opt_port(const char *s)
{
    return (uint16_t)opt_long(s, "port", 1, 65535);
}

/* The usual names, as netbase's /etc/protocols spells them, for a system
 * without that file (a minimal Debian has none): looked up after it. */
static const struct { const char *name; uint8_t num; } known[] = {
    { "ip", 0 }, { "icmp", 1 }, { "igmp", 2 }, { "ipencap", 4 },
    { "tcp", 6 }, { "udp", 17 }, { "ipv6", 41 }, { "gre", 47 },
    { "esp", 50 }, { "ah", 51 }, { "ipv6-icmp", 58 }, { "sctp", 132 },
    { "udplite", 136 }, { "raw", 255 },
};
enum { NKNOWN = sizeof known / sizeof known[0] };

uint8_t opt_proto(const char *s)
{
    struct protoent *pe;
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (*s && !*end) {
        if (errno || v < 0 || v > 255)
            die_msg("bad protocol '%s': expected a number from 0 to 255", s);
        return (uint8_t)v;
    }
    pe = getprotobyname(s);
    if (pe)
        return (uint8_t)pe->p_proto;
    for (size_t i = 0; i < NKNOWN; i++)
        if (strcasecmp(s, known[i].name) == 0)
            return known[i].num;
    die_msg("bad protocol '%s': not a number and not in /etc/protocols", s);
}

unsigned opt_iface(const char *s)
{
    unsigned idx;

    if (!*s || strlen(s) >= IF_NAMESIZE)
        die_msg("bad interface '%s': names are 1 to %d characters", s,
                IF_NAMESIZE - 1);
    idx = if_nametoindex(s);
    if (!idx) {
        fprintf(stderr, "%s: interface '%s': %s (%s)\n", progname, s,
                strerror(errno), strerrorname_np(errno) ? strerrorname_np(errno) : "?");
        exit(EXIT_TROUBLE);
    }
    return idx;
}

/* Host name or address -> the first socket address of family (getaddrinfo:
 * for IPv6 it keeps the zone of "fe80::1%eth0" in sin6_scope_id). */
static void resolve(const char *s, int family, struct sockaddr_storage *out)
{
    struct addrinfo hints = { .ai_family = family, .ai_socktype = SOCK_RAW };
    struct addrinfo *res;
    int rc = getaddrinfo(s, NULL, &hints, &res);

    if (rc)
        die_msg("bad host '%s': %s", s,
                rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
    memset(out, 0, sizeof *out);
    memcpy(out, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
}

struct in_addr opt_ipv4(const char *s)
{
    struct sockaddr_storage ss;

    resolve(s, AF_INET, &ss);
    return ((struct sockaddr_in *)(void *)&ss)->sin_addr;
}

struct in_addr opt_ipv4_source(const char *s, const char *what)
{
    struct in_addr a = opt_ipv4(s);
    uint32_t h = ntohl(a.s_addr);

    if (h == INADDR_ANY || h == INADDR_BROADCAST || IN_MULTICAST(h))
        die_msg("bad %s '%s': %s cannot be a source address", what, s,
                h == INADDR_ANY ? "0.0.0.0 (any)" :
                h == INADDR_BROADCAST ? "the broadcast address" : "a multicast address");
    return a;
}

struct sockaddr_in6 opt_ipv6_sa(const char *s)
{
    struct sockaddr_storage ss;

    resolve(s, AF_INET6, &ss);
    return *(struct sockaddr_in6 *)(void *)&ss;
}

const char *proto_name(uint8_t p, char buf[16])
{
    struct protoent *pe = getprotobynumber(p);

    if (pe)
        return pe->p_name;
    for (size_t i = 0; i < NKNOWN; i++)
        if (known[i].num == p)
            return known[i].name;
    snprintf(buf, 16, "proto-%u", p);
    return buf;
}
