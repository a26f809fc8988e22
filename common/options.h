/*
 * options.h - parsing command-line values. Each parser either returns a
 * good value or prints one line ("prog: bad count 'x': ...") and exits 2.
 *
 * Shared option letters (DESIGN.md): -c COUNT, -t SECONDS, -i IFACE,
 * -p PROTO, -x, -n, -r FILE, -w FILE; -h and --help print usage and exit 0.
 */
#ifndef COMMON_OPTIONS_H
#define COMMON_OPTIONS_H

#include <getopt.h>
#include <netinet/in.h>
#include <stdint.h>

/* getopt_long table with just --help; use as
 *   while ((c = getopt_long(argc, argv, "c:t:h", help_option, NULL)) != -1) */
extern const struct option help_option[];

/* A whole number in [min, max]; what names the value in the error. */
long opt_long(const char *s, const char *what, long min, long max);
long opt_count(const char *s);          /* 1 .. 1000000 */
int opt_seconds_ms(const char *s);      /* seconds, decimals allowed, > 0 and
                                           <= 86400; returned in ms */
uint16_t opt_port(const char *s);       /* 1 .. 65535 */
uint8_t opt_proto(const char *s);       /* a name from /etc/protocols (the
                                           usual ones even without it), or 0-255 */
unsigned opt_iface(const char *s);      /* interface name -> index */
/* Host name or dotted quad -> IPv4 address (getaddrinfo). */
struct in_addr opt_ipv4(const char *s);
/* The same for an address we send from (or answer for): refuses 0.0.0.0,
 * 255.255.255.255 and multicast (224.0.0.0/4), which no reply can reach;
 * what names it in the error ("source"). */
struct in_addr opt_ipv4_source(const char *s, const char *what);
/* Host name or IPv6 address -> a socket address for sendto() (getaddrinfo),
 * keeping the zone of a link-local address ("fe80::1%eth0") in
 * sin6_scope_id. */
struct sockaddr_in6 opt_ipv6_sa(const char *s);

/* The name of IP protocol p from /etc/protocols (the usual ones even
 * without it), or "proto-N" in buf. */
const char *proto_name(uint8_t p, char buf[16]);

#endif
