//! The plan's weekly timetable as an iCalendar file (RFC 5545) for the plan
//! year: one weekly recurring event per activity, in local (floating) time,
//! from the first matching day of the year to its last day.

use super::diff::Labels;
use super::form::Plan;
use super::{Day, Recurrence, format_number};
use crate::domain::financial_year::FinancialYear;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

fn weekday(day: Day) -> Weekday {
    match day {
        Day::Monday => Weekday::Mon,
        Day::Tuesday => Weekday::Tue,
        Day::Wednesday => Weekday::Wed,
        Day::Thursday => Weekday::Thu,
        Day::Friday => Weekday::Fri,
        Day::Saturday => Weekday::Sat,
        Day::Sunday => Weekday::Sun,
    }
}

/// The first date on or after `from` that falls on `day`.
fn first_on(from: NaiveDate, day: Day) -> NaiveDate {
    let ahead = (7 + weekday(day).num_days_from_monday() as i64
        - from.weekday().num_days_from_monday() as i64)
        % 7;
    from + Duration::days(ahead)
}

/// Escapes TEXT values (RFC 5545 3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets, ending CRLF (RFC 5545 3.1).
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn stamp(at: NaiveDateTime) -> String {
    at.format("%Y%m%dT%H%M%S").to_string()
}

/// The calendar. `uid_prefix` makes the events' UIDs stable for the plan
/// version (re-importing updates rather than duplicates); `now` is DTSTAMP.
pub fn calendar(
    plan: &Plan,
    year: FinancialYear,
    title: &str,
    labels: &Labels,
    uid_prefix: &str,
    now: NaiveDateTime,
) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//MPCE Workforce Portal//Job plan//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(title)));
    let until = year.last_day();
    for (i, a) in plan.activities.iter().enumerate() {
        let s = a.slot;
        let mut first = first_on(year.first_day(), s.day);
        let interval = match s.recurrence {
            Recurrence::EveryWeek => 1,
            Recurrence::Week1 => 2,
            Recurrence::Week2 => {
                first += Duration::days(7);
                2
            }
            Recurrence::EveryNWeeks(n) => n,
        };
        let at = |minutes: u32| {
            let date = first + Duration::days(i64::from(minutes / (24 * 60)));
            let minutes = minutes % (24 * 60);
            date.and_hms_opt(minutes / 60, minutes % 60, 0)
                .unwrap_or_default()
        };
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{uid_prefix}-{i}"));
        line(&mut out, &format!("DTSTAMP:{}Z", stamp(now)));
        line(&mut out, &format!("DTSTART:{}", stamp(at(s.start))));
        line(&mut out, &format!("DTEND:{}", stamp(at(s.end))));
        line(
            &mut out,
            &format!(
                "RRULE:FREQ=WEEKLY;INTERVAL={interval};UNTIL={}T235959",
                until.format("%Y%m%d")
            ),
        );
        line(
            &mut out,
            &format!(
                "SUMMARY:{}",
                escape(&format!(
                    "{} ({})",
                    a.description,
                    labels[s.category.index()]
                ))
            ),
        );
        if !a.location.is_empty() {
            line(&mut out, &format!("LOCATION:{}", escape(&a.location)));
        }
        line(
            &mut out,
            &format!(
                "DESCRIPTION:{}",
                escape(&format!(
                    "{}, {} weeks a year (leave weeks are not marked)",
                    s.recurrence.label(),
                    format_number(s.weeks_per_year)
                ))
            ),
        );
        line(&mut out, "CATEGORIES:JOB PLAN");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::super::Category;
    use super::super::form::{ActivityForm, PlanForm};
    use super::*;

    #[test]
    fn week_2_starts_a_week_later_and_lines_fold_with_crlf() {
        let mut form = PlanForm::starting(37.5);
        form.activities.push(ActivityForm {
            day: "wednesday".into(),
            start: "09:00".into(),
            end: "12:30".into(),
            category: "dcc".into(),
            description: "Linac QA, with the physics team; a long description that needs folding"
                .into(),
            location: "Bunker 2".into(),
            recurrence: "week2".into(),
            every_n_weeks: String::new(),
            weeks_per_year: "42".into(),
        });
        let plan = form.parse().unwrap();
        let labels = Category::ALL.map(|c| c.default_label().to_string());
        let now = NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        let ics = calendar(&plan, FinancialYear(2026), "Job plan", &labels, "jp-1", now);
        // 1 April 2026 is a Wednesday: week 2 starts on the 8th.
        assert!(ics.contains("DTSTART:20260408T090000\r\n"), "{ics}");
        assert!(ics.contains("DTEND:20260408T123000\r\n"));
        assert!(ics.contains("RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=20270331T235959\r\n"));
        assert!(ics.contains("Linac QA\\, with the physics team\\; a long"));
        assert!(ics.lines().all(|l| l.len() <= 76), "folded at 75 octets");
        assert!(ics.contains("\r\n "), "a long line is folded");
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }
}
