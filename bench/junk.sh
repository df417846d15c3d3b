#!/usr/bin/env bash
# Cost against junk: time and peak memory of `skillgap gap` on inputs full of labels it cannot
# place, of very long titles and of rejected rows, beside the normal case of the same size.
#
#   bash bench/junk.sh                 # every case, with $SKILLGAP
#   BEFORE=/path/to/old/skillgap bash bench/junk.sh   # and the same cases with another build
#   CASES="long-1k rejects-2m" bash bench/junk.sh      # some cases only
#
# Cases (data written by awk into $DATA, default $HOME/.cache/skillgap-bench/junk, when missing):
#   normal-200k   200,000 postings over 12 cities and 6 specialisations (a few dozen labels)
#   labels-200k   200,000 postings, each with a distinct title that names no specialisation and
#                 a distinct city that names no place: 400,000 distinct unplaced labels
#                 (run with --unmapped, which lists every one of them)
#   labels-50k, labels-100k   the first 50,000 and 100,000 of them (100,000 and 200,000 labels):
#                 with labels-200k and normal-200k, the memory each distinct label costs
#   long-1k       1,000 postings whose titles are 1,000 words each, none known
#   normal-2m     2,000,000 valid postings
#   rejects-2m    2,000,000 postings of which all but 1,000 are rejected (an impossible date),
#                 run with --rejects, which lists every one of them
# Env: SKILLGAP (default target/release/skillgap), BEFORE (optional), CASES, DATA. Needs GNU time.
# Do not run beside a build: the machine has 2 cores.
set -euo pipefail
SKILLGAP=${SKILLGAP:-$(pwd)/target/release/skillgap}
DATA=${DATA:-$HOME/.cache/skillgap-bench/junk}
[[ -x $SKILLGAP ]] || { echo "no skillgap binary at $SKILLGAP (cargo build --release)"; exit 2; }
mkdir -p "$DATA"

header=posting_id,posted_date,title,specialisation,region,city,vacancies
gen() { # NAME AWK-PROGRAM: writes $DATA/NAME.csv once
  [[ -f $DATA/$1.csv ]] && return
  { echo "$header"; awk "BEGIN { srand(7); $2 }"; } > "$DATA/$1.csv.tmp"
  mv "$DATA/$1.csv.tmp" "$DATA/$1.csv"
}
cities='split("Casablanca Rabat Marrakech Fes Tanger Agadir Oujda Kenitra Tetouan Meknes Safi Laayoune", c, " ")'
specs='split("cybersecurity data devops cloud web-development software-development", s, " ")'
gen normal-200k "$cities; $specs; for (i = 0; i < 200000; i++) printf \"P%d,2025-%02d-15,Ingenieur,%s,,%s,1\n\", i, i % 12 + 1, s[i % 6 + 1], c[i % 12 + 1]"
for n in 50 100 200; do
  gen labels-${n}k "for (i = 0; i < $n * 1000; i++) printf \"P%d,2025-%02d-15,Poste vague numero %d,,,Lieu dit %d,1\n\", i, i % 12 + 1, i, i"
done
gen long-1k "for (i = 0; i < 1000; i++) { printf \"P%d,2025-01-15,\", i; for (w = 0; w < 1000; w++) printf \"mot%d \", (i * 7 + w) % 5000; printf \",,,Rabat,1\n\" }"
gen normal-2m "$cities; $specs; for (i = 0; i < 2000000; i++) printf \"P%d,2025-%02d-15,Ingenieur,%s,,%s,1\n\", i, i % 12 + 1, s[i % 6 + 1], c[i % 12 + 1]"
gen rejects-2m "$cities; $specs; for (i = 0; i < 2000000; i++) printf \"P%d,2025-%s-15,Ingenieur,%s,,%s,1\n\", i, (i % 2000 == 0 ? \"03\" : \"13\"), s[i % 6 + 1], c[i % 12 + 1]"
[[ -f $DATA/graduates.csv ]] || printf 'year,region,field,graduates\n2025,Casablanca-Settat,Génie informatique,20\n2025,Rabat-Salé-Kénitra,Développement digital,10\n' > "$DATA/graduates.csv"

extra() { case $1 in labels-*) echo --unmapped;; rejects-*) echo --rejects;; esac; }
printf '%-8s %-12s %10s %8s %8s %10s\n' build case rows wall_s cpu_s peak_MiB
for build in after before; do
  bin=$SKILLGAP
  if [[ $build == before ]]; then [[ -n ${BEFORE:-} ]] || continue; bin=$BEFORE; fi
  for case in ${CASES:-normal-200k labels-50k labels-100k labels-200k long-1k normal-2m rejects-2m}; do
    f=$DATA/$case.csv
    cat "$f" > /dev/null
    out=$(mktemp -d)
    flag=$(extra "$case")
    # exit 0 or 3 (rows rejected) are both a completed run
    /usr/bin/time -f '%e %U %S %M' -o "$out/time" "$bin" -q gap --postings "$f" \
      --graduates "$DATA/graduates.csv" --format csv -o "$out/gaps.csv" \
      ${flag:+$flag "$out/side.csv"} || [[ $? == 3 ]]
    read -r wall user sys rss < "$out/time"
    n=$(($(wc -l < "$f") - 1))
    awk -v b="$build" -v c="$case" -v n="$n" -v w="$wall" -v u="$user" -v y="$sys" -v r="$rss" \
      'BEGIN { printf "%-8s %-12s %10d %8.2f %8.2f %10.0f\n", b, c, n, w, u + y, r / 1024 }'
    rm -rf "$out"
  done
done
