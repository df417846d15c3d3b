#!/usr/bin/env bash
# Skills extraction speed: folding and matching posting text on one core (examples/skills_bench.rs),
# and `skillgap skills` end to end, on postings from `skillgap generate --descriptions`.
#
#   bash bench/skills.sh [N]     # N postings (default 200000)
#
# Data: $DATA/skills-N (default $HOME/.cache/skillgap-bench), written when missing. Env: SKILLGAP
# (default target/release/skillgap). Needs `cargo build --release --example skills_bench` and GNU
# time. Do not run beside a build.
set -euo pipefail
n=${1:-200000}
SKILLGAP=${SKILLGAP:-$(pwd)/target/release/skillgap}
BENCH=${BENCH:-$(pwd)/target/release/examples/skills_bench}
DATA=${DATA:-$HOME/.cache/skillgap-bench}
[[ -x $SKILLGAP ]] || { echo "no skillgap binary at $SKILLGAP (cargo build --release)"; exit 2; }
[[ -x $BENCH ]] || { echo "no $BENCH (cargo build --release --example skills_bench)"; exit 2; }
d=$DATA/skills-$n
[[ -f $d/postings.csv ]] || "$SKILLGAP" -q generate --postings "$n" --graduates 400 --seed 14 --descriptions --out "$d"
cat "$d/postings.csv" > /dev/null
echo "postings.csv: $(du -m "$d/postings.csv" | cut -f1) MB"
"$BENCH" "$d/postings.csv"
out=$(mktemp -d)
/usr/bin/time -f '%e %U %S %M' -o "$out/time" "$SKILLGAP" -q skills --postings "$d/postings.csv" \
  --by region,specialisation --top 0 -o "$out/skills.csv"
read -r wall user sys rss < "$out/time"
echo "skillgap skills --by region,specialisation: wall ${wall} s, cpu $(echo "$user + $sys" | bc) s, peak $((rss / 1024)) MiB"
rm -rf "$out"
