//! The retention page as a file: the same sections and numbers, with the
//! period, the breakdown, the scope and the definitions in the header rows.
//! One layout ([`sheet`]) written as CSV or as XLSX.

use crate::api::retention::RetentionReport;
use crate::domain::retention::{DEFINITIONS, GroupFigures};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// One cell of the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(u32),
    /// FTE, two decimals.
    Fte(f64),
    /// A fraction; empty when undefined.
    Rate(Option<f64>),
    Heading(String),
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

fn figures(g: &GroupFigures, name: &str) -> Vec<Cell> {
    vec![
        text(name),
        Cell::Count(g.in_post_start),
        Cell::Count(g.in_post_end),
        Cell::Fte(g.fte_start),
        Cell::Fte(g.fte_end),
        Cell::Count(g.joiners),
        Cell::Count(g.leavers),
        Cell::Count(g.transfers_in),
        Cell::Count(g.transfers_out),
        Cell::Rate(g.leaver_rate()),
        Cell::Rate(g.joiner_rate()),
        Cell::Rate(g.stability_index()),
    ]
}

/// The columns of a group's figures in files and on the command line.
pub const CSV_HEADER: [&str; 12] = [
    "group",
    "in_post_start",
    "in_post_end",
    "fte_start",
    "fte_end",
    "joiners",
    "leavers",
    "transfers_in",
    "transfers_out",
    "leaver_rate",
    "joiner_rate",
    "stability_index",
];

/// The header and one row per group: what `retention-stats` prints.
pub fn group_table(groups: &[GroupFigures]) -> Vec<Vec<Cell>> {
    let mut rows = vec![CSV_HEADER.iter().map(|h| text(*h)).collect()];
    rows.extend(groups.iter().map(|g| figures(g, &g.group)));
    rows
}

/// The rows of the file, top to bottom.
pub fn sheet(report: &RetentionReport, generated_by: &str, generated_at: &str) -> Vec<Vec<Cell>> {
    let mut rows = vec![
        vec![Cell::Heading("Retention statistics".into())],
        vec![text("Period"), text(&report.period_label)],
        vec![text("First day"), text(&report.from)],
        vec![text("Last day"), text(&report.to)],
        vec![text("Breakdown"), text(&report.breakdown_label)],
        vec![text("Scope"), text(&report.scope)],
        vec![text("Generated"), text(generated_at), text(generated_by)],
    ];
    for definition in DEFINITIONS {
        rows.push(vec![text("Definition"), text(*definition)]);
    }
    rows.push(vec![
        text("Definition"),
        text("Rates are fractions (0.1 = 10%); empty when undefined. A group of fewer than 10 people is too small to read."),
    ]);
    rows.push(Vec::new());
    rows.push(vec![Cell::Heading(format!(
        "Figures by {}",
        report.breakdown_label.to_lowercase()
    ))]);
    let mut header: Vec<Cell> = CSV_HEADER.iter().map(|h| text(*h)).collect();
    header.push(text("too_small"));
    rows.push(header);
    for g in &report.groups {
        let mut row = figures(g, &g.group);
        row.push(yes_no(g.too_small()));
        rows.push(row);
    }
    if report.groups.len() > 1 {
        let mut row = figures(&report.total, "All groups");
        row.push(yes_no(report.total.too_small()));
        rows.push(row);
    }
    rows.push(Vec::new());
    rows.push(vec![Cell::Heading("Leavers by reason".into())]);
    rows.push(vec![text("reason"), text("leavers")]);
    for (reason, count) in &report.total.leavers_by_reason {
        rows.push(vec![text(reason), Cell::Count(*count)]);
    }
    rows.push(Vec::new());
    rows.push(vec![Cell::Heading("Trend".into())]);
    let mut header = vec![text("year"), text("from"), text("to")];
    header.extend(CSV_HEADER.iter().skip(1).map(|h| text(*h)));
    rows.push(header);
    for point in &report.trend {
        let mut row = vec![text(&point.label), text(&point.from), text(&point.to)];
        row.extend(figures(&point.figures, "").into_iter().skip(1));
        rows.push(row);
    }
    rows.push(Vec::new());
    rows.push(vec![Cell::Heading("Retention against development".into())]);
    rows.push(
        [
            "question",
            "group",
            "in_post_start",
            "in_post_end",
            "leavers",
            "leaver_rate",
            "stability_index",
            "too_small",
        ]
        .iter()
        .map(|h| text(*h))
        .collect(),
    );
    for (question, sides) in &report.development {
        for side in sides {
            rows.push(vec![
                text(question),
                text(&side.label),
                Cell::Count(side.in_post_start),
                Cell::Count(side.in_post_end),
                Cell::Count(side.leavers),
                Cell::Rate(side.leaver_rate()),
                Cell::Rate(side.stability_index()),
                yes_no(side.too_small()),
            ]);
        }
    }
    rows
}

fn yes_no(flag: bool) -> Cell {
    text(if flag { "yes" } else { "no" })
}

/// The sheet as CSV (rows of different lengths; rates with 4 decimals).
pub fn to_csv(rows: &[Vec<Cell>]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in rows {
        let fields: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                Cell::Text(t) | Cell::Heading(t) => t.clone(),
                Cell::Count(n) => n.to_string(),
                Cell::Fte(f) => format!("{f:.2}"),
                Cell::Rate(r) => crate::domain::retention::fraction(*r),
            })
            .collect();
        if fields.is_empty() {
            writer.write_record([""])?;
        } else {
            writer.write_record(&fields)?;
        }
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))
}

/// The sheet as an Excel workbook: numbers as numbers, rates as
/// percentages of the same fractions.
pub fn to_xlsx(rows: &[Vec<Cell>]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Retention")?;
    let bold = Format::new().set_bold();
    let rate = Format::new().set_num_format("0.0%");
    let fte = Format::new().set_num_format("0.00");
    sheet.set_column_width(0, 34)?;
    sheet.set_column_width(1, 22)?;
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(t) => {
                    sheet.write_string(r, c, t)?;
                }
                Cell::Heading(t) => {
                    sheet.write_string_with_format(r, c, t, &bold)?;
                }
                Cell::Count(n) => {
                    sheet.write_number(r, c, f64::from(*n))?;
                }
                Cell::Fte(f) => {
                    sheet.write_number_with_format(r, c, (f * 100.0).round() / 100.0, &fte)?;
                }
                Cell::Rate(Some(value)) => {
                    sheet.write_number_with_format(r, c, *value, &rate)?;
                }
                Cell::Rate(None) => {}
            }
        }
    }
    workbook.save_to_buffer()
}
