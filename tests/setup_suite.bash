# setup_suite.bash - before any suite: remove namespaces left by earlier runs
# whose process is gone (rawt-<PID>-... of bats, rawdemo-<PID>-... of
# tests/demo.sh, rawcheck-<PID>-... of tests/check-lab.sh), so a killed run
# leaves no trace.

setup_suite() {
    local as_root="" ns pid
    if [ "$(id -u)" -ne 0 ]; then
        sudo -n true 2>/dev/null || return 0
        as_root="sudo -n"
    fi
    for ns in $($as_root ip netns list 2>/dev/null | awk '{print $1}'); do
        case $ns in rawt-*|rawdemo-*|rawcheck-*) ;; *) continue ;; esac
        pid=${ns#*-}
        pid=${pid%%-*}
        [ -d "/proc/$pid" ] && continue
        for p in $($as_root ip netns pids "$ns" 2>/dev/null); do
            $as_root kill -9 "$p" 2>/dev/null
        done
        $as_root ip netns delete "$ns" 2>/dev/null
    done
    return 0
}
