# common.bash - what every suite loads: privilege, tools, bounded waits.
#   load helpers/common
# Also sourced by tests/demo.sh and tests/lab.sh, outside bats.

if declare -F bats_require_minimum_version >/dev/null; then
    bats_require_minimum_version 1.5.0
fi

TOP=$(cd "${BATS_TEST_DIRNAME:-$(dirname "${BASH_SOURCE[0]}")/..}/.." && pwd)
P1=$TOP/part1-ip-layer
P2=$TOP/part2-link-layer
P3=$TOP/part3-physical
UNIT=$TOP/tests/unit

# Privileged commands run through $AS_ROOT: empty as root, "sudo -n" else.
require_root() {
    if [ "$(id -u)" -eq 0 ]; then
        AS_ROOT=""
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        AS_ROOT="sudo -n"
    elif [ -n "${CI:-}" ]; then
        echo "CI is set and this test needs root (or sudo -n): refusing to skip" >&2
        return 1
    else
        skip "needs root or passwordless sudo"
    fi
}

# require_cmd CMD...: skip (fail under CI) when a tool is missing.
require_cmd() {
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 && continue
        if [ -n "${CI:-}" ]; then
            echo "CI is set and '$c' is missing (make deps installs it)" >&2
            return 1
        fi
        skip "'$c' is not installed (make deps)"
    done
}

# wait_for_line FILE REGEX [SECONDS=5]: wait until FILE has a line matching
# REGEX (grep -E); fail, showing the file, when the bound passes.
wait_for_line() {
    local file=$1 re=$2 secs=${3:-5} i
    for ((i = 0; i < secs * 20; i++)); do
        grep -qE -- "$re" "$file" 2>/dev/null && return 0
        sleep 0.05
    done
    echo "wait_for_line: no line matching '$re' in $file after ${secs}s:" >&2
    cat "$file" >&2 2>/dev/null
    return 1
}

# reap PID [SECONDS=10]: wait for a background job, bounded; sets $status to
# its exit code. A job still running at the bound is killed and fails.
reap() {
    local pid=$1 secs=${2:-10} i
    for ((i = 0; i < secs * 20; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        echo "reap: pid $pid still running after ${secs}s: killed" >&2
        return 1
    fi
    status=0
    wait "$pid" || status=$?
}

# bytes_at "LINE" FIRST COUNT: COUNT bytes of a "% X" line from byte FIRST
# (1-based, as the series counts), joined by spaces.
bytes_at() {
    echo "$1" | tr ' ' '\n' | sed -n "$2,$(($2 + $3 - 1))p" | paste -sd' '
}

# inet_csum BYTE...: the Internet checksum (RFC 1071) of hex bytes, computed
# here in shell arithmetic as the independent witness for the builders: pad
# an odd byte with zero, sum 16-bit words, fold the carries, complement.
# Prints "XX XX". Bytes may come as separate words: inet_csum $line.
inet_csum() {
    local -a b=($*)
    local sum=0 i
    (( ${#b[@]} % 2 )) && b+=(00)
    for ((i = 0; i < ${#b[@]}; i += 2)); do
        sum=$(( sum + (16#${b[i]} << 8) + 16#${b[i+1]} ))
    done
    while (( sum >> 16 )); do sum=$(( (sum & 0xffff) + (sum >> 16) )); done
    printf '%02X %02X' $(( (~sum >> 8) & 255 )) $(( ~sum & 255 ))
}
