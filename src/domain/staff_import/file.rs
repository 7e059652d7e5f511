//! Reading an extract: its encoding, its header, and every data row checked
//! on its own, with the staff numbers and email addresses that appear
//! twice. Server only (it uses the `csv` crate); the browser sends the file
//! as it is.

use super::row::{self, StaffRow};
use super::{COLUMNS, PROGRESS_EVERY, Problem, col};
use std::collections::{HashMap, HashSet};

/// Everything learnt from the file without the database.
#[derive(Debug, Default)]
pub struct ReadFile {
    /// Rows without a problem of their own, in file order.
    pub rows: Vec<StaffRow>,
    /// In row order.
    pub problems: Vec<Problem>,
    /// Data rows read (blank rows are skipped and not counted).
    pub rows_read: usize,
    /// Header columns the import does not use.
    pub ignored_columns: Vec<String>,
    /// Every staff number in the file, including those on rows with a
    /// problem: a line manager on such a row is still "in the file".
    pub staff_ids: HashSet<String>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The file as text, without a UTF-8 byte order mark. Refused when it is
/// empty or not UTF-8.
pub fn text(bytes: &[u8]) -> Result<&str, String> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| {
        "The file is not UTF-8 text: save it as \"CSV UTF-8 (comma delimited)\"".to_string()
    })?;
    if text.trim().is_empty() {
        return Err("The file is empty".into());
    }
    Ok(text)
}

/// Where each column is in the file, or the file-level problems of the
/// header (reported against row 1).
struct Header {
    positions: [usize; 13],
    width: usize,
    ignored: Vec<String>,
}

fn header(record: &csv::StringRecord) -> Result<Header, Vec<Problem>> {
    let mut found: HashMap<String, usize> = HashMap::new();
    let mut problems = Vec::new();
    let mut ignored = Vec::new();
    for (index, name) in record.iter().enumerate() {
        let key = name.trim().trim_start_matches('\u{feff}').to_lowercase();
        if !COLUMNS.contains(&key.as_str()) {
            if !key.is_empty() {
                ignored.push(name.trim().to_string());
            }
            continue;
        }
        if found.insert(key.clone(), index).is_some() {
            problems.push(Problem::new(
                1,
                &key,
                format!("The header has more than one {key} column"),
            ));
        }
    }
    let mut positions = [0; 13];
    for (slot, name) in positions.iter_mut().zip(COLUMNS) {
        match found.get(name) {
            Some(index) => *slot = *index,
            None => problems.push(Problem::new(
                1,
                name,
                format!("The header has no {name} column"),
            )),
        }
    }
    if problems.is_empty() {
        Ok(Header {
            positions,
            width: record.len(),
            ignored,
        })
    } else {
        Err(problems)
    }
}

/// Counts rows as a spreadsheet does: one per record, however many lines
/// its quoted values span, and one per blank line.
struct RowCounter<'a> {
    text: &'a [u8],
    row: usize,
    line: u64,
    /// Line breaks inside the previous record's quoted values.
    inner_breaks: u64,
}

impl RowCounter<'_> {
    fn next(&mut self, record: &csv::StringRecord) -> usize {
        // A record's position is where the reader started looking for it:
        // before any blank lines it skipped.
        let line = record.position().map_or(self.line + 1, |p| {
            let skipped = self
                .text
                .get(usize::try_from(p.byte()).unwrap_or(usize::MAX)..)
                .unwrap_or_default()
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .filter(|b| **b == b'\n')
                .count();
            p.line() + skipped as u64
        });
        let step = line
            .saturating_sub(self.line)
            .saturating_sub(self.inner_breaks);
        self.row += usize::try_from(step.max(1)).unwrap_or(1);
        self.line = line;
        self.inner_breaks = record.iter().map(|v| v.matches('\n').count() as u64).sum();
        self.row
    }
}

/// Reads and checks every row. `progress` hears the number of rows read
/// every [`PROGRESS_EVERY`] rows and at the end.
pub fn read(text: &str, progress: &mut dyn FnMut(usize)) -> ReadFile {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut file = ReadFile::default();
    let head = match records.next() {
        Some(Ok(record)) => record,
        _ => {
            file.problems
                .push(Problem::new(1, "", "The file has no header row"));
            return file;
        }
    };
    let mut counter = RowCounter {
        text: text.as_bytes(),
        row: 1,
        line: head.position().map_or(1, |p| p.line()),
        inner_breaks: head.iter().map(|v| v.matches('\n').count() as u64).sum(),
    };
    let header = match header(&head) {
        Ok(header) => header,
        Err(problems) => {
            file.problems = problems;
            return file;
        }
    };
    file.ignored_columns = header.ignored.clone();
    let mut first_rows = Seen::default();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                file.problems.push(Problem::new(
                    counter.row + 1,
                    "",
                    format!("This row could not be read: {error}"),
                ));
                break;
            }
        };
        let row = counter.next(&record);
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        file.rows_read += 1;
        if file.rows_read.is_multiple_of(PROGRESS_EVERY) {
            progress(file.rows_read);
        }
        check_record(&mut file, &mut first_rows, &header, row, &record);
    }
    progress(file.rows_read);
    file
}

/// The first row each staff number and email address appeared on.
#[derive(Default)]
struct Seen {
    staff_ids: HashMap<String, usize>,
    emails: HashMap<String, usize>,
}

fn check_record(
    file: &mut ReadFile,
    seen: &mut Seen,
    header: &Header,
    row: usize,
    record: &csv::StringRecord,
) {
    if record.len() > header.width {
        file.problems.push(Problem::new(
            row,
            "",
            format!(
                "This row has {} values but the header has {}: put a value that contains a comma in double quotes",
                record.len(),
                header.width
            ),
        ));
        return;
    }
    // A row cut short reads its missing values as blank.
    let values: [&str; 13] = header.positions.map(|i| record.get(i).unwrap_or(""));
    let mut duplicates = Vec::new();
    let staff_id = values[col::STAFF_ID].trim();
    if !staff_id.is_empty() {
        file.staff_ids.insert(staff_id.to_string());
        if let Some(first) = seen.staff_ids.get(staff_id) {
            duplicates.push(Problem::new(
                row,
                COLUMNS[col::STAFF_ID],
                format!("Staff number {staff_id} is also on row {first}"),
            ));
        } else {
            seen.staff_ids.insert(staff_id.to_string(), row);
        }
    }
    let email = values[col::EMAIL].trim().to_lowercase();
    if !email.is_empty() {
        if let Some(first) = seen.emails.get(&email) {
            duplicates.push(Problem::new(
                row,
                COLUMNS[col::EMAIL],
                format!("This email address is also on row {first}"),
            ));
        } else {
            seen.emails.insert(email, row);
        }
    }
    match row::check(row, &values) {
        Ok(checked) if duplicates.is_empty() => file.rows.push(checked),
        Ok(_) => file.problems.extend(duplicates),
        Err(mut problems) => {
            problems.extend(duplicates);
            file.problems.extend(problems);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "staff_id,name,email,staff_group,job_role,band,department,team,\
contracted_hours,start_date,end_date,leaving_reason,line_manager_staff_id";

    fn row(id: &str, name: &str, email: &str) -> String {
        format!(
            "{id},{name},{email},Healthcare Scientists,Clinical Scientist,7,Radiotherapy Physics,,37.5,2020-04-01,,,"
        )
    }

    fn read_all(text: &str) -> ReadFile {
        read(text, &mut |_| {})
    }

    fn located(file: &ReadFile) -> Vec<(usize, &str)> {
        file.problems
            .iter()
            .map(|p| (p.row, p.column.as_str()))
            .collect()
    }

    #[test]
    fn a_bom_crlf_quoted_commas_and_blank_trailing_lines_are_read() {
        let bytes = format!(
            "\u{feff}{HEADER}\r\n{}\r\n\"E2\",\"Smith, Jo \"\"JJ\"\"\",jo@trust.nhs.uk,Healthcare Scientists,\"Engineer, clinical\",6,\"Physics, Medical\",,22.5,01/09/2021,,,E1\r\n\r\n\r\n",
            row("E1", "Ada Lovelace", "ada@trust.nhs.uk")
        )
        .into_bytes();
        let file = read_all(text(&bytes).unwrap());
        assert_eq!(file.problems, vec![]);
        assert_eq!(file.rows_read, 2);
        let jo = &file.rows[1];
        assert_eq!(jo.row, 3);
        assert_eq!(jo.name, "Smith, Jo \"JJ\"");
        assert_eq!(jo.job_role, "Engineer, clinical");
        assert_eq!(jo.department.as_deref(), Some("Physics, Medical"));
        assert_eq!(jo.start_date.to_string(), "2021-09-01");
        assert_eq!(jo.line_manager.as_deref(), Some("E1"));
    }

    #[test]
    fn the_header_may_be_in_any_order_and_case_with_extra_columns() {
        let text = "  LINE_MANAGER_STAFF_ID ,Leaving_Reason,end_date,start_date,contracted_hours,team,department,band,job_role,staff_group,email,name,Staff_ID,Payroll Number\n\
                    ,,,2020-04-01,30,,,7,Clinical Scientist,Healthcare Scientists,a@b.nhs.uk,A B,X1,99\n";
        let file = read_all(text);
        assert_eq!(file.problems, vec![]);
        assert_eq!(file.ignored_columns, vec!["Payroll Number"]);
        assert_eq!(file.rows[0].staff_id, "X1");
        assert_eq!(file.rows[0].contracted_hours, 30.0);
    }

    #[test]
    fn a_missing_column_is_a_problem_with_the_file() {
        let text = HEADER.replace(",band", "") + "\n";
        let file = read_all(&text);
        assert_eq!(located(&file), vec![(1, "band")]);
        assert_eq!(file.problems[0].message, "The header has no band column");
        assert!(file.rows.is_empty());
    }

    #[test]
    fn rows_are_numbered_as_in_a_spreadsheet() {
        // Row 2 spans two lines; a blank line is row 3; row 5 is wrong.
        let text = format!(
            "{HEADER}\n{}\n\n{}\n{}\n",
            row("E1", "\"Ada\nLovelace\"", "ada@trust.nhs.uk"),
            row("E2", "Bo", "bo@trust.nhs.uk"),
            row("E3", "Cy", "not-an-email"),
        );
        let file = read_all(&text);
        assert_eq!(file.rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(located(&file), vec![(5, "email")]);
    }

    #[test]
    fn duplicates_are_reported_on_the_second_occurrence() {
        let text = format!(
            "{HEADER}\n{}\n{}\n{}\n",
            row("E1", "Ada", "ada@trust.nhs.uk"),
            row("E1", "Bo", "bo@trust.nhs.uk"),
            row("E3", "Cy", "ADA@trust.nhs.uk"),
        );
        let file = read_all(&text);
        assert_eq!(located(&file), vec![(3, "staff_id"), (4, "email")]);
        assert_eq!(file.problems[0].message, "Staff number E1 is also on row 2");
        assert_eq!(file.rows.len(), 1);
        assert!(file.staff_ids.contains("E3"));
    }

    #[test]
    fn too_many_values_and_short_rows() {
        let text = format!(
            "{HEADER}\n{}\nE2,Bo,bo@trust.nhs.uk,Healthcare Scientists\n{},extra\n",
            row("E1", "Smith, Ada", "ada@trust.nhs.uk"),
            row("E3", "Cy", "cy@trust.nhs.uk"),
        );
        let file = read_all(&text);
        let places = located(&file);
        assert_eq!(places[0], (2, ""));
        assert!(places.contains(&(3, "band")));
        assert!(places.contains(&(3, "start_date")));
        assert_eq!(places.last(), Some(&(4, "")));
    }

    #[test]
    fn empty_and_non_utf8_files_are_refused() {
        assert!(text(b"").is_err());
        assert!(text(b"\xEF\xBB\xBF \r\n").is_err());
        assert!(text(b"staff_id\xff\n").unwrap_err().contains("UTF-8"));
    }

    #[test]
    fn progress_is_reported_every_ten_thousand_rows() {
        let mut text = format!("{HEADER}\n");
        for n in 0..20_001 {
            text.push_str(&row(&format!("E{n}"), "Ann", &format!("a{n}@t.nhs.uk")));
            text.push('\n');
        }
        let mut heard = Vec::new();
        let file = read(&text, &mut |n| heard.push(n));
        assert_eq!(heard, [10_000, 20_000, 20_001]);
        assert_eq!(file.rows.len(), 20_001);
        assert_eq!(file.rows[20_000].row, 20_002);
    }
}
