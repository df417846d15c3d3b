#!/usr/bin/env bash
# Skills extraction speed, on postings from `skillgap generate --descriptions`: `skillgap skills`
# end to end, with the throughput per core in MB of text (description + skills cells, 1 MB = 10^6
# bytes) per CPU second. The CPU time includes reading, parsing and placing the rows; the
# extraction alone (folding and matching, timed inside the workers and printed by `skills -v`) is
# shown beside it. examples/skills_bench.rs times the same on one thread outside the pipeline when
# built (cargo build --release --example skills_bench; it builds the dev-dependencies).
#
#   bash bench/skills.sh [N]     # N postings (default 200000)
#
# Data: $DATA/skills-N (default $HOME/.cache/skillgap-bench), written when missing. Env: SKILLGAP
# (default target/release/skillgap). Needs GNU time and python3. Do not run beside a build.
set -euo pipefail
n=${1:-200000}
SKILLGAP=${SKILLGAP:-$(pwd)/target/release/skillgap}
BENCH=${BENCH:-$(pwd)/target/release/examples/skills_bench}
DATA=${DATA:-$HOME/.cache/skillgap-bench}
[[ -x $SKILLGAP ]] || { echo "no skillgap binary at $SKILLGAP (cargo build --release)"; exit 2; }
d=$DATA/skills-$n
[[ -f $d/postings.csv ]] || "$SKILLGAP" -q generate --postings "$n" --graduates 400 --seed 14 --descriptions --out "$d"
text=$(python3 - "$d/postings.csv" <<'PY'
import csv, sys
csv.field_size_limit(1 << 30)
r = csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""))
# a malformed row (the generator writes a few) may lack the last cells
print(sum(len((row["description"] or "").encode()) + len((row["skills"] or "").encode()) for row in r))
PY
)
echo "postings.csv: $(du -m "$d/postings.csv" | cut -f1) MiB, text $(awk -v b="$text" 'BEGIN { printf "%.1f", b / 1e6 }') MB"
for threads in default 1; do
  out=$(mktemp -d)
  if [[ $threads == 1 ]]; then pin="taskset -c 0"; else pin=""; fi
  /usr/bin/time -f '%e %U %S %M' -o "$out/time" $pin "$SKILLGAP" -v skills --postings "$d/postings.csv" \
    --by region,specialisation --top 0 -o "$out/skills.csv" 2> "$out/log"
  read -r wall user sys rss < "$out/time"
  awk -v t="$threads" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v b="$text" 'BEGIN {
    printf "skills (%s cores): wall %.2f s, cpu %.2f s, peak %d MiB: %.0f MB/s of text per core, %.0f MB/s wall\n",
      t, w, u + s, r / 1024, b / 1e6 / (u + s), b / 1e6 / w }'
  grep -o 'skills: .*' "$out/log" | sed 's/^/  extraction alone: /'
  rm -rf "$out"
done
if [[ -x $BENCH ]]; then "$BENCH" "$d/postings.csv"; fi
