/*
 * privilege.h - give up root once the sockets are open.
 *
 * A raw or packet socket keeps working after its owner loses the privilege
 * that opened it, so a program opens and configures every socket first and
 * then calls drop_privileges():
 *
 *   - run by sudo (euid 0, SUDO_UID and SUDO_GID set): become that user;
 *   - a setuid binary (real uid != effective uid): become the real user;
 *   - a binary given CAP_NET_RAW with setcap, run by a user: clear the
 *     capabilities;
 *   - otherwise (plain root, or nothing to drop): do nothing.
 *
 * Every call is checked, and afterwards it verifies that root cannot be
 * taken back. A failure exits 2.
 */
#ifndef COMMON_PRIVILEGE_H
#define COMMON_PRIVILEGE_H

void drop_privileges(void);

#endif
