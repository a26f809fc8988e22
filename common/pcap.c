/* pcap.c - see pcap.h. */
#include "pcap.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#define PCAP_MAGIC_US 0xa1b2c3d4u
#define PCAP_MAGIC_NS 0xa1b23c4du
#define PCAP_MAGIC_MOD 0xa1b2cd34u    /* Kuznetzov's: 8 more bytes a record */

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
    uint32_t magic, lt;
    unsigned major, minor;

    memset(pf, 0, sizeof *pf);
    pf->f = f;
    if (fread(h, 1, sizeof h, pf->f) != sizeof h)
        return fail(pf, "not a pcap file: header shorter than 24 bytes");
    magic = get32(pf, h);                   /* as little-endian first */
    if (magic != PCAP_MAGIC_US && magic != PCAP_MAGIC_NS &&
        magic != PCAP_MAGIC_MOD) {
        pf->swapped = 1;
        magic = get32(pf, h);
    }
    if (magic != PCAP_MAGIC_US && magic != PCAP_MAGIC_NS &&
        magic != PCAP_MAGIC_MOD) {
        snprintf(pf->err, sizeof pf->err,
                 "not a pcap file: bad magic %02x %02x %02x %02x (a pcapng file? "
                 "convert it with: editcap -F pcap IN OUT)", h[0], h[1], h[2], h[3]);
        return -1;
    }
    pf->nsec = magic == PCAP_MAGIC_NS;
    pf->modified = magic == PCAP_MAGIC_MOD;
    major = pf->swapped ? (unsigned)h[4] << 8 | h[5] : (unsigned)h[5] << 8 | h[4];
    minor = pf->swapped ? (unsigned)h[6] << 8 | h[7] : (unsigned)h[7] << 8 | h[6];
    if (major != 2) {
        snprintf(pf->err, sizeof pf->err,
                 "bad pcap header: version %u.%u, only 2.x is read", major, minor);
        return -1;
    }
    pf->snaplen = get32(pf, h + 16);
    if (pf->snaplen == 0 || pf->snaplen > PCAP_MAX_SNAPLEN)
        pf->snaplen = PCAP_MAX_SNAPLEN;     /* as libpcap: "no limit" */
    lt = get32(pf, h + 20);
    pf->linktype = lt & 0xffffu;            /* libpcap's LT_LINKTYPE */
    if (lt & 0x04000000u)                   /* FCS length present */
        pf->fcs_len = (lt >> 28) * 2;       /* in 16-bit words */
    return 0;
}

/* Read and throw away n bytes (stdin cannot seek). 0, or -1 at the end. */
static int skip_bytes(FILE *f, uint32_t n)
{
    uint8_t junk[4096];

    while (n > 0) {
        size_t k = n < sizeof junk ? n : sizeof junk;

        if (fread(junk, 1, k, f) != k)
            return -1;
        n -= (uint32_t)k;
    }
    return 0;
}

int pcap_read(struct pcap_file *pf, struct pcap_record *rec,
              uint8_t *buf, size_t cap)
{
    uint8_t r[24];
    size_t want = pf->modified ? 24 : 16;
    size_t n = fread(r, 1, want, pf->f);
    uint32_t keep, fcs_at;

    if (n == 0 && feof(pf->f))
        return 0;
    if (n != want)
        return ferror(pf->f) ? fail_errno(pf, "reading pcap record")
                             : fail(pf, "truncated pcap record header");
    rec->sec = get32(pf, r);
    rec->usec = get32(pf, r + 4);
    rec->caplen = get32(pf, r + 8);
    rec->origlen = get32(pf, r + 12);
    rec->cut = 0;
    if (rec->caplen > PCAP_MAX_SNAPLEN) {       /* a damaged file: stop */
        snprintf(pf->err, sizeof pf->err,
                 "bad pcap record: %u bytes, more than the largest a pcap "
                 "file holds (%u)", rec->caplen, (unsigned)PCAP_MAX_SNAPLEN);
        return -1;
    }
    keep = rec->caplen;
    if (keep > pf->snaplen)
        keep = pf->snaplen;
    if (keep > cap)
        keep = (uint32_t)cap;
    if (fread(buf, 1, keep, pf->f) != keep)
        return fail(pf, "truncated pcap record: file ends inside its data");
    if (keep < rec->caplen) {                   /* libpcap keeps going */
        rec->cut = rec->caplen - keep;
        snprintf(pf->err, sizeof pf->err,
                 "record of %u bytes cut to %u: %s %u", rec->caplen, keep,
                 keep == pf->snaplen ? "longer than the snap length"
                                     : "longer than the buffer of", keep);
        if (skip_bytes(pf->f, rec->cut))
            return fail(pf, "truncated pcap record: file ends inside its data");
        rec->caplen = keep;
    }
    if (pf->fcs_len) {                          /* the FCS: last bytes on the wire */
        fcs_at = rec->origlen > pf->fcs_len ? rec->origlen - pf->fcs_len : 0;
        if (rec->caplen > fcs_at)
            rec->caplen = fcs_at;
        rec->origlen = fcs_at;
    }
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
