//! The table report for people at a terminal: ranked rows, aligned, with the period and the
//! meaning of the marks underneath.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table as Grid};

use super::Reporter;
use crate::model::GapReport;
use crate::util::format_decimal;

pub struct Table;

impl Reporter for Table {
    fn write(&self, report: &GapReport, out: &mut dyn Write) -> io::Result<()> {
        let p = &report.params;
        let with_region = p.by.iter().any(|b| b == "region");
        let with_spec = p.by.iter().any(|b| b == "specialisation");
        let mut t = Grid::new();
        t.load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled);
        let mut header = vec!["#"];
        if with_region {
            header.push("Region");
        }
        if with_spec {
            header.push("Specialisation");
        }
        header.extend([
            "Demand/yr",
            "Supply/yr",
            "Gap",
            "Ratio",
            "Balance",
            "Status",
        ]);
        t.set_header(header.clone());
        for r in &report.rows {
            let mut row = vec![r.rank.to_string()];
            if with_region {
                row.push(r.region.clone().unwrap_or_default());
            }
            if with_spec {
                row.push(r.specialisation_label.clone().unwrap_or_default());
            }
            row.push(format_decimal(r.demand, 1));
            row.push(format_decimal(r.supply, 1));
            row.push(format_decimal(r.gap, 1));
            row.push(r.ratio.map_or("-".to_string(), |x| format_decimal(x, 2)));
            row.push(format!("{:+.2}", r.balance_index));
            let mut status = r.status.as_str().to_string();
            if r.low_evidence {
                status.push('*');
            }
            row.push(status);
            t.add_row(row);
        }
        let first_number = header.len() - 6;
        for i in first_number..header.len() - 1 {
            if let Some(c) = t.column_mut(i) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        if let Some(c) = t.column_mut(0) {
            c.set_cell_alignment(CellAlignment::Right);
        }
        writeln!(out, "{t}")?;
        writeln!(
            out,
            "Period {}{}: annual averages. Gap = demand - supply (positive: shortage). \
             Balance = (D - S) / (D + S); shortage above +{}, surplus below -{}.",
            p.period_from,
            if p.period_to != p.period_from {
                format!("-{} ({} years)", p.period_to, p.years)
            } else {
                String::new()
            },
            p.threshold,
            p.threshold,
        )?;
        if report.rows.iter().any(|r| r.low_evidence) {
            writeln!(
                out,
                "* low evidence: demand + supply below {} per year.",
                format_decimal(p.min_count, 2)
            )?;
        }
        if report.rows.is_empty() {
            writeln!(out, "No rows: nothing was counted in this period.")?;
        }
        Ok(())
    }
}
