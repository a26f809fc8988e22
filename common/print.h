/*
 * print.h - one line for what an IPv4 packet carries, modelled on
 * tcpdump -n, so a reader can hold our output next to tcpdump's. Laid out
 * as tcpdump's own printers are: print-ip.c dispatches on the protocol,
 * print-icmp.c, print-tcp.c and print-udp.c print one protocol each.
 *
 *   192.0.2.2 > 192.0.2.1: ICMP echo request, id 3542, seq 1, length 64
 *   192.0.2.1 > 192.0.2.2: ICMP 192.0.2.1 udp port 9 unreachable, length 36
 *   192.0.2.2.43210 > 192.0.2.1.80: Flags [S], seq 1045, win 64240, options [mss 1460], length 0
 *   192.0.2.2.40000 > 192.0.2.1.9: UDP, length 5
 *   192.0.2.2 > 192.0.2.1: ip-proto-253 5
 *
 * The printers start at the addresses: the caller prints what comes before
 * ("IP " as tcpdump -n does, or the link header as tcpdump -e does) and the
 * line ends with '\n' and a flush. src and dst are the IPv4 header's
 * addresses; p and len are the bytes after the IPv4 header, up to its total
 * length. Numbers are absolute (TCP sequence numbers as with tcpdump -S).
 *
 * Nothing is trusted: every read is checked against len. A message too short
 * for its header prints tcpdump's "[|icmp]" / "[|tcp]" / "[|udp]"; an
 * impossible length field says so ("[bad hdr length ...]", "bad length");
 * an ICMP error whose quoted header is cut short prints "[|icmp]".
 */
#ifndef COMMON_PRINT_H
#define COMMON_PRINT_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* print-ip.c: dispatch on the IP protocol number: ICMP, TCP, UDP, else
 * "ip-proto-N LEN". */
void transport_print(FILE *out, uint8_t proto, struct in_addr src,
                     struct in_addr dst, const uint8_t *p, size_t len);

/* print-icmp.c: "ICMP echo request, id 1, seq 2, length 64"; every
 * destination unreachable code by name (net, host, protocol N, udp/tcp
 * port N, need to frag (mtu N), ...), time exceeded, redirect, parameter
 * problem. */
void icmp_print(FILE *out, struct in_addr src, struct in_addr dst,
                const uint8_t *p, size_t len);
/* print-tcp.c: "Flags [S.], seq N, ack N, win N, options [...], length N". */
void tcp_print(FILE *out, struct in_addr src, struct in_addr dst,
               const uint8_t *p, size_t len);
/* The TCP flags byte as tcpdump writes it: "S", "S.", "R.", "FP.", "none". */
const char *tcp_flags_str(uint8_t flags, char buf[16]);
/* print-udp.c: "UDP, length N" (N: the UDP length field minus its 8-byte
 * header). */
void udp_print(FILE *out, struct in_addr src, struct in_addr dst,
               const uint8_t *p, size_t len);

/* Shared by the printers (print-ip.c). An IPv4 address from 4 bytes in
 * network order, into buf (tcpdump's ipaddr_string; never inet_ntoa, whose
 * one static buffer two calls in one printf share). */
const char *ipaddr_string(const void *p, char buf[INET_ADDRSTRLEN]);
/* End the line: '\n', then a flush, so | grep sees each packet at once. */
void print_end(FILE *out);

#endif
