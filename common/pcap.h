/*
 * pcap.h - classic pcap files (the format of tcpdump -w), libc only.
 *
 * File header, 24 bytes: magic 0xa1b2c3d4, version 2.4, thiszone 0,
 * sigfigs 0, snaplen, link type. Each record: 16 bytes (seconds,
 * microseconds, captured length, original length), then the bytes.
 * The writer writes little-endian, explicitly; the reader takes either byte
 * order (the magic says which) and the nanosecond variant 0xa1b23c4d.
 *
 *   struct pcap_file pf;
 *   if (pcap_create(&pf, "out.pcap", PCAP_LINKTYPE_ETHERNET, 65536)) die(...)
 *   pcap_write(&pf, now, frame, n, n);  pcap_close(&pf);
 *
 * Functions return 0 (or 1 for a record read) on success and -1 on failure,
 * with a one-line reason in pf.err (without the path: the caller names it).
 */
#ifndef COMMON_PCAP_H
#define COMMON_PCAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum {
    PCAP_LINKTYPE_ETHERNET = 1,
    PCAP_LINKTYPE_RAW = 101,          /* raw IPv4 or IPv6, no link header */
    PCAP_LINKTYPE_LINUX_SLL = 113,    /* Linux "cooked" capture */
};

struct pcap_file {
    FILE *f;
    uint32_t snaplen, linktype;
    int swapped;                      /* reader: file is big-endian */
    int nsec;                         /* reader: nanosecond timestamps */
    char err[160];
};

struct pcap_record {
    uint32_t sec, usec;               /* usec holds ns when pf.nsec */
    uint32_t caplen, origlen;
};

/* Writer. path "-" writes to stdout. */
int pcap_create(struct pcap_file *pf, const char *path, uint32_t linktype,
                uint32_t snaplen);
/* ts: seconds since the epoch (CLOCK_REALTIME). caplen is cut to snaplen. */
int pcap_write(struct pcap_file *pf, double ts, const void *data,
               uint32_t caplen, uint32_t origlen);

/* Reader. path "-" reads stdin. Rejects a bad magic, a short header, a
 * record longer than the snap length or than buf. */
int pcap_open(struct pcap_file *pf, const char *path);
/* The same for a stream already open (e.g. fmemopen): reads its header. */
int pcap_fopen(struct pcap_file *pf, FILE *f);
/* 1: a record in rec and buf; 0: end of file; -1: error in pf->err. */
int pcap_read(struct pcap_file *pf, struct pcap_record *rec,
              uint8_t *buf, size_t cap);

int pcap_close(struct pcap_file *pf);

#endif
