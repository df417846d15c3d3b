#!/usr/bin/env bash
# What merging duplicate postings costs: `skillgap gap` with merging (the default) and with
# --no-dedup, on postings from `skillgap generate` (string ids, companies, and 3% of rows that copy
# a recent posting, so both readings happen), and on the anchors' data (integer ids, no company:
# one reading). Prints wall time, CPU time and peak RSS of one run each.
#
#   bash bench/dedup.sh [SIZE ...]     # SIZE: 1m, 10m (default: 1m 10m)
#
# Data: $DATA/generated-SIZE (default $HOME/.cache/skillgap-bench), written by `skillgap generate
# --seed 11` when missing; the anchors' data as in scale.sh. Env: SKILLGAP (default
# target/release/skillgap). Needs GNU time. Do not run beside a build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
anchors=$here/../../shared/bench
SKILLGAP=${SKILLGAP:-$(pwd)/target/release/skillgap}
DATA=${DATA:-$HOME/.cache/skillgap-bench}
[[ -x $SKILLGAP ]] || { echo "no skillgap binary at $SKILLGAP (cargo build --release)"; exit 2; }
rows() { case $1 in 1m) echo 1000000;; 10m) echo 10000000;; *) echo "bad size $1" >&2; exit 2;; esac; }
printf '%-6s %-10s %-10s %8s %8s %10s\n' size data dedup wall_s cpu_s peak_MiB
for size in "${@:-1m 10m}"; do
  gen=$DATA/generated-$size
  [[ -f $gen/postings.csv ]] || "$SKILLGAP" -q generate --postings "$(rows "$size")" --graduates 4000 --seed 11 --out "$gen"
  anchor=$DATA/$size
  [[ -f $anchor/postings.csv ]] || (cd "$anchors" && python3.11 gen.py --postings "$(rows "$size")" --out "$anchor" >/dev/null)
  for d in "$gen" "$anchor"; do
    cat "$d"/*.csv > /dev/null
    for flag in "" "--no-dedup"; do
      out=$(mktemp -d)
      /usr/bin/time -f '%e %U %S %M' -o "$out/time" "$SKILLGAP" -q gap --postings "$d/postings.csv" \
        --graduates "$d/graduates.csv" --format csv $flag -o "$out/gaps.csv"
      read -r wall user sys rss < "$out/time"
      awk -v s="$size" -v d="$(basename "$d")" -v f="${flag:-merged}" -v w="$wall" -v u="$user" -v y="$sys" -v r="$rss" \
        'BEGIN { printf "%-6s %-10s %-10s %8.2f %8.2f %10.0f\n", s, d, f, w, u + y, r / 1024 }'
      rm -rf "$out"
    done
  done
done
