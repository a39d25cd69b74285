#!/usr/bin/env bash
# How fast `llmcost cost` answers while a 1M-line import is writing to the same store (issue 13: under 100 ms).
# Publishes llmcost as the linux-x64 tool package ships it (natively compiled), generates the 1M-line set with this
# harness if missing, starts the import into a new store, and runs `llmcost cost --json` every 50 ms until the import
# ends; prints the number of runs, median, 95th percentile and slowest, and the exit codes seen.
# Usage: WORK=/tmp/llmcost-vs-ccusage tests/LlmCost.Benchmarks/cost-during-import.sh
set -euo pipefail
WORK=${WORK:-/tmp/llmcost-vs-ccusage}
repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$WORK"
dotnet publish "$repo/src/LlmCost.Cli" -c Release -r linux-x64 -p:LlmCostNative=true -o "$WORK/llmcost-native" -v q -nologo >/dev/null
llmcost="$WORK/llmcost-native/llmcost"
set1m="$WORK/sets/1M-200/projects"
if [ ! -d "$set1m" ]; then
    dotnet build -c Release "$repo/tests/LlmCost.Benchmarks" -v q -nologo >/dev/null
    dotnet "$repo/tests/LlmCost.Benchmarks/bin/Release/net10.0/LlmCost.Benchmarks.dll" generate --lines 1000000 --files 200 --out "$set1m" >/dev/null
fi
db="$WORK/live.db"
rm -f "$db" "$db-wal" "$db-shm" "$WORK/live.done"
"$llmcost" store init --db "$db" >/dev/null
( "$llmcost" import "$set1m" --recurse --db "$db" >/dev/null 2>&1; touch "$WORK/live.done" ) &
sleep 0.5
python3 - "$llmcost" "$db" "$WORK/live.done" <<'PY'
import os, statistics, subprocess, sys, time
llmcost, db, done = sys.argv[1:4]
times, codes = [], set()
while not os.path.exists(done):
    t = time.perf_counter()
    codes.add(subprocess.run([llmcost, "cost", "--db", db, "--json"], capture_output=True).returncode)
    times.append((time.perf_counter() - t) * 1000)
    time.sleep(0.05)
times.sort()
print(f"{len(times)} runs of llmcost cost during the import: median {statistics.median(times):.1f} ms, "
      f"p95 {times[int(len(times) * 0.95)]:.1f} ms, slowest {times[-1]:.1f} ms; exit codes {sorted(codes)}")
PY
wait
