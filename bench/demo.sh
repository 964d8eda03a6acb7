#!/usr/bin/env bash
# Wall time and peak RSS of `boldly demo` on this machine, with the load average before and after.
#
#     bash bench/demo.sh [OUT_DIR]
#
# Runs the demo of this checkout (PYTHONPATH=src) in a fresh log directory, so nothing is resumed, under
# GNU time (`/usr/bin/time -v`); prints the load, then the figures the targets name (elapsed wall clock,
# maximum resident set size) and the CPU the process used. The full GNU time report is in OUT_DIR/time.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-$(mktemp -d /tmp/boldly-demo.XXXX)}"
mkdir -p "$out"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores; logs in $out"
PYTHONPATH=src /usr/bin/time -v -o "$out/time.txt" \
    python -m boldly demo --log-dir "$out/logs" >"$out/demo.txt" 2>&1 || status=$?
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); exit status ${status:-0}"
grep -E "Elapsed \(wall clock\)|Maximum resident set size|User time|System time|Percent of CPU" "$out/time.txt"
