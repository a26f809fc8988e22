#!/usr/bin/env bash
# make deps: install the test tools that are missing, with apt-get, when root.
# make test and make demo run it first, so a fresh machine needs nothing else.
set -euo pipefail

# command  Debian package
need=(
    "bats bats"
    "tcpdump tcpdump"
    "tshark tshark"
    "ping iputils-ping"
    "arping iputils-arping"
    "tracepath iputils-tracepath"
    "nc netcat-openbsd"
    "ethtool ethtool"
    "ip iproute2"
    "nstat iproute2"
    "setpriv util-linux"
    "unshare util-linux"
    "ss iproute2"
    "perl perl-base"
    "sysctl procps"
    "strace strace"
    "faketime faketime"
    "editcap wireshark-common"
    "wget wget"
    "python3 python3"
)
missing=()
for pair in "${need[@]}"; do
    set -- $pair
    command -v "$1" >/dev/null 2>&1 || missing+=("$2")
done
# netbase: /etc/protocols and /etc/services, absent from a minimal Debian.
# The programs know the usual protocol names without it; getent, tcpdump
# and tshark use it, and the tests compare names with theirs.
[ -e /etc/protocols ] || missing+=(netbase)
# netcat-traditional also provides nc, without -z -w on UDP: insist on OpenBSD's.
if command -v nc >/dev/null 2>&1 && ! nc -h 2>&1 | grep -q -- '-U'; then
    missing+=(netcat-openbsd)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing: ${missing[*]}; run 'sudo make deps'" >&2
    exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer no, without a prompt.
echo "wireshark-common wireshark-common/install-setuid boolean false" |
    debconf-set-selections 2>/dev/null || true
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
