/* pcap.c - see pcap.h. */
#include "pcap.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#define PCAP_MAGIC_US 0xa1b2c3d4u
#define PCAP_MAGIC_NS 0xa1b23c4du

static void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const struct pcap_file *pf, const uint8_t *p)
{
    if (pf->swapped)     /* big-endian file */
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static int fail(struct pcap_file *pf, const char *what)
{
    snprintf(pf->err, sizeof pf->err, "%s", what);
    return -1;
}

static int fail_errno(struct pcap_file *pf, const char *what)
{
    snprintf(pf->err, sizeof pf->err, "%s: %s (%s)", what, strerror(errno),
             strerrorname_np(errno) ? strerrorname_np(errno) : "?");
    return -1;
}

int pcap_create(struct pcap_file *pf, const char *path, uint32_t linktype,
                uint32_t snaplen)
{
    uint8_t h[24];

    memset(pf, 0, sizeof *pf);
    pf->f = strcmp(path, "-") ? fopen(path, "wb") : stdout;
    if (!pf->f)
        return fail_errno(pf, "creating the file");
    pf->snaplen = snaplen;
    pf->linktype = linktype;
    put_le32(h, PCAP_MAGIC_US);
    put_le16(h + 4, 2);                 /* version 2.4 */
    put_le16(h + 6, 4);
    put_le32(h + 8, 0);                 /* thiszone: UTC */
    put_le32(h + 12, 0);                /* sigfigs */
    put_le32(h + 16, snaplen);
    put_le32(h + 20, linktype);
    if (fwrite(h, sizeof h, 1, pf->f) != 1 || fflush(pf->f))
        return fail_errno(pf, "writing pcap header");
    return 0;
}

int pcap_write(struct pcap_file *pf, double ts, const void *data,
               uint32_t caplen, uint32_t origlen)
{
    uint8_t r[16];
    double sec = floor(ts);
    uint32_t usec = (uint32_t)((ts - sec) * 1e6);

    if (caplen > pf->snaplen)
        caplen = pf->snaplen;
    put_le32(r, (uint32_t)sec);
    put_le32(r + 4, usec > 999999 ? 999999 : usec);
    put_le32(r + 8, caplen);
    put_le32(r + 12, origlen);
    if (fwrite(r, sizeof r, 1, pf->f) != 1 ||
        (caplen && fwrite(data, caplen, 1, pf->f) != 1) || fflush(pf->f))
        return fail_errno(pf, "writing pcap record");
    return 0;
}

int pcap_open(struct pcap_file *pf, const char *path)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;

    if (!f) {
        memset(pf, 0, sizeof *pf);
        return fail_errno(pf, "opening the file");
    }
    return pcap_fopen(pf, f);
}

int pcap_fopen(struct pcap_file *pf, FILE *f)
{
    uint8_t h[24];
    uint32_t magic;

    memset(pf, 0, sizeof *pf);
    pf->f = f;
    if (fread(h, 1, sizeof h, pf->f) != sizeof h)
        return fail(pf, "not a pcap file: header shorter than 24 bytes");
    magic = get32(pf, h);                   /* as little-endian first */
    if (magic != PCAP_MAGIC_US && magic != PCAP_MAGIC_NS) {
        pf->swapped = 1;
        magic = get32(pf, h);
    }
    if (magic != PCAP_MAGIC_US && magic != PCAP_MAGIC_NS) {
        snprintf(pf->err, sizeof pf->err,
                 "not a pcap file: bad magic %02x %02x %02x %02x (a pcapng file? "
                 "convert it with: editcap -F pcap IN OUT)", h[0], h[1], h[2], h[3]);
        return -1;
    }
    pf->nsec = magic == PCAP_MAGIC_NS;
    pf->snaplen = get32(pf, h + 16);
    pf->linktype = get32(pf, h + 20) & 0x0fffffffu;   /* high bits: FCS info */
    if (pf->snaplen == 0)
        return fail(pf, "bad pcap header: snap length 0");
    return 0;
}

int pcap_read(struct pcap_file *pf, struct pcap_record *rec,
              uint8_t *buf, size_t cap)
{
    uint8_t r[16];
    size_t n = fread(r, 1, sizeof r, pf->f);

    if (n == 0 && feof(pf->f))
        return 0;
    if (n != sizeof r)
        return ferror(pf->f) ? fail_errno(pf, "reading pcap record")
                             : fail(pf, "truncated pcap record header");
    rec->sec = get32(pf, r);
    rec->usec = get32(pf, r + 4);
    rec->caplen = get32(pf, r + 8);
    rec->origlen = get32(pf, r + 12);
    if (rec->caplen > pf->snaplen) {
        snprintf(pf->err, sizeof pf->err,
                 "bad pcap record: %u bytes, longer than the snap length %u",
                 rec->caplen, pf->snaplen);
        return -1;
    }
    if (rec->caplen > cap) {
        snprintf(pf->err, sizeof pf->err,
                 "pcap record of %u bytes does not fit a %zu-byte buffer",
                 rec->caplen, cap);
        return -1;
    }
    if (fread(buf, 1, rec->caplen, pf->f) != rec->caplen)
        return fail(pf, "truncated pcap record: file ends inside its data");
    return 1;
}

int pcap_close(struct pcap_file *pf)
{
    int rc = 0;

    if (pf->f && pf->f != stdout && pf->f != stdin)
        rc = fclose(pf->f);
    else if (pf->f)
        rc = fflush(pf->f);
    pf->f = NULL;
    return rc ? fail_errno(pf, "closing pcap file") : 0;
}
