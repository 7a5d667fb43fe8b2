#!/usr/bin/env bash
# Kills `mentormatch match --out` with SIGKILL at many points of a run, some
# of them mid-write, and checks that the output file is never partial (it
# holds the old result or the whole new one), keeps its permissions, and
# that the next run removes every temporary file the killed runs left.
#
# Usage: MENTORMATCH=path/to/mentormatch tests/kill_during_write.sh [PEOPLE] [KILLS]
# (defaults: 100000 people, 20 timed kills). Driven by
# cli/tests/kill_during_write.rs: a small run in the normal suite, the full
# one with `cargo test --release -p mentormatch-cli --test kill_during_write -- --ignored`.
set -euo pipefail

bin=${MENTORMATCH:?set MENTORMATCH to the mentormatch binary}
people=${1:-100000}
kills=${2:-20}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

fail() { echo "kill_during_write: $*" >&2; exit 1; }
temps() { compgen -G "$dir/.out.json.mentormatch-*.tmp" || true; }
now_ns() { date +%s%N; }

"$bin" generate --people "$people" --seed 1 --out "$dir/data.json" 2>/dev/null
# The old file is another policy's result, so that it differs from the new.
"$bin" match "$dir/data.json" --policy greedy --out "$dir/old.json" 2>/dev/null
started=$(now_ns)
"$bin" match "$dir/data.json" --out "$dir/new.json" 2>/dev/null
run_ns=$(( $(now_ns) - started ))
cmp -s "$dir/old.json" "$dir/new.json" && fail "old and new results are the same"

check_intact() {
    if ! cmp -s "$dir/out.json" "$dir/old.json" && ! cmp -s "$dir/out.json" "$dir/new.json"; then
        fail "$1: out.json is neither the old nor the new result"
    fi
    [ "$(stat -c %a "$dir/out.json")" = 600 ] || fail "$1: out.json lost its mode 600"
}

# One kill after `delay_ns`, or, with delay_ns = -1, as soon as the
# temporary file appears (mid-write). Prints 1 when the kill left a
# temporary file behind.
kill_at() {
    local delay_ns=$1
    cp "$dir/old.json" "$dir/out.json"
    chmod 600 "$dir/out.json"
    "$bin" match "$dir/data.json" --out "$dir/out.json" 2>/dev/null &
    local pid=$!
    if [ "$delay_ns" -lt 0 ]; then
        while kill -0 "$pid" 2>/dev/null && ! [ -e "$dir/.out.json.mentormatch-$pid.tmp" ]; do :; done
    else
        sleep "$(awk -v ns="$delay_ns" 'BEGIN { printf "%.3f", ns / 1e9 }')"
    fi
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    check_intact "kill after ${delay_ns} ns"
    [ -e "$dir/.out.json.mentormatch-$pid.tmp" ] && echo 1 || echo 0
}

left=0
for i in $(seq 1 "$kills"); do
    # Spread over the run, and a little past it (the write is at the end).
    left=$(( left + $(kill_at $(( run_ns * i * 11 / (10 * kills) ))) ))
done
mid=0
for _ in 1 2 3; do
    mid=$(( mid + $(kill_at -1) ))
done
echo "people $people: run $(( run_ns / 1000000 )) ms, $kills timed kills and 3 at the temporary file; $(( left + mid )) kills left a temporary file ($mid at the temporary file)"

# The next run completes, writes the new result and leaves nothing behind.
cp "$dir/old.json" "$dir/out.json"
chmod 600 "$dir/out.json"
"$bin" match "$dir/data.json" --out "$dir/out.json" 2>/dev/null
cmp -s "$dir/out.json" "$dir/new.json" || fail "the next run did not write the new result"
[ "$(stat -c %a "$dir/out.json")" = 600 ] || fail "the next run lost mode 600"
[ -z "$(temps)" ] || fail "temporary files left after the next run: $(temps)"
if [ "${REQUIRE_MID_WRITE:-0}" = 1 ] && [ "$mid" -eq 0 ]; then
    fail "no kill landed mid-write"
fi
echo "ok: never a partial file, no temporary file left"
