#!/usr/bin/env bash
# llmcost side by side with ccusage (issue 17). Installs ccusage 20.0.24 from npm (its native linux-x64 binary) into
# $WORK, generates the three Claude Code log sets with this harness, then runs, alternately and $RUNS times each,
#   ccusage daily --offline --json          (CLAUDE_CONFIG_DIR pointing at the set)
#   llmcost import SET --recurse --db NEW   (a new store each time: the first import; built as the linux-x64 tool
#                                           package ships it, natively compiled; LLMCOST_BUILD=r2r for ReadyToRun)
# with the page cache warm, and prints the median wall time and peak RSS of each, their ratio, and both tools' total
# cost of the set. Usage: RUNS=5 WORK=/tmp/llmcost-vs-ccusage tests/LlmCost.Benchmarks/compare-ccusage.sh
set -euo pipefail
RUNS=${RUNS:-3}
WORK=${WORK:-/tmp/llmcost-vs-ccusage}
repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$WORK"

# llmcost as users get it on linux-x64: natively compiled (the packed tool is published so); ReadyToRun, as the other
# platforms' packages are, with LLMCOST_BUILD=r2r.
if [ "${LLMCOST_BUILD:-native}" = r2r ]; then
    dotnet publish "$repo/src/LlmCost.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$WORK/llmcost" -v q -nologo >/dev/null
else
    dotnet publish "$repo/src/LlmCost.Cli" -c Release -r linux-x64 -p:LlmCostNative=true -o "$WORK/llmcost" -v q -nologo >/dev/null
fi
dotnet build -c Release "$repo/tests/LlmCost.Benchmarks" -v q -nologo >/dev/null
llmcost=("$WORK/llmcost/llmcost")
bench=(dotnet "$repo/tests/LlmCost.Benchmarks/bin/Release/net10.0/LlmCost.Benchmarks.dll")

cc="$WORK/npm/node_modules/@ccusage/ccusage-linux-x64/bin/ccusage"
if [ ! -f "$cc" ]; then
    npm install --no-audit --no-fund --prefix "$WORK/npm" ccusage@20.0.24 >/dev/null
fi
chmod +x "$cc"

# name lines files
sets=("100k-500 100000 500" "1M-5000 1000000 5000" "1M-200 1000000 200")
for s in "${sets[@]}"; do
    read -r name lines files <<<"$s"
    if [ ! -d "$WORK/sets/$name/projects" ]; then
        "${bench[@]}" generate --lines "$lines" --files "$files" --out "$WORK/sets/$name/projects" >/dev/null
    fi
done

# Wall seconds and peak RSS (MB) of one run: "SECONDS MB".
measure() {
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>"$WORK/err.txt" || { cat "$WORK/err.txt" >&2; exit 1; }
    awk '{ printf "%s %d\n", $1, $2 / 1024 }' "$WORK/time.txt"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

printf "%-9s  %14s  %14s  %7s  %9s  %9s  %16s  %16s\n" set "ccusage s" "llmcost s" ratio "cc MB" "lc MB" "ccusage total" "llmcost total"
for s in "${sets[@]}"; do
    read -r name lines files <<<"$s"
    dir="$WORK/sets/$name"
    find "$dir/projects" -type f -exec cat {} + >/dev/null # page cache warm for both
    : >"$WORK/cc.txt"; : >"$WORK/lc.txt"
    for run in $(seq "$RUNS"); do
        CLAUDE_CONFIG_DIR="$dir" measure "$cc" daily --offline --json >>"$WORK/cc.txt"
        cc_total=$(python3 -c 'import json,sys; print("%.6f" % json.load(open(sys.argv[1]))["totals"]["totalCost"])' "$WORK/out.txt")
        rm -f "$WORK/store.db" "$WORK/store.db-wal" "$WORK/store.db-shm"
        measure "${llmcost[@]}" import "$dir/projects" --recurse --db "$WORK/store.db" >>"$WORK/lc.txt"
        lc_total=$("${llmcost[@]}" cost --db "$WORK/store.db" --json | python3 -c 'import json,sys; print("%.6f" % json.load(sys.stdin)["total"]["cost"])')
    done
    cc_s=$(cut -d' ' -f1 "$WORK/cc.txt" | median); lc_s=$(cut -d' ' -f1 "$WORK/lc.txt" | median)
    cc_mb=$(cut -d' ' -f2 "$WORK/cc.txt" | median); lc_mb=$(cut -d' ' -f2 "$WORK/lc.txt" | median)
    ratio=$(awk -v a="$lc_s" -v b="$cc_s" 'BEGIN { printf "%.2f", a / b }')
    printf "%-9s  %14s  %14s  %7s  %9s  %9s  %16s  %16s\n" "$name" "$cc_s" "$lc_s" "$ratio" "$cc_mb" "$lc_mb" "$cc_total" "$lc_total"
    echo "  runs: ccusage $(cut -d' ' -f1 "$WORK/cc.txt" | tr '\n' ' ')| llmcost $(cut -d' ' -f1 "$WORK/lc.txt" | tr '\n' ' ')"
done
echo "ratio = llmcost / ccusage wall time (issue 17's target: 0.67 or less); medians of $RUNS alternate runs each"
