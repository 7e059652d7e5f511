//! Job-plan arithmetic (DOMAIN.md: Job plans): weekly and annual totals by
//! category in hours and Programmed Activities, premium time, recurrence,
//! annualised activities, on-call, working weeks, clashes and warnings.
//!
//! Times are whole minutes from midnight; a PA is 4 hours of standard time
//! or 3 hours of premium time (weekdays before 07:00 or from 19:00, and all
//! weekend).

use serde::{Deserialize, Serialize};

pub mod diff;
pub mod form;
pub mod ics;
pub mod status;

/// Agenda for Change full time, hours a week.
pub const AFC_FULL_TIME_HOURS: f64 = 37.5;
/// Consultant full time, PAs a week; more than 12 is not normally allowed.
pub const FULL_TIME_PAS: f64 = 10.0;
pub const MAX_PAS: f64 = 12.0;
/// Minutes in a standard-time PA and in a premium-time PA.
const STANDARD_PA_MINUTES: f64 = 240.0;
const PREMIUM_PA_MINUTES: f64 = 180.0;
/// Premium time on weekdays: before 07:00 and from 19:00.
const DAY_START: u32 = 7 * 60;
const DAY_END: u32 = 19 * 60;
/// Plan hours within this of the contract count as matching.
pub const TOLERANCE_HOURS: f64 = 0.25;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Category {
    DirectClinicalCare,
    SupportingProfessionalActivities,
    AdditionalNhsResponsibilities,
    ExternalDuties,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::DirectClinicalCare,
        Category::SupportingProfessionalActivities,
        Category::AdditionalNhsResponsibilities,
        Category::ExternalDuties,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::DirectClinicalCare => "dcc",
            Category::SupportingProfessionalActivities => "spa",
            Category::AdditionalNhsResponsibilities => "anr",
            Category::ExternalDuties => "ed",
        }
    }

    /// The national name; administrators may show another (the arithmetic
    /// does not change).
    pub fn default_label(self) -> &'static str {
        match self {
            Category::DirectClinicalCare => "Direct Clinical Care",
            Category::SupportingProfessionalActivities => "Supporting Professional Activities",
            Category::AdditionalNhsResponsibilities => "Additional NHS Responsibilities",
            Category::ExternalDuties => "External Duties",
        }
    }

    pub fn parse(raw: &str) -> Option<Category> {
        Self::ALL.into_iter().find(|c| c.as_str() == raw.trim())
    }

    /// Position in `ALL` (and in the totals' arrays).
    pub fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Day {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Day {
    pub const ALL: [Day; 7] = [
        Day::Monday,
        Day::Tuesday,
        Day::Wednesday,
        Day::Thursday,
        Day::Friday,
        Day::Saturday,
        Day::Sunday,
    ];

    pub fn is_weekend(self) -> bool {
        matches!(self, Day::Saturday | Day::Sunday)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Day::Monday => "monday",
            Day::Tuesday => "tuesday",
            Day::Wednesday => "wednesday",
            Day::Thursday => "thursday",
            Day::Friday => "friday",
            Day::Saturday => "saturday",
            Day::Sunday => "sunday",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Day::Monday => "Monday",
            Day::Tuesday => "Tuesday",
            Day::Wednesday => "Wednesday",
            Day::Thursday => "Thursday",
            Day::Friday => "Friday",
            Day::Saturday => "Saturday",
            Day::Sunday => "Sunday",
        }
    }

    pub fn parse(raw: &str) -> Option<Day> {
        Self::ALL.into_iter().find(|d| d.as_str() == raw.trim())
    }

    /// Monday is 0.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// How often a timetabled activity happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recurrence {
    EveryWeek,
    /// Weeks 1 and 2 of a two-week rota alternate.
    Week1,
    Week2,
    /// Once every n weeks (n from 2).
    EveryNWeeks(u32),
}

impl Recurrence {
    /// The stored kind: "every", "week1", "week2" or "every_n".
    pub fn kind(self) -> &'static str {
        match self {
            Recurrence::EveryWeek => "every",
            Recurrence::Week1 => "week1",
            Recurrence::Week2 => "week2",
            Recurrence::EveryNWeeks(_) => "every_n",
        }
    }

    pub fn every_n(self) -> Option<u32> {
        match self {
            Recurrence::EveryNWeeks(n) => Some(n),
            _ => None,
        }
    }

    /// From the stored kind and n (n only for "every_n").
    pub fn from_kind(kind: &str, n: Option<u32>) -> Option<Recurrence> {
        match kind {
            "every" => Some(Recurrence::EveryWeek),
            "week1" => Some(Recurrence::Week1),
            "week2" => Some(Recurrence::Week2),
            "every_n" => n.map(Recurrence::EveryNWeeks),
            _ => None,
        }
    }

    pub fn label(self) -> String {
        match self {
            Recurrence::EveryWeek => "every week".into(),
            Recurrence::Week1 => "week 1 of 2".into(),
            Recurrence::Week2 => "week 2 of 2".into(),
            Recurrence::EveryNWeeks(n) => format!("every {n} weeks"),
        }
    }

    /// The share of weeks it happens in.
    pub fn share(self) -> f64 {
        match self {
            Recurrence::EveryWeek => 1.0,
            Recurrence::Week1 | Recurrence::Week2 => 0.5,
            Recurrence::EveryNWeeks(n) => 1.0 / f64::from(n.max(1)),
        }
    }

    /// Whether two activities with these recurrences can fall in the same
    /// week (week 1 and week 2 never do; anything else may).
    fn can_meet(self, other: Recurrence) -> bool {
        !matches!(
            (self, other),
            (Recurrence::Week1, Recurrence::Week2) | (Recurrence::Week2, Recurrence::Week1)
        )
    }
}

/// "HH:MM" (00:00 to 24:00) as minutes from midnight.
pub fn parse_time(raw: &str) -> Result<u32, String> {
    let message = || "Enter a time from 00:00 to 24:00, like 09:30".to_string();
    let (h, m) = raw.trim().split_once(':').ok_or_else(message)?;
    let h: u32 = h.parse().map_err(|_| message())?;
    let m: u32 = m.parse().map_err(|_| message())?;
    if m >= 60 || h > 24 || (h == 24 && m > 0) {
        return Err(message());
    }
    Ok(h * 60 + m)
}

/// Minutes from midnight as "HH:MM".
pub fn format_time(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A figure without trailing zeros: 37.5, 10, 2.25 (two decimals at most).
pub fn format_number(value: f64) -> String {
    let text = format!("{:.2}", (value * 100.0).round() / 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// One activity of the weekly timetable.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    pub day: Day,
    pub start: u32,
    pub end: u32,
    pub category: Category,
    pub recurrence: Recurrence,
    /// Weeks a year it runs (at most 52).
    pub weeks_per_year: f64,
}

impl Slot {
    /// Checks times and weeks: end after start, within the day, weeks from
    /// just above 0 to 52.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if self.end > 24 * 60 {
            return Err(("end", "The end must be 24:00 or earlier".into()));
        }
        if self.end <= self.start {
            return Err(("end", "The end must be after the start".into()));
        }
        if !(self.weeks_per_year > 0.0 && self.weeks_per_year <= 52.0) {
            return Err((
                "weeks_per_year",
                "Weeks a year must be more than 0 and at most 52".into(),
            ));
        }
        if let Recurrence::EveryNWeeks(n) = self.recurrence
            && !(2..=52).contains(&n)
        {
            return Err(("recurrence", "Every n weeks needs n from 2 to 52".into()));
        }
        Ok(())
    }

    fn minutes(&self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    /// Minutes of the slot in premium time.
    fn premium_minutes(&self) -> u32 {
        if self.day.is_weekend() {
            return self.minutes();
        }
        let before = DAY_START.saturating_sub(self.start).min(self.minutes());
        let after = self
            .end
            .saturating_sub(DAY_END.max(self.start))
            .min(self.minutes());
        before + after
    }

    /// PAs one occurrence is worth.
    pub fn pas(&self) -> f64 {
        let premium = f64::from(self.premium_minutes());
        let standard = f64::from(self.minutes()) - premium;
        standard / STANDARD_PA_MINUTES + premium / PREMIUM_PA_MINUTES
    }

    pub fn hours(&self) -> f64 {
        f64::from(self.minutes()) / 60.0
    }

    fn overlaps(&self, other: &Slot) -> bool {
        self.day == other.day
            && self.start < other.end
            && other.start < self.end
            && self.recurrence.can_meet(other.recurrence)
    }
}

/// Work that is not timetabled: hours a year in a category.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Annualised {
    pub category: Category,
    pub hours_per_year: f64,
}

/// An on-call rota: 1 in `frequency`, with the hours of work expected in a
/// week on call (category A: immediate return to site; B: later). The work
/// counts as direct clinical care in premium time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OnCall {
    pub frequency: u32,
    pub category_a: bool,
    pub expected_hours_per_week_on_call: f64,
}

impl OnCall {
    pub fn weekly_hours(&self) -> f64 {
        self.expected_hours_per_week_on_call / f64::from(self.frequency.max(1))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Contract {
    /// Agenda for Change: contracted hours a week (37.5 = full time).
    AgendaForChange { hours_per_week: f64 },
    /// Consultant: PAs a week (10 = full time).
    Consultant { pas_per_week: f64 },
}

/// Working weeks a year: 52 less leave, public holidays and study leave,
/// five days to a week. 27 days of leave and 8 public holidays give 45.
pub fn working_weeks(leave_days: f64, public_holidays: f64, study_leave_days: f64) -> f64 {
    (52.0 - (leave_days + public_holidays + study_leave_days) / 5.0).max(0.0)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Warning {
    /// Two timetabled activities (by index) that can happen at once.
    Clash(usize, usize),
    MoreThanTwelvePas,
    NoSpa,
    /// Planned hours a week differ from the contract by this much.
    OffContract(f64),
}

/// Per-category and total figures of a plan, averaged over working weeks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    pub weekly_hours: [f64; 4],
    pub weekly_pas: [f64; 4],
    pub annual_hours: [f64; 4],
    pub total_weekly_hours: f64,
    pub total_weekly_pas: f64,
    pub total_annual_hours: f64,
    /// Planned minus contracted, hours a week (positive: over-planned).
    pub hours_over_contract: f64,
    /// Planned minus contracted, PAs a week.
    pub pas_over_contract: f64,
    pub warnings: Vec<Warning>,
}

/// Works out a plan's totals and warnings.
pub fn totals(
    contract: Contract,
    slots: &[Slot],
    annualised: &[Annualised],
    on_call: Option<OnCall>,
    working_weeks: f64,
) -> Totals {
    let mut weekly_hours = [0.0; 4];
    let mut weekly_pas = [0.0; 4];
    let mut annual_hours = [0.0; 4];
    let weeks = working_weeks.max(1.0);
    for slot in slots {
        let i = slot.category.index();
        // An activity that runs in fewer weeks than the person works counts
        // for that share of the average week.
        let share = slot.recurrence.share() * (slot.weeks_per_year / weeks).min(1.0);
        weekly_hours[i] += slot.hours() * share;
        weekly_pas[i] += slot.pas() * share;
        annual_hours[i] += slot.hours() * slot.recurrence.share() * slot.weeks_per_year;
    }
    for a in annualised {
        let i = a.category.index();
        weekly_hours[i] += a.hours_per_year / weeks;
        weekly_pas[i] += a.hours_per_year / weeks / 4.0;
        annual_hours[i] += a.hours_per_year;
    }
    if let Some(on_call) = on_call {
        let i = Category::DirectClinicalCare.index();
        let hours = on_call.weekly_hours();
        weekly_hours[i] += hours;
        weekly_pas[i] += hours * 60.0 / PREMIUM_PA_MINUTES;
        annual_hours[i] += hours * weeks;
    }
    let total_weekly_hours: f64 = weekly_hours.iter().sum();
    let total_weekly_pas: f64 = weekly_pas.iter().sum();
    let (contract_hours, contract_pas) = match contract {
        Contract::AgendaForChange { hours_per_week } => (hours_per_week, hours_per_week / 4.0),
        Contract::Consultant { pas_per_week } => (pas_per_week * 4.0, pas_per_week),
    };
    let mut warnings = Vec::new();
    for (i, a) in slots.iter().enumerate() {
        for (j, b) in slots.iter().enumerate().skip(i + 1) {
            if a.overlaps(b) {
                warnings.push(Warning::Clash(i, j));
            }
        }
    }
    if total_weekly_pas > MAX_PAS + 1e-9 {
        warnings.push(Warning::MoreThanTwelvePas);
    }
    if weekly_hours[Category::SupportingProfessionalActivities.index()] <= 0.0 {
        warnings.push(Warning::NoSpa);
    }
    let hours_over = total_weekly_hours - contract_hours;
    let off = match contract {
        Contract::AgendaForChange { .. } => hours_over.abs() > TOLERANCE_HOURS,
        Contract::Consultant { .. } => {
            (total_weekly_pas - contract_pas).abs() > TOLERANCE_HOURS / 4.0
        }
    };
    if off {
        warnings.push(Warning::OffContract(hours_over));
    }
    Totals {
        weekly_hours,
        weekly_pas,
        annual_hours,
        total_weekly_hours,
        total_weekly_pas,
        total_annual_hours: annual_hours.iter().sum(),
        hours_over_contract: hours_over,
        pas_over_contract: total_weekly_pas - contract_pas,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(day: Day, start: &str, end: &str, category: Category) -> Slot {
        Slot {
            day,
            start: parse_time(start).unwrap(),
            end: parse_time(end).unwrap(),
            category,
            recurrence: Recurrence::EveryWeek,
            weeks_per_year: 42.0,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    const DCC: Category = Category::DirectClinicalCare;
    const SPA: Category = Category::SupportingProfessionalActivities;

    /// Mon-Thu 08:00-12:00 and 13:00-17:00 DCC except Thursday afternoon
    /// (7 PAs), Friday morning DCC half (0.5), Thursday and Friday afternoons
    /// SPA plus Friday 08:00-10:00 SPA: 7.5 DCC + 2.5 SPA = 10 PAs.
    #[test]
    fn consultant_plan_of_7_5_dcc_and_2_5_spa_makes_10_pas_and_40_hours() {
        let mut slots = Vec::new();
        for day in [Day::Monday, Day::Tuesday, Day::Wednesday, Day::Thursday] {
            slots.push(slot(day, "08:00", "12:00", DCC));
        }
        for day in [Day::Monday, Day::Tuesday, Day::Wednesday] {
            slots.push(slot(day, "13:00", "17:00", DCC));
        }
        slots.push(slot(Day::Friday, "10:00", "12:00", DCC));
        slots.push(slot(Day::Thursday, "13:00", "17:00", SPA));
        slots.push(slot(Day::Friday, "13:00", "17:00", SPA));
        slots.push(slot(Day::Friday, "08:00", "10:00", SPA));
        let t = totals(
            Contract::Consultant { pas_per_week: 10.0 },
            &slots,
            &[],
            None,
            42.0,
        );
        assert!(close(t.weekly_pas[DCC.index()], 7.5), "{:?}", t.weekly_pas);
        assert!(close(t.weekly_pas[SPA.index()], 2.5));
        assert!(close(t.total_weekly_pas, 10.0));
        assert!(close(t.total_weekly_hours, 40.0));
        assert!(close(t.total_annual_hours, 40.0 * 42.0));
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    }

    /// 0.8 FTE on Agenda for Change is 30 hours: four days of 7.5 hours
    /// (09:00-17:00 with a 30-minute break split as 09:00-12:30, 13:00-17:00).
    #[test]
    fn agenda_for_change_0_8_fte_plan_is_30_hours_and_matches_its_contract() {
        let mut slots = Vec::new();
        for day in [Day::Monday, Day::Tuesday, Day::Wednesday] {
            slots.push(slot(day, "09:00", "12:30", DCC));
            slots.push(slot(day, "13:00", "17:00", DCC));
        }
        slots.push(slot(Day::Thursday, "09:00", "12:30", SPA));
        slots.push(slot(Day::Thursday, "13:00", "17:00", DCC));
        let t = totals(
            Contract::AgendaForChange {
                hours_per_week: 30.0,
            },
            &slots,
            &[],
            None,
            42.0,
        );
        assert!(close(t.total_weekly_hours, 30.0));
        assert!(close(t.hours_over_contract, 0.0));
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
        let short = totals(
            Contract::AgendaForChange {
                hours_per_week: 37.5,
            },
            &slots,
            &[],
            None,
            42.0,
        );
        assert_eq!(short.warnings, vec![Warning::OffContract(-7.5)]);
    }

    /// A 4-hour clinic in week 1 only counts 2 hours (0.5 PA) a week on
    /// average; week 1 and week 2 activities at the same time do not clash.
    #[test]
    fn week_1_and_week_2_alternate_halving_the_average_and_never_clash() {
        let mut a = slot(Day::Monday, "09:00", "13:00", DCC);
        a.recurrence = Recurrence::Week1;
        let mut b = slot(Day::Monday, "09:00", "13:00", SPA);
        b.recurrence = Recurrence::Week2;
        let t = totals(
            Contract::Consultant { pas_per_week: 1.0 },
            &[a, b],
            &[],
            None,
            42.0,
        );
        assert!(close(t.weekly_hours[DCC.index()], 2.0));
        assert!(close(t.weekly_pas[DCC.index()], 0.5));
        assert!(close(t.total_weekly_pas, 1.0));
        assert!(!t.warnings.iter().any(|w| matches!(w, Warning::Clash(..))));
        let mut c = b;
        c.recurrence = Recurrence::EveryWeek;
        let t = totals(
            Contract::Consultant { pas_per_week: 1.5 },
            &[a, c],
            &[],
            None,
            42.0,
        );
        assert!(t.warnings.contains(&Warning::Clash(0, 1)));
    }

    /// Premium time: a weekday 17:00-22:00 session is 2 standard hours
    /// (0.5 PA) and 3 premium hours (1 PA); a Saturday 09:00-12:00 session is
    /// 3 premium hours (1 PA).
    #[test]
    fn premium_time_pas_are_three_hours() {
        let evening = slot(Day::Tuesday, "17:00", "22:00", DCC);
        assert!(close(evening.pas(), 1.5));
        let early = slot(Day::Tuesday, "04:00", "07:00", DCC);
        assert!(close(early.pas(), 1.0));
        let saturday = slot(Day::Saturday, "09:00", "12:00", DCC);
        assert!(close(saturday.pas(), 1.0));
        let day = slot(Day::Wednesday, "07:00", "19:00", DCC);
        assert!(close(day.pas(), 3.0));
    }

    /// 90 hours a year of audit over 45 working weeks (27 days' leave and 8
    /// public holidays) is 2 hours, 0.5 PA, a week of SPA.
    #[test]
    fn annualised_90_hours_of_audit_over_45_weeks_is_2_hours_or_half_a_pa_a_week() {
        let weeks = working_weeks(27.0, 8.0, 0.0);
        assert!(close(weeks, 45.0));
        let audit = Annualised {
            category: SPA,
            hours_per_year: 90.0,
        };
        let t = totals(
            Contract::Consultant { pas_per_week: 10.0 },
            &[],
            &[audit],
            None,
            weeks,
        );
        assert!(close(t.weekly_hours[SPA.index()], 2.0));
        assert!(close(t.weekly_pas[SPA.index()], 0.5));
        assert!(close(t.annual_hours[SPA.index()], 90.0));
        assert!(close(t.total_weekly_hours, 2.0));
    }

    /// An on-call rota of 1 in 6 with 3 hours of work in a week on call is
    /// half an hour a week of DCC, in premium time: 1/6 PA.
    #[test]
    fn on_call_1_in_6_with_3_hours_of_work_is_half_an_hour_or_one_sixth_pa_a_week() {
        let on_call = OnCall {
            frequency: 6,
            category_a: true,
            expected_hours_per_week_on_call: 3.0,
        };
        let t = totals(
            Contract::Consultant { pas_per_week: 10.0 },
            &[],
            &[],
            Some(on_call),
            45.0,
        );
        assert!(close(t.weekly_hours[DCC.index()], 0.5));
        assert!(close(t.weekly_pas[DCC.index()], 0.5 / 3.0));
        assert!(close(t.annual_hours[DCC.index()], 0.5 * 45.0));
    }

    /// A clinic that runs 21 of 42 working weeks counts half its hours in
    /// the average week, and its real hours in the year.
    #[test]
    fn an_activity_on_21_of_42_weeks_counts_half_in_the_average_week() {
        let mut clinic = slot(Day::Monday, "09:00", "13:00", DCC);
        clinic.weeks_per_year = 21.0;
        let t = totals(
            Contract::AgendaForChange {
                hours_per_week: 2.0,
            },
            &[clinic],
            &[],
            None,
            42.0,
        );
        assert!(close(t.weekly_hours[DCC.index()], 2.0));
        assert!(close(t.annual_hours[DCC.index()], 84.0));
    }

    #[test]
    fn more_than_twelve_pas_and_no_spa_are_warned() {
        let slots: Vec<Slot> = [
            Day::Monday,
            Day::Tuesday,
            Day::Wednesday,
            Day::Thursday,
            Day::Friday,
        ]
        .into_iter()
        .flat_map(|d| {
            [
                slot(d, "07:00", "13:00", DCC),
                slot(d, "13:00", "19:00", DCC),
            ]
        })
        .collect();
        let t = totals(
            Contract::Consultant { pas_per_week: 10.0 },
            &slots,
            &[],
            None,
            42.0,
        );
        assert!(close(t.total_weekly_pas, 15.0));
        assert!(t.warnings.contains(&Warning::MoreThanTwelvePas));
        assert!(t.warnings.contains(&Warning::NoSpa));
        assert!(t.warnings.contains(&Warning::OffContract(20.0)));
    }

    #[test]
    fn bad_times_and_weeks_are_refused() {
        assert!(parse_time("25:00").is_err());
        assert!(parse_time("24:30").is_err());
        assert!(parse_time("9.30").is_err());
        assert_eq!(parse_time("24:00"), Ok(1440));
        let mut s = slot(Day::Monday, "10:00", "09:00", DCC);
        assert_eq!(s.check().unwrap_err().0, "end", "end before start");
        s.end = s.start;
        assert_eq!(s.check().unwrap_err().0, "end", "zero length");
        let mut s = slot(Day::Monday, "09:00", "10:00", DCC);
        s.weeks_per_year = -1.0;
        assert_eq!(s.check().unwrap_err().0, "weeks_per_year");
        s.weeks_per_year = 53.0;
        assert_eq!(s.check().unwrap_err().0, "weeks_per_year");
        s.weeks_per_year = 42.0;
        s.recurrence = Recurrence::EveryNWeeks(1);
        assert_eq!(s.check().unwrap_err().0, "recurrence");
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
    }
}
