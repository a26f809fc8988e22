/* privilege.c - see privilege.h. */
#include "privilege.h"
#include "errors.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static unsigned long env_id(const char *name)
{
    const char *s = getenv(name);
    char *end;
    unsigned long v;

    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || end == s || *end || v > 0xfffffffeul)
        die_msg("bad %s '%s': expected a user or group id", name, s);
    return v;
}

/* Clear every capability of this process (libc has no wrapper: the raw
 * capget/capset system calls, as capabilities(7) describes). */
static void clear_capabilities(void)
{
    struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2] = { { 0, 0, 0 }, { 0, 0, 0 } };

    if (syscall(SYS_capget, &hdr, data) != 0)
        die("capget");
    if (!(data[0].permitted | data[1].permitted | data[0].effective | data[1].effective))
        return;
    data[0].effective = data[0].permitted = data[0].inheritable = 0;
    data[1].effective = data[1].permitted = data[1].inheritable = 0;
    if (syscall(SYS_capset, &hdr, data) != 0)
        die("capset");
}

void drop_privileges(void)
{
    uid_t uid = getuid();
    gid_t gid = getgid();

    if (geteuid() == 0 && (getenv("SUDO_UID") || getenv("SUDO_GID"))) {
        if (!getenv("SUDO_UID") || !getenv("SUDO_GID"))    /* staying root */
            die_msg("%s is set without %s: refusing to guess whom to run as",
                    getenv("SUDO_UID") ? "SUDO_UID" : "SUDO_GID",
                    getenv("SUDO_UID") ? "SUDO_GID" : "SUDO_UID");
        uid = (uid_t)env_id("SUDO_UID");
        gid = (gid_t)env_id("SUDO_GID");
    }
    if (uid == 0 && geteuid() == 0)
        return;                         /* root by choice: nothing to drop */
    if (uid != geteuid() || gid != getegid()) {
        if (geteuid() == 0 && setgroups(0, NULL) != 0)
            die("setgroups");
        if (setresgid(gid, gid, gid) != 0)
            die("setresgid");
        if (setresuid(uid, uid, uid) != 0)
            die("setresuid");
        if (getuid() != uid || geteuid() != uid || getegid() != gid)
            die_msg("dropping privileges: ids did not change");
        if (uid != 0 && setuid(0) == 0)
            die_msg("dropping privileges: root could be taken back");
    }
    clear_capabilities();
}
