#!/usr/bin/env bash
# Real exports as CSV and as Parquet give the same report.
#
# The two real postings exports of ../shared/data (MarocAnnonces, France Travail) are converted to
# Parquet by DuckDB twice: every column as text (`all_varchar`), and with the types DuckDB infers
# (integers, doubles, timestamps), as a data team's lake would hold them. skillgap then reads each
# Parquet file and its CSV and the outputs must be equal:
#   - `gap --format csv`, by region and specialisation and by specialisation: the same bytes;
#   - `skills --format csv` (France Travail has the text): the same bytes;
#   - `validate --format json`: the same rows read, rejected, units and reasons per input (the
#     lines differ by nature: a CSV line against a Parquet row number).
# France Travail's descriptions span up to 170 lines, within the default --max-field-lines of
# 1,000 (at a limit of 100 they counted as unterminated quotes and were rejected, and the CSV then
# read 2,307 rows where DuckDB and the Parquet file have 1,563).
# Prints one line per comparison (and the diff of any that differ); exits 1 if any differ.
#
# Usage: [ONLY=marocannonces|france-travail] bench/parquet-shared.sh [DATA_DIR]
#        (default DATA_DIR: ../shared/data beside the checkout)
# Needs: duckdb (CLI), jq; SKILLGAP (default: target/release/skillgap, else target/debug/skillgap).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$root/../shared/data}
[ -d "$data" ] || data=/work/shared/data
bin=${SKILLGAP:-}
if [ -z "$bin" ]; then
    for b in "$root/target/release/skillgap" "$root/target/debug/skillgap"; do
        [ -x "$b" ] && bin=$b && break
    done
fi
[ -x "$bin" ] || { echo "no skillgap binary: build it or set SKILLGAP" >&2; exit 2; }
command -v duckdb >/dev/null || { echo "duckdb is not installed" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
graduates=$root/sample-data/graduates.csv

# name, CSV, extra options of gap and validate
sets=(
    "marocannonces|$data/marocannonces/postings.csv|--postings-year 2023"
    "france-travail|$data/france-travail/offres.csv|"
)

# `validate`'s counts of one input, without what names the file
counts() {
    jq -S '[.inputs[] | {input, rows_read, rows_rejected, units_read, units_rejected,
                         reject_reasons}], .reject_reasons' "$1"
}

status=0
same() {
    if cmp -s "$2" "$3"; then
        printf '%-52s same (%s bytes)\n' "$1" "$(wc -c < "$2")"
    else
        printf '%-52s DIFFERENT\n' "$1"
        diff "$2" "$3" | head -20
        status=1
    fi
}

for set in "${sets[@]}"; do
    IFS='|' read -r name csv extra <<< "$set"
    # ONLY=NAME runs one of them
    [ -n "${ONLY:-}" ] && [ "$ONLY" != "$name" ] && continue
    # shellcheck disable=SC2206
    opts=($extra)
    for typed in text typed; do
        pq=$work/$name-$typed.parquet
        if [ "$typed" = text ]; then
            read_csv="read_csv('$csv', header = true, all_varchar = true)"
        else
            read_csv="read_csv('$csv', header = true)"
        fi
        duckdb -c "COPY (SELECT * FROM $read_csv) TO '$pq' (FORMAT parquet)"
        rows=$(duckdb -noheader -csv -c "SELECT count(*) FROM '$pq'")
        for by in region,specialisation specialisation; do
            "$bin" gap -q --postings "$csv" --graduates "$graduates" --by "$by" "${opts[@]}" \
                --format csv > "$work/a.csv"
            "$bin" gap -q --postings "$pq" --graduates "$graduates" --by "$by" "${opts[@]}" \
                --format csv > "$work/b.csv"
            same "$name ($typed, $rows rows): gap --by $by" "$work/a.csv" "$work/b.csv"
        done
        for input in "$csv" "$pq"; do
            "$bin" validate -q --postings "$input" --graduates "$graduates" "${opts[@]}" \
                --format json > "$work/v.json" || [ $? -eq 3 ]
            counts "$work/v.json" > "$work/$(basename "$input").counts"
        done
        same "$name ($typed): validate counts" "$work/$(basename "$csv").counts" \
            "$work/$(basename "$pq").counts"
        if [ "$name" = france-travail ]; then
            "$bin" skills -q --postings "$csv" "${opts[@]}" --format csv > "$work/a.csv"
            "$bin" skills -q --postings "$pq" "${opts[@]}" --format csv > "$work/b.csv"
            same "$name ($typed): skills" "$work/a.csv" "$work/b.csv"
        fi
    done
done
exit $status
