/*
 * link.h - small helpers for part 3 (AF_PACKET): Ethernet addresses, the
 * direction of a frame, and the one-line frame format of 01-recv-frames.
 *
 * 01-recv-frames teaches the frame line and the direction names itself, in
 * its own code; later programs (08-promisc, 10-ring) print frames the same
 * way with frame_line() from here.
 */
#ifndef COMMON_LINK_H
#define COMMON_LINK_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* sll_pkttype by name: host, broadcast, multicast, otherhost, outgoing
 * (and loopback, user, kernel); "type-N" in buf for anything else. */
const char *pkttype_name(unsigned char pkttype, char buf[16]);

/* "02:4a:00:00:00:01" (tcpdump's lower case) into buf; returns buf. */
char *mac_str(const uint8_t mac[6], char buf[18]);
/* "02:4a:0:0:0:1" or "02-4A-00-00-00-01" -> mac; 0, or -1 when malformed. */
int mac_parse(const char *s, uint8_t mac[6]);
/* As mac_parse, but "prog: bad MAC address 'x'" and exit 2. */
void opt_mac(const char *s, uint8_t mac[6]);

/* The interface's hardware address (SIOCGIFHWADDR) and IPv4 address
 * (SIOCGIFADDR), asked through any open socket fd; 0, or -1 with errno. */
int if_mac(int fd, const char *ifname, uint8_t mac[6]);
int if_ipv4(int fd, const char *ifname, struct in_addr *addr);
/* Both, for a sender that writes them into its frames (04-arping,
 * 05-eth-ping); exits 2 with "prog: IFACE has no IPv4 address ..." or the
 * ioctl's error. Any socket will do; a UDP one needs no privilege. */
void if_addrs(int fd, const char *ifname, uint8_t mac[6], struct in_addr *addr);

/* 01-recv-frames' line: "IFACE DIRECTION 0xETHERTYPE LENGTH: " and the
 * whole frame as "% X" (or, with canonical, a newline and the tcpdump -X
 * dump). A frame shorter than 14 bytes shows 0x???? as its EtherType. */
void frame_line(FILE *out, const char *ifname, unsigned char pkttype,
                const uint8_t *frame, size_t len, int canonical);

#endif
