//! `skillgap taxonomy`: shows the taxonomy in force, as a table or as CSV.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::Table;

use crate::cli::{ListFormat, TaxonomyArgs, TaxonomyPart};
use crate::error::Error;
use crate::output;
use crate::taxonomy::{Taxonomy, WEIGHT_SCALE};
use crate::util::format_decimal;

/// Runs the command.
pub fn run(args: &TaxonomyArgs) -> Result<(), Error> {
    let (tax, _) = crate::pipeline::load_taxonomy(args.taxonomy.as_deref())?;
    let (header, rows) = listing(&tax, args);
    output::write_with(None, |w| match args.format {
        ListFormat::Csv => {
            let mut c = csv::Writer::from_writer(w);
            c.write_record(&header).map_err(crate::util::csv_io)?;
            for r in &rows {
                c.write_record(r).map_err(crate::util::csv_io)?;
            }
            c.flush()
        }
        ListFormat::Table => {
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED)
                .set_header(header.clone());
            // names may come from a taxonomy override: no escape sequences on the terminal
            for r in &rows {
                t.add_row(
                    r.iter()
                        .map(|c| crate::ingest::escape_controls(c).into_owned()),
                );
            }
            writeln!(w, "{t}")?;
            writeln!(w, "taxonomy {} ({} rows)", tax.version, rows.len())
        }
    })
}

type Listing = (Vec<&'static str>, Vec<Vec<String>>);

fn listing(tax: &Taxonomy, args: &TaxonomyArgs) -> Listing {
    match args.part {
        TaxonomyPart::Families => (
            vec!["id", "label", "specialisations"],
            tax.families
                .iter()
                .map(|f| {
                    let n = tax
                        .specialisations
                        .iter()
                        .filter(|s| s.family == f.id)
                        .count();
                    vec![f.id.clone(), f.label(args.lang).to_string(), n.to_string()]
                })
                .collect(),
        ),
        TaxonomyPart::Regions => (
            vec!["code", "name_fr", "name_en", "name_ar", "cities"],
            tax.regions
                .iter()
                .map(|r| {
                    let n = tax.cities.iter().filter(|c| c.region == r.code).count();
                    vec![
                        r.code.clone(),
                        r.name_fr.clone(),
                        r.name_en.clone(),
                        r.name_ar.clone(),
                        n.to_string(),
                    ]
                })
                .collect(),
        ),
        TaxonomyPart::Specialisations => (
            vec![
                "id", "family", "label", "isced_f", "isco_08", "priority", "beats",
            ],
            tax.specialisations
                .iter()
                .map(|s| {
                    vec![
                        s.id.clone(),
                        s.family.clone(),
                        s.label(args.lang).to_string(),
                        s.isced_f.clone(),
                        s.isco_08.clone(),
                        if s.priority { "yes" } else { "no" }.to_string(),
                        s.beats.clone(),
                    ]
                })
                .collect(),
        ),
        TaxonomyPart::Cities => (
            vec!["city", "region", "region_name", "province", "name_ar"],
            tax.cities
                .iter()
                .map(|c| {
                    let region = tax
                        .regions
                        .iter()
                        .find(|r| r.code == c.region)
                        .map_or("", |r| r.name(args.lang));
                    vec![
                        c.city.clone(),
                        c.region.clone(),
                        region.to_string(),
                        c.province.clone(),
                        c.name_ar.clone(),
                    ]
                })
                .collect(),
        ),
        TaxonomyPart::Crosswalk => (
            vec!["programme", "specialisation", "weight"],
            tax.programmes
                .iter()
                .flat_map(|p| {
                    p.parts.iter().map(|(s, w)| {
                        vec![
                            p.name.clone(),
                            tax.spec(*s).id.clone(),
                            format_decimal(f64::from(*w) / f64::from(WEIGHT_SCALE), 4),
                        ]
                    })
                })
                .collect(),
        ),
        TaxonomyPart::Skills => {
            let mut spellings = vec![0usize; tax.skills.skills.len()];
            for s in &tax.skills.spellings {
                spellings[s.skill as usize] += 1;
            }
            (
                vec![
                    "id",
                    "type",
                    "label",
                    "spellings",
                    "specialisations",
                    "esco_uri",
                ],
                (tax.skills.skills.iter().zip(spellings))
                    .map(|(s, n)| {
                        vec![
                            s.id.clone(),
                            s.kind.name().to_string(),
                            s.label(args.lang).to_string(),
                            n.to_string(),
                            s.specialisations.join(" | "),
                            s.esco_uri.clone(),
                        ]
                    })
                    .collect(),
            )
        }
    }
}
