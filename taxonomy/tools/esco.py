#!/usr/bin/env python3
"""Derive taxonomy/occupations.csv and taxonomy/isco_groups.csv from the ESCO v1.0.8 exports.

    python3 taxonomy/tools/esco.py ESCO_DIR [OUT_DIR]

ESCO_DIR holds `occupations.csv` (uri_id,isco_08,label_en,label_fr,alt_en,alt_fr; alternative
labels separated by " | ") and `isco_groups.csv` (code,label_en,label_fr), the trimmed cut
described in taxonomy/README.md. OUT_DIR defaults to the taxonomy/ directory beside this script.
The output is byte-identical for the same input: rows are deduplicated and sorted, and nothing
depends on the clock or on hash order.

occupations.csv gets one row per spelling of a job title: `isco_08,lang,title,preferred`, where
`preferred` is `yes` when the title is (a form of) the occupation's own preferred label, not one of
its alternative labels. ESCO's French labels name both genders in one label ("directeur
technique/directrice technique", "vendeur/vendeuse en articles de sport"); they are split into one
title per gender. A qualifier in parentheses ("painter (construction)") is kept, and the title
without it is added. Titles are kept as ESCO spells them: folding and matching are the
classifier's business, not this script's.

isco_groups.csv gets every ISCO-08 group (1 to 4 digits) with English and French labels from ESCO
and Arabic labels for the major and sub-major groups from isco_ar.csv beside this script.
"""

import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def words(s):
    return s.split()


def common_prefix(a, b):
    n = 0
    for x, y in zip(a.lower(), b.lower()):
        if x != y:
            break
        n += 1
    return n


def split_genders(label, lang):
    """The titles one ESCO label stands for, split at a gender slash."""
    parts = [p.strip() for p in label.split("/")]
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return [label]
    left, right = parts
    lw, rw = words(left), words(right)
    if len(lw) > 1 and len(rw) == 1:
        # "pattern developer/grader", "opératrice ... patronage/gradation": the last word varies
        return [left, " ".join(lw[:-1] + rw)]
    if len(lw) == 1 and len(rw) > 1:
        if common_prefix(lw[0], rw[0]) >= 3:
            # "vendeur/vendeuse en articles de sport": the first word varies
            return [" ".join([lw[0]] + rw[1:]), right]
        if lang == "en":
            # "stage/production manager": no safe reading of the halves
            return [label.replace("/", " ")]
        return [left, right]
    return [left, right]


def variants(label, lang):
    out = []
    label = re.sub(r"\s+", " ", label).strip()
    if not label:
        return out
    for title in split_genders(label, lang):
        title = title.strip(" -")
        if not title:
            continue
        out.append(title)
        bare = re.sub(r"\s*\([^)]*\)", "", title).strip()
        if bare and bare != title:
            out.append(bare)
    return out


def occupations(esco_dir):
    # (isco, lang, folded title) -> [title as first spelled, preferred]
    rows = {}
    with open(os.path.join(esco_dir, "occupations.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            isco = r["isco_08"].strip()
            if not re.fullmatch(r"\d{4}", isco):
                raise SystemExit(f"occupations.csv: bad ISCO code {isco!r} for {r['uri_id']}")
            for lang in ("en", "fr"):
                labels = [(r["label_" + lang], True)]
                alt = r["alt_" + lang]
                if alt:
                    labels += [(a, False) for a in alt.split(" | ")]
                for label, preferred in labels:
                    for title in variants(label, lang):
                        row = rows.setdefault((isco, lang, title.lower()), [title, False])
                        row[1] = row[1] or preferred
    out = [
        (isco, lang, title, "yes" if preferred else "")
        for (isco, lang, _), (title, preferred) in rows.items()
    ]
    return sorted(out, key=lambda r: (r[0], r[1], r[2].lower(), r[2]))


def groups(esco_dir):
    with open(os.path.join(HERE, "isco_ar.csv"), encoding="utf-8", newline="") as f:
        arabic = {r["code"]: r["label_ar"] for r in csv.DictReader(f)}
    out = []
    with open(os.path.join(esco_dir, "isco_groups.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            code = r["code"].strip()
            out.append((code, r["label_en"].strip(), r["label_fr"].strip(), arabic.pop(code, "")))
    if arabic:
        raise SystemExit(f"isco_ar.csv: codes not in isco_groups.csv: {sorted(arabic)}")
    return sorted(out)


def write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(f"{path}: {len(rows)} rows, {os.path.getsize(path)} bytes")


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__.strip().splitlines()[2])
    esco_dir = sys.argv[1]
    out_dir = sys.argv[2] if len(sys.argv) == 3 else os.path.dirname(HERE)
    write(
        os.path.join(out_dir, "occupations.csv"),
        ["isco_08", "lang", "title", "preferred"],
        occupations(esco_dir),
    )
    write(os.path.join(out_dir, "isco_groups.csv"), ["code", "label_en", "label_fr", "label_ar"], groups(esco_dir))


if __name__ == "__main__":
    main()
