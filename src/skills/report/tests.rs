//! The report on a tally worked out by hand.

use super::*;
use crate::normalise::{Area, SpecId};
use crate::taxonomy::SkillIdx;

struct Fixture {
    tax: Taxonomy,
    tally: SkillTally,
}

fn spec(tax: &Taxonomy, id: &str) -> SpecKey {
    let i = tax.specialisations.iter().position(|s| s.id == id).unwrap();
    Placed::Known(SpecId(i as SpecIdx))
}

fn skill(tax: &Taxonomy, id: &str) -> SkillIdx {
    tax.skills.index(id).unwrap()
}

/// 2025: four cybersecurity postings in Casablanca-Settat (SIEM and Python; SIEM; SIEM and
/// English; one without text), two data postings there (Python and English; Python), and one
/// data posting whose region is unknown (Python). 2024: two cybersecurity postings in
/// Casablanca-Settat (SIEM; nothing found).
fn fixture() -> Fixture {
    let tax = Taxonomy::default_embedded();
    let (p, s, e) = (
        skill(&tax, "python"),
        skill(&tax, "siem"),
        skill(&tax, "english-language"),
    );
    let casa = Placed::Known(Area::Region(5));
    assert_eq!(tax.region(5).code, "MA-06");
    let (cyber, data) = (spec(&tax, "cybersecurity"), spec(&tax, "data"));
    let mut tally = SkillTally::default();
    let mut add = |year, region, spec, skills: &mut Vec<SkillIdx>, text| {
        skills.sort_unstable();
        tally.add(year, region, spec, skills, text);
    };
    add(2025, casa, cyber, &mut vec![s, p], true);
    add(2025, casa, cyber, &mut vec![s], true);
    add(2025, casa, cyber, &mut vec![s, e], true);
    add(2025, casa, cyber, &mut vec![], false);
    add(2025, casa, data, &mut vec![p, e], true);
    add(2025, casa, data, &mut vec![p], true);
    add(2025, Placed::Unmapped(0), data, &mut vec![p], true);
    add(2024, casa, cyber, &mut vec![s], true);
    add(2024, casa, cyber, &mut vec![], true);
    Fixture { tax, tally }
}

fn read(rows: u64, rejected: u64) -> Read {
    Read {
        rows,
        rejected,
        merged: 0,
    }
}

fn options(dims: &[Dim]) -> Options {
    Options {
        by: Grouping::new(dims).unwrap(),
        period: Period {
            from: 2025,
            to: 2025,
        },
        lang: Lang::En,
        top: 0,
    }
}

/// (skill, mentions, share, characteristic, change) of a cell's rows.
fn rows(cell: &SkillCell) -> Vec<(&str, u64, f64, f64, Option<f64>)> {
    (cell.skills.iter())
        .map(|r| {
            (
                r.skill.as_str(),
                r.mentions,
                r.share,
                r.characteristic,
                r.change,
            )
        })
        .collect()
}

fn close(a: &[(&str, u64, f64, f64, Option<f64>)], b: &[(&str, u64, f64, f64, Option<f64>)]) {
    assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
    for (x, y) in a.iter().zip(b) {
        assert_eq!((x.0, x.1), (y.0, y.1), "{a:?} vs {b:?}");
        assert!(
            (x.2 - y.2).abs() < 1e-12 && (x.3 - y.3).abs() < 1e-12,
            "{x:?} vs {y:?}"
        );
        match (x.4, y.4) {
            (Some(p), Some(q)) => assert!((p - q).abs() < 1e-12, "{x:?} vs {y:?}"),
            (p, q) => assert_eq!(p, q),
        }
    }
}

#[test]
fn shares_indexes_and_changes_per_specialisation() {
    let f = fixture();
    let r = build(
        &f.tax,
        &f.tally,
        None,
        &options(&[Dim::Specialisation]),
        read(10, 1),
        true,
    );
    assert_eq!(
        r.previous,
        Some(Period {
            from: 2024,
            to: 2024
        })
    );
    assert_eq!(r.cells.len(), 2);
    let (cyber, data) = (&r.cells[0], &r.cells[1]);
    assert_eq!(cyber.keys[0].0, "cybersecurity");
    assert_eq!(
        (cyber.postings, cyber.without_text, cyber.previous_postings),
        (4, 1, Some(2))
    );
    // 2025 overall: 7 postings; Python in 4, SIEM in 3, English in 2.
    // SIEM: 3/4 in the cell, 3/7 overall: index 1.75; 2024: 1 of 2, so +0.25.
    // English, Python: 1/4; indexes (1/4)/(2/7) = 0.875 and (1/4)/(4/7) = 0.4375; 0 in 2024.
    close(
        &rows(cyber),
        &[
            ("siem", 3, 0.75, 1.75, Some(0.25)),
            ("english-language", 1, 0.25, 0.875, Some(0.25)),
            ("python", 1, 0.25, 0.4375, Some(0.25)),
        ],
    );
    // data: the posting of an unknown region counts, grouping by specialisation only; no 2024
    assert_eq!((data.postings, data.previous_postings), (3, None));
    close(
        &rows(data),
        &[
            ("python", 3, 1.0, 1.75, None),
            ("english-language", 1, 1.0 / 3.0, 7.0 / 6.0, None),
        ],
    );
    assert_eq!(
        r.summary,
        SkillsSummary {
            rows_read: 10,
            rows_rejected: 1,
            merged: 0,
            other_years: 2,
            unplaced: 0,
            in_cells: 7,
            without_text: 1,
            text_columns: true,
        }
    );
}

#[test]
fn an_unknown_region_is_unplaced_when_grouping_by_region() {
    let f = fixture();
    let r = build(
        &f.tax,
        &f.tally,
        None,
        &options(&[Dim::Specialisation, Dim::Region]),
        read(9, 0),
        true,
    );
    assert_eq!(r.cells.len(), 2);
    assert_eq!(r.cells[1].keys[0].0, "MA-06");
    assert_eq!(r.cells[1].keys[1].0, "data");
    assert_eq!(r.cells[1].postings, 2);
    let s = &r.summary;
    // every row read is somewhere: 9 = 0 rejected + 2 in 2024 + 1 unplaced + 6 in cells
    assert_eq!((s.other_years, s.unplaced, s.in_cells), (2, 1, 6));
    // the index compares with every posting of the year, placed or not: Python 2/2 vs 4/7
    let python = &r.cells[1].skills[0];
    assert_eq!(python.skill, "python");
    assert!((python.characteristic - 1.75).abs() < 1e-12);
}

#[test]
fn uncovered_skills_are_those_no_programme_of_the_cell_teaches() {
    let f = fixture();
    let c = Curricula::parse(
        std::path::Path::new("c.csv"),
        "programme,skill\ncybersecurity,SIEM\ndata,python\n",
        &f.tax,
    )
    .unwrap();
    let mut opts = options(&[Dim::Specialisation]);
    opts.top = 1;
    let r = build(&f.tax, &f.tally, Some(&c), &opts, read(10, 1), true);
    let cyber = &r.cells[0];
    // top 1 lists SIEM only; the uncovered list is whole, most asked for first, then by id
    assert_eq!(rows(cyber).len(), 1);
    assert_eq!(cyber.skills[0].taught, Some(true));
    let uncovered: Vec<(&str, u64)> = (cyber.uncovered.iter())
        .map(|r| (r.skill.as_str(), r.mentions))
        .collect();
    assert_eq!(uncovered, [("english-language", 1), ("python", 1)]);
    let data = &r.cells[1];
    let uncovered: Vec<&str> = data.uncovered.iter().map(|r| r.skill.as_str()).collect();
    assert_eq!(uncovered, ["english-language"]);
    // by family, the ICT cell is fed by both specialisations: both programmes count
    let r = build(
        &f.tax,
        &f.tally,
        Some(&c),
        &options(&[Dim::Family]),
        read(10, 1),
        true,
    );
    assert_eq!(r.cells.len(), 1);
    let uncovered: Vec<&str> = r.cells[0]
        .uncovered
        .iter()
        .map(|r| r.skill.as_str())
        .collect();
    assert_eq!(uncovered, ["english-language"]);
}

#[test]
fn with_graduates_a_programme_teaches_only_where_it_graduates() {
    use crate::aggregate::Supply;
    use crate::normalise::FieldKey;
    use crate::taxonomy::FieldTarget;
    let f = fixture();
    let mut c = Curricula::parse(
        std::path::Path::new("c.csv"),
        "programme,skill\ncybersecurity,SIEM\n",
        &f.tax,
    )
    .unwrap();
    let Placed::Known(cyber) = spec(&f.tax, "cybersecurity") else {
        unreachable!()
    };
    let by = [Dim::Region, Dim::Specialisation];
    let taught = |c: &Curricula| {
        let r = build(&f.tax, &f.tally, Some(c), &options(&by), read(10, 1), true);
        let cell = r
            .cells
            .iter()
            .find(|c| c.keys[1].0 == "cybersecurity")
            .unwrap();
        assert_eq!(cell.keys[0].0, "MA-06");
        cell.skills
            .iter()
            .find(|r| r.skill == "siem")
            .unwrap()
            .taught
    };
    // without graduates, the programme teaches everywhere
    assert_eq!(taught(&c), Some(true));
    // its graduates are all in MA-04 (index 3): not in the Casablanca-Settat cell
    let mut supply = Supply::default();
    let target = FieldKey::Known(FieldTarget::Spec(cyber.0));
    supply.add(2024, Placed::Known(Area::Region(3)), target, "", 12);
    c.graduating_from(&supply);
    assert_eq!(taught(&c), Some(false));
    // and with graduates in MA-06 too, it is taught there again
    supply.add(2025, Placed::Known(Area::Region(5)), target, "", 3);
    c.graduating_from(&supply);
    assert_eq!(taught(&c), Some(true));
}

#[test]
fn a_period_of_years_sums_them_and_merged_copies_reconcile() {
    let f = fixture();
    let opts = Options {
        period: Period {
            from: 2024,
            to: 2025,
        },
        ..options(&[Dim::Specialisation])
    };
    // 13 rows read = 1 rejected + 3 merged + 0 in other years + 9 in 2024-2025
    let read = Read {
        rows: 13,
        rejected: 1,
        merged: 3,
    };
    let r = build(&f.tax, &f.tally, None, &opts, read, true);
    // 2022-2023, the two years before, have no postings: no change
    assert_eq!(r.previous, None);
    let cyber = &r.cells[0];
    assert_eq!(cyber.keys[0].0, "cybersecurity");
    // 4 postings in 2025 and 2 in 2024; SIEM in 3 + 1 of them
    assert_eq!((cyber.postings, cyber.without_text), (6, 1));
    let siem = cyber.skills.iter().find(|r| r.skill == "siem").unwrap();
    assert_eq!(siem.mentions, 4);
    assert!((siem.share - 4.0 / 6.0).abs() < 1e-12);
    let s = &r.summary;
    assert_eq!(
        (s.merged, s.other_years, s.unplaced, s.in_cells),
        (3, 0, 0, 9)
    );
}
