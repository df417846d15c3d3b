#!/usr/bin/env bash
# Runs `skillgap gap` once per size under GNU time and prints wall time, CPU time, peak RSS and
# throughput, to check that time grows linearly and memory stays flat with the number of postings.
#
#   bash bench/scale.sh [SIZE ...]     # SIZE: 1m, 10m, 100m (default: 1m 10m)
#
# Data: the anchors' generator (../shared/bench/gen.py, seed 42) in $DATA (default
# $HOME/.cache/skillgap-bench, the same folder compare.sh uses); generated when missing.
# Env: SKILLGAP (default target/release/skillgap). Needs python3.11 with numpy and polars, GNU time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
anchors=$here/../../shared/bench
SKILLGAP=${SKILLGAP:-$(pwd)/target/release/skillgap}
DATA=${DATA:-$HOME/.cache/skillgap-bench}
[[ -x $SKILLGAP ]] || { echo "no skillgap binary at $SKILLGAP (cargo build --release)"; exit 2; }
rows() { case $1 in 1m) echo 1000000;; 10m) echo 10000000;; 100m) echo 100000000;; *) echo "bad size $1" >&2; exit 2;; esac; }
printf '%-6s %10s %8s %8s %10s %12s %8s\n' size rows wall_s cpu_s peak_MiB rows_per_s MB_s
for size in "${@:-1m 10m}"; do
  d=$DATA/$size
  [[ -f $d/postings.csv ]] || (cd "$anchors" && python3.11 gen.py --postings "$(rows "$size")" --out "$d" >/dev/null)
  bytes=$(stat -c %s "$d/postings.csv")
  out=$(mktemp -d)
  /usr/bin/time -f '%e %U %S %M' -o "$out/time" "$SKILLGAP" -q gap --postings "$d/postings.csv" \
    --graduates "$d/graduates.csv" --from 2024 --to 2025 --format csv -o "$out/gaps.csv"
  read -r wall user sys rss < "$out/time"
  n=$(rows "$size")
  awk -v s="$size" -v n="$n" -v w="$wall" -v u="$user" -v y="$sys" -v r="$rss" -v b="$bytes" \
    'BEGIN { printf "%-6s %10d %8.2f %8.2f %10.0f %12.0f %8.0f\n", s, n, w, u + y, r / 1024, n / w, b / 1e6 / w }'
  rm -rf "$out"
done
