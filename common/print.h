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
 * "ip-proto-N LEN". 02-recv-explained teaches these lines and keeps its own
 * copy (explain_packet) of all but rarer ICMP messages and TCP options. */
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
/* The options after TCP's 20 bytes (n bytes, all of them read), as
 * tcp_print lists them: ", options [mss 1460,sackOK,...]"; 0 when a last
 * option had no room for its length: the line then ended with " [|tcp]". */
int tcp_options_print(FILE *out, const uint8_t *o, size_t n);
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

/*
 * Part 3 (02-decode): whole frames, as tcpdump -t -n -e prints them. Each
 * printer gets the bytes captured (caplen) and the length the enclosing
 * header declares (len); it reads only within caplen, and prints lengths
 * from len. Where caplen runs out before a field tcpdump would print,
 * the line ends with tcpdump's mark: " [|ether]", " [|vlan]", " [|arp]",
 * " [|ip]", " [|ip6]", " [|hbhopt]", " [|frag6]", " [|icmp]",
 * " [|icmp6]", " [|tcp]", " [|udp]".
 *
 *   02:4a:00:00:00:01 > 02:4a:00:00:00:02, ethertype IPv4 (0x0800),
 *     length 98: 192.0.2.1 > 192.0.2.2: ICMP echo request, id 7, seq 1, length 64
 */

/* The addresses a transport header travels between: IPv4 or IPv6. */
struct ip_pair {
    int family;                       /* AF_INET or AF_INET6 */
    uint8_t src[16], dst[16];         /* 4 or 16 bytes, network order */
    int fragmented;                   /* more fragments follow this one */
    int after_ext;                    /* IPv6 extension headers came first */
    int part1;                        /* part 1's words for malformed headers */
};

/* print-ether.c: one Ethernet frame (with 802.1Q tags) and its payload,
 * by EtherType; the line ends with print_end(). */
void ether_print(FILE *out, const uint8_t *p, size_t caplen, size_t len);
/* Linux cooked capture (pcap link type 113), and raw IP (101). */
void sll_print(FILE *out, const uint8_t *p, size_t caplen, size_t len);
void raw_ip_print(FILE *out, const uint8_t *p, size_t caplen, size_t len);
/* The payload of EtherType type (after the Ethernet and VLAN headers). */
void ethertype_print(FILE *out, uint16_t type, const uint8_t *p,
                     size_t caplen, size_t len);
/* tcpdump's name for an EtherType ("IPv4", "802.1Q"), or NULL. */
const char *ethertype_name(uint16_t type);
/* What tcpdump prints for bytes it does not decode: the -X dump (ascii
 * 1) or the -x dump, each line after a newline and a tab; then the end of
 * the line. */
void unknown_print(FILE *out, const uint8_t *p, size_t caplen, int ascii);
/* print-arp.c: "Request who-has 192.0.2.2 tell 192.0.2.1, length 28". */
void arp_print(FILE *out, const uint8_t *p, size_t caplen, size_t len);
/* print-ip.c: an IPv4 header, then its payload (fragments as tcpdump). */
void ip_print(FILE *out, const uint8_t *p, size_t caplen, size_t len);
/* print-ip.c: the transport header after the IP header(s). */
void ip_demux_print(FILE *out, uint8_t proto, const struct ip_pair *a,
                    const uint8_t *p, size_t caplen, size_t len);
/* print-ip6.c: an IPv6 header, its hop-by-hop and fragment headers, then
 * ICMPv6, TCP, UDP or "ip-proto-N". */
void ip6_print(FILE *out, const uint8_t *p, size_t caplen, size_t len);
/* print-icmp6.c: "ICMP6, echo request, id 1, seq 2, length 64", neighbour
 * and router discovery, MLD, errors. */
void icmp6_print(FILE *out, const struct ip_pair *a, const uint8_t *p,
                 size_t caplen, size_t len);
/* The transport printers with both lengths and either address family. */
void icmp_print_cap(FILE *out, const struct ip_pair *a, const uint8_t *p,
                    size_t caplen, size_t len);
void tcp_print_cap(FILE *out, const struct ip_pair *a, const uint8_t *p,
                   size_t caplen, size_t len);
void udp_print_cap(FILE *out, const struct ip_pair *a, const uint8_t *p,
                   size_t caplen, size_t len);
/* TCP sequence numbers relative to the first seen in each direction, as
 * tcpdump prints them without -S (the default of 02-decode); part 1
 * prints them absolute (tcpdump -S). */
void tcp_relative_seq(int on);
/* print-tcpseq.c: with it on, a packet with ACK set: seq and ack made
 * relative (the conversation's first packet with ACK is remembered). */
void tcp_seq_relative(const struct ip_pair *ip, uint16_t sport,
                      uint16_t dport, uint8_t flags, uint32_t *seq,
                      uint32_t *ack);
/* print-ip.c: part 1's tcp_print/udp_print start: 0 (and part 1's
 * "[|proto]" line) when len < min, else 1 with *a filled for src, dst. */
int part1_pair(FILE *out, struct in_addr src, struct in_addr dst, size_t len,
               size_t min, const char *proto, struct ip_pair *a);
/* print-ip.c: TCP's and UDP's "src.port > dst.port: "; 0 (the line ended
 * with " [|proto]") when fewer than min bytes were captured. */
int ports_print(FILE *out, const struct ip_pair *a, const uint8_t *p,
                size_t caplen, size_t len, size_t min, const char *proto,
                int colon_space);
/* An address of the pair as text (inet_ntop). */
const char *pair_src(const struct ip_pair *a, char buf[INET6_ADDRSTRLEN]);
const char *pair_dst(const struct ip_pair *a, char buf[INET6_ADDRSTRLEN]);
/* tcpdump's truncation mark, " [|proto]", and the end of the line. */
void print_trunc(FILE *out, const char *proto);

#endif
