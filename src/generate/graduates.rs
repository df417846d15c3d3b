//! The graduates rows: `year,region,institution,field,level,graduates`, one cohort of a real
//! institution per row, drawn from the random stream in a fixed order of cells.

use std::io::Write;

use csv::ByteRecord;

use super::labels::{Institution, Tables};
use super::rng::{Rng, Weighted};
use super::tables::{cohort_size, fields, levels, UNMAPPABLE_FIELDS};
use super::{push_num, Spec};

/// The header row.
const HEADER: [&str; 6] = [
    "year",
    "region",
    "institution",
    "field",
    "level",
    "graduates",
];

/// The counts of a deliberately bad cohort row, which the graduates reader rejects.
const BAD_COUNTS: [&str; 3] = ["n/a", "-5", "NC"];

/// Writes the header and `spec.graduates` cohort rows.
pub(super) fn write_graduates<W: Write>(
    t: &Tables,
    spec: &Spec,
    w: &mut csv::Writer<W>,
) -> csv::Result<()> {
    w.write_record(HEADER)?;
    let mut rng = Rng::new(spec.seed, 2);
    let years = (spec.to_year - spec.from_year + 1) as usize;
    let mut record = ByteRecord::new();
    let mut cell = Vec::with_capacity(128);
    for _ in 0..spec.graduates {
        record.clear();
        let bad = rng.chance(spec.bad_rate);
        let inst = rng.pick(&t.institutions);

        // year, sometimes as the academic year `2023-2024`
        let year = spec.from_year + rng.below(years) as i32;
        cell.clear();
        if rng.chance(0.1) {
            push_num(&mut cell, (year - 1) as u64, 4);
            cell.push(b'-');
        }
        push_num(&mut cell, year as u64, 4);
        record.push_field(&cell);

        // region, left empty now and then when the institution's name places it
        if inst.names_place && rng.chance(0.05) {
            record.push_field(b"");
        } else {
            record.push_field(rng.pick(&t.region(inst.region).spellings).as_bytes());
        }
        record.push_field(inst.name.as_bytes());

        let level = *Weighted::new(levels(inst.kind).iter().copied()).draw(&mut rng);
        field(inst, level, &mut rng, &mut cell);
        record.push_field(&cell);
        record.push_field(level.as_bytes());

        cell.clear();
        if bad {
            cell.extend_from_slice(rng.pick(&BAD_COUNTS).as_bytes());
        } else {
            let (lo, hi) = cohort_size(level);
            push_num(&mut cell, rng.range(lo, hi).into(), 1);
        }
        record.push_field(&cell);
        w.write_byte_record(&record)?;
    }
    Ok(())
}

/// The `field` cell: one of the institution's programmes, sometimes after its level (`Master
/// Finance et comptabilité`) or in upper case; 2% fields the taxonomy does not cover.
fn field(inst: &Institution, level: &str, rng: &mut Rng, cell: &mut Vec<u8>) {
    cell.clear();
    if rng.chance(0.02) {
        cell.extend_from_slice(rng.pick(&UNMAPPABLE_FIELDS).as_bytes());
        return;
    }
    let field = *Weighted::new(fields(inst.kind).iter().copied()).draw(rng);
    if matches!(level, "Licence" | "Master") && rng.chance(0.25) {
        cell.extend_from_slice(level.as_bytes());
        cell.push(b' ');
    }
    if rng.chance(0.05) {
        cell.extend_from_slice(field.to_uppercase().as_bytes());
    } else {
        cell.extend_from_slice(field.as_bytes());
    }
}
