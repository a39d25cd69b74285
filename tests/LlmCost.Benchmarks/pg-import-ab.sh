#!/bin/bash
# A/B of the team store's first import: pg-import-ab.sh SET ROUNDS BUILD_DIR...
# Imports the log folder SET into a new database of a PostgreSQL server on 127.0.0.1:$PGPORT (default 55432, user
# postgres, trust or PGPASSWORD) with each build's `llmcost` in turn, ROUNDS times, and prints wall seconds, peak RSS
# (KB) and the counts for each run. Each database is dropped afterwards.
set -u
SET=$1; ROUNDS=$2; shift 2
PORT=${PGPORT:-55432}
P="psql -qh 127.0.0.1 -p $PORT -U postgres"
for round in $(seq 1 "$ROUNDS"); do
  for build in "$@"; do
    db=ab_$(basename "$build" | tr -c 'a-zA-Z0-9\n' _ | tr A-Z a-z)_$round
    $P -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" -c "CHECKPOINT" >/dev/null 2>&1
    out=$(/usr/bin/time -f "%e %M" -o /tmp/pg-import-ab.time "$build/llmcost" import "$SET" --recurse \
          --db "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=$db" 2>&1) || echo "$out" | tail -3
    echo "$build $(cat /tmp/pg-import-ab.time) $(echo "$out" | grep -o '[0-9,]* added, [0-9,]* updated')"
    $P -c "DROP DATABASE $db" >/dev/null 2>&1
  done
done
