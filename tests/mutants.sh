#!/usr/bin/env bash
# make mutants: the pitfalls list, executable. Each tests/mutants/*.patch is
# one small bug (a pitfall of DESIGN.md, or a program's central claim made
# false); the suite must catch every one.
#
#   tests/mutants.sh [PATCH...]      (default: every tests/mutants/*.patch)
#
# For each patch: copy the built tree (tracked files and build outputs,
# timestamps kept, .git left out) to a scratch directory, apply the patch
# there with `git apply` (no fuzz: a patch that does not apply exactly is
# STALE, and counted), rebuild (make rebuilds only what the patch touched;
# a patch that no longer builds is STALE too), then run the bats files that
# cover it, one after the other, stopping at the first failing test:
#   killed by tests/NN-x.bats: <the test's name>     or     SURVIVED
# and last `mutants: N killed, N survived, N stale`. Exit 1 when any
# survived or is stale.
#
# Which bats files cover a patch: its header, the lines before the diff:
#   # tests: tests/13-ping.bats tests/17-ping-unprivileged.bats
#   # claim: what the change breaks, and what must notice
# Without a "# tests:" line, from the name: pN-NN-what.patch -> the files
# tests/N<last digit of NN>-*.bats (p1-03 -> tests/13-*, p2-07 -> tests/27-*).
#
# MUTANT_JOBS (default 2) mutants run at once: two cores. Needs what
# make test needs (root, the tools of make deps); run `make` first (make
# mutants does), since the scratch copies start from the built tree.
{ # the whole script is read before it runs: editing it mid-run is safe
set -uo pipefail
cd "$(dirname "$0")/.."
top=$PWD
jobs=${MUTANT_JOBS:-2}
export BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-30}

if [ $# -gt 0 ]; then patches=("$@"); else patches=(tests/mutants/*.patch); fi
for i in "${!patches[@]}"; do                  # absolute: applied elsewhere
    patches[i]=$(realpath -- "${patches[i]}") || exit 2
done
work=$(mktemp -d /tmp/mutants.XXXXXX)
trap 'rm -rf "$work"' EXIT

# covering PATCH: the bats files named in its header, or derived from its name
covering() {
    local files name part nn
    files=$(sed -n '/^diff /q; s/^# tests: *//p' "$1" | tr -s ' \t' '\n\n')
    if [ -z "$files" ]; then
        name=$(basename "$1")
        if [[ $name =~ ^p([0-9])-([0-9])([0-9])- ]]; then
            part=${BASH_REMATCH[1]} nn=${BASH_REMATCH[3]}
            files=$(ls tests/"$part$nn"-*.bats 2>/dev/null)
        fi
    fi
    echo "$files"
}

# sweep: the namespaces of bats runs that are gone (setup_suite's sweep)
sweep() { (source tests/setup_suite.bash && setup_suite); }

# one PATCH RESULTFILE: run one mutant, write its table row to RESULTFILE
one() {
    local patch=$1 res=$2 dir f log line rc bpid
    dir=$(mktemp -d "$work/m.XXXXXX")
    log=$dir.log
    cp -a "$work/base/." "$dir"
    if ! (cd "$dir" && git apply "$patch") >"$log" 2>&1; then
        echo "STALE: does not apply ($(head -n 1 "$log"))" >"$res"
        rm -rf "$dir"
        return
    fi
    if ! make -C "$dir" -s -j1 part1 part2 part3 unit >"$log" 2>&1; then
        echo "STALE: does not build ($(grep -m1 'error' "$log"))" >"$res"
        rm -rf "$dir"
        return
    fi
    files=$(covering "$patch")
    if [ -z "$files" ]; then
        echo "STALE: no covering bats file (no '# tests:' header, no pN-NN- name)" >"$res"
        rm -rf "$dir"
        return
    fi
    for f in $files; do
        if [ ! -f "$dir/$f" ]; then
            echo "STALE: covering file $f does not exist" >"$res"
            rm -rf "$dir"
            return
        fi
        # bats goes on after a failure; the first "not ok" is enough: end
        # its process group (setsid: its own), then sweep its namespaces
        (cd "$dir" && exec setsid timeout -k 10 "${FILE_TIMEOUT:-180}" \
            bats --tap "$f") >"$log" 2>&1 &
        bpid=$!
        while kill -0 "$bpid" 2>/dev/null; do
            if grep -qE '^not ok [0-9]+' "$log"; then
                kill -TERM -- "-$bpid" 2>/dev/null
                break
            fi
            sleep 0.3
        done
        wait "$bpid"
        rc=$?
        sweep
        line=$(grep -m1 -E '^not ok [0-9]+' "$log")
        if [ -n "$line" ]; then
            echo "killed by $f: $(sed -E 's/^not ok [0-9]+ //; s/ # .*//' <<<"$line")" >"$res"
            rm -rf "$dir"
            return
        fi
        if [ "$rc" -ne 0 ]; then
            echo "killed by $f: bats exit $rc (cut off or crashed)" >"$res"
            rm -rf "$dir"
            return
        fi
    done
    echo "SURVIVED ($(echo $files))" >"$res"
    rm -rf "$dir"
}

# the tree as it is now, built, once: later edits do not leak into the run
mkdir "$work/base"
tar -C "$top" --exclude=./.git --exclude=./test-output -cf - . | tar -C "$work/base" -xf -

i=0
for p in "${patches[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    one "$p" "$work/res.$i" &
    i=$((i + 1))
done
wait

killed=0 survived=0 stale=0 i=0
for p in "${patches[@]}"; do
    row=$(cat "$work/res.$i" 2>/dev/null || echo "STALE: no result")
    printf '%-44s %s\n' "$(basename "$p" .patch)" "$row"
    case $row in
        killed*) killed=$((killed + 1)) ;;
        SURVIVED*) survived=$((survived + 1)) ;;
        *) stale=$((stale + 1)) ;;
    esac
    i=$((i + 1))
done
echo "mutants: $killed killed, $survived survived, $stale stale"
[ "$survived" -eq 0 ] && [ "$stale" -eq 0 ]
exit
}
