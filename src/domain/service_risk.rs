//! Service risk: does a service keep the certified people it needs? A
//! service needs a named MPE for each modality it runs and an RPA
//! (DOMAIN.md: Registrations and certificates); administrators set how many
//! of each a department needs, and the cover is red, amber or green.
//!
//! The boundary convention is [`Rag::of`]'s: a certificate's expiry date is
//! its last valid day and a leaver's end date their last day employed, so
//! a person covers a day up to and including that date. A person whose
//! cover ends within 90 days (on day 0 to day 90) is amber, on day 91 or
//! later green. A requirement is therefore amber when fewer than the
//! minimum still cover [`horizon`] (today + 91): the same day that separates
//! a person's own amber from green.

use super::registrations::{AMBER_DAYS, Rag};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// The most people a requirement may ask for.
pub const MAX_MINIMUM: u32 = 50;

/// The longest modality name (the column's width).
pub const MAX_MODALITY_LEN: usize = 80;

/// What a cover requirement asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CoverKind {
    /// A Medical Physics Expert certified for one modality.
    Mpe,
    /// A Radiation Protection Adviser.
    Rpa,
}

impl CoverKind {
    pub const ALL: [CoverKind; 2] = [CoverKind::Mpe, CoverKind::Rpa];

    pub fn as_str(self) -> &'static str {
        match self {
            CoverKind::Mpe => "mpe",
            CoverKind::Rpa => "rpa",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CoverKind::Mpe => "Medical Physics Expert",
            CoverKind::Rpa => "Radiation Protection Adviser",
        }
    }

    pub fn parse(raw: &str) -> Option<CoverKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw.trim())
    }

    /// "Medical Physics Expert: Radiotherapy", "Radiation Protection Adviser".
    pub fn describe(self, modality: &str) -> String {
        match self {
            CoverKind::Mpe => format!("{}: {modality}", self.label()),
            CoverKind::Rpa => self.label().to_string(),
        }
    }
}

/// One person in post holding a matching certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holder {
    /// The certificate's last valid day.
    pub expires_on: NaiveDate,
    /// Their last day employed, when they are leaving.
    pub leaves_on: Option<NaiveDate>,
}

impl Holder {
    /// The last day they provide cover: the certificate's expiry or their
    /// last day employed, whichever comes first.
    pub fn covers_until(self) -> NaiveDate {
        match self.leaves_on {
            Some(last_day) => last_day.min(self.expires_on),
            None => self.expires_on,
        }
    }

    pub fn covers_on(self, day: NaiveDate) -> bool {
        day <= self.covers_until()
    }

    /// Their own status: [`Rag::of`] the last day they provide cover.
    pub fn rag(self, today: NaiveDate) -> Rag {
        Rag::of(self.covers_until(), today)
    }

    /// Their own status in words: [`Rag::label`], except that someone
    /// leaving before their certificate expires "leaves" rather than
    /// "expires" within 90 days.
    pub fn status_label(self, today: NaiveDate) -> &'static str {
        match self.rag(today) {
            Rag::Amber if self.leaves_on.is_some_and(|last| last < self.expires_on) => {
                "Leaves within 90 days"
            }
            rag => rag.label(),
        }
    }
}

/// The day the amber look-ahead tests: the first day after the 90-day
/// window, today + 91 (see the module's note on boundaries).
pub fn horizon(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_days(Days::new(AMBER_DAYS.unsigned_abs() + 1))
        .unwrap_or(NaiveDate::MAX)
}

/// How many of `holders` cover `day`.
pub fn covering(holders: &[Holder], day: NaiveDate) -> usize {
    holders.iter().filter(|h| h.covers_on(day)).count()
}

/// Red when fewer than `minimum` cover today; amber when fewer than
/// `minimum` will still cover on [`horizon`]; green otherwise. Cover only
/// falls over time (people's certificates expire and leavers go), so a
/// shortfall at any point in the window shows on the horizon day.
pub fn cover_status(minimum: u32, holders: &[Holder], today: NaiveDate) -> Rag {
    let needed = usize::try_from(minimum).unwrap_or(usize::MAX);
    if covering(holders, today) < needed {
        Rag::Red
    } else if covering(holders, horizon(today)) < needed {
        Rag::Amber
    } else {
        Rag::Green
    }
}

/// A requirement's status in words (the colour only repeats it).
pub fn status_label(status: Rag) -> &'static str {
    match status {
        Rag::Red => "Red: below minimum now",
        Rag::Amber => "Amber: falls below the minimum within 90 days",
        Rag::Green => "Green",
    }
}

/// The minimum number of certified people: a whole number from 1 to
/// [`MAX_MINIMUM`].
pub fn parse_minimum(raw: &str) -> Result<u32, String> {
    match raw.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_MINIMUM).contains(&n) => Ok(n),
        _ => Err(format!(
            "Enter the minimum number of certified people as a whole number from 1 to {MAX_MINIMUM}"
        )),
    }
}

/// A new modality's name, trimmed. Certificates store their modalities
/// comma-separated, so a name may not contain a comma.
pub fn check_modality_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() {
        Err("Enter the modality's name".into())
    } else if name.chars().count() > MAX_MODALITY_LEN {
        Err(format!(
            "The modality's name must be {MAX_MODALITY_LEN} characters or fewer"
        ))
    } else if name.contains(',') || name.chars().any(char::is_control) {
        Err("The modality's name must not contain commas".into())
    } else {
        Ok(name.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    const TODAY: &str = "2026-11-26";

    fn days(n: u64) -> NaiveDate {
        d(TODAY).checked_add_days(Days::new(n)).unwrap()
    }

    fn cert(expires_on: NaiveDate) -> Holder {
        Holder {
            expires_on,
            leaves_on: None,
        }
    }

    #[test]
    fn only_mpe_expiring_in_30_days_is_amber() {
        assert_eq!(cover_status(1, &[cert(days(30))], d(TODAY)), Rag::Amber);
    }

    #[test]
    fn only_mpe_expired_is_red() {
        assert_eq!(
            cover_status(1, &[cert(d("2026-11-25"))], d(TODAY)),
            Rag::Red
        );
    }

    #[test]
    fn nobody_certified_is_red() {
        assert_eq!(cover_status(1, &[], d(TODAY)), Rag::Red);
    }

    #[test]
    fn certificate_expiring_today_still_covers_today() {
        assert_eq!(cover_status(1, &[cert(d(TODAY))], d(TODAY)), Rag::Amber);
    }

    #[test]
    fn two_mpes_minimum_one_one_expiring_is_green() {
        let holders = [cert(days(30)), cert(days(400))];
        assert_eq!(cover_status(1, &holders, d(TODAY)), Rag::Green);
    }

    #[test]
    fn two_mpes_minimum_two_one_expiring_is_amber() {
        let holders = [cert(days(30)), cert(days(400))];
        assert_eq!(cover_status(2, &holders, d(TODAY)), Rag::Amber);
    }

    #[test]
    fn one_mpe_minimum_two_is_red() {
        assert_eq!(cover_status(2, &[cert(days(400))], d(TODAY)), Rag::Red);
    }

    #[test]
    fn leaver_counted_until_their_end_date() {
        let leaver = Holder {
            expires_on: days(1000),
            leaves_on: Some(days(30)),
        };
        assert_eq!(cover_status(1, &[leaver], d(TODAY)), Rag::Amber);
        assert!(leaver.covers_on(days(30)), "covers their last day");
        assert!(!leaver.covers_on(days(31)));
        assert_eq!(leaver.rag(d(TODAY)), Rag::Amber);
        assert_eq!(leaver.status_label(d(TODAY)), "Leaves within 90 days");
        assert_eq!(
            cert(days(30)).status_label(d(TODAY)),
            "Expires within 90 days"
        );
        let leaving_after_the_window = Holder {
            expires_on: days(1000),
            leaves_on: Some(days(200)),
        };
        assert_eq!(
            cover_status(1, &[leaving_after_the_window], d(TODAY)),
            Rag::Green
        );
    }

    #[test]
    fn leaver_whose_certificate_expires_first_ends_at_the_expiry() {
        let holder = Holder {
            expires_on: days(10),
            leaves_on: Some(days(60)),
        };
        assert_eq!(holder.covers_until(), days(10));
    }

    #[test]
    fn boundary_day_90_is_amber_and_day_91_green() {
        assert_eq!(cover_status(1, &[cert(days(90))], d(TODAY)), Rag::Amber);
        assert_eq!(cover_status(1, &[cert(days(91))], d(TODAY)), Rag::Green);
        // The same days as a single certificate's own status.
        assert_eq!(Rag::of(days(90), d(TODAY)), Rag::Amber);
        assert_eq!(Rag::of(days(91), d(TODAY)), Rag::Green);
        assert_eq!(horizon(d(TODAY)), days(91));
    }

    #[test]
    fn requirement_status_agrees_with_the_holders_own_status() {
        // With a minimum of one, the requirement is as good as its best
        // holder.
        for n in [0u64, 1, 30, 89, 90, 91, 92, 400] {
            let holder = cert(days(n));
            assert_eq!(
                cover_status(1, &[holder], d(TODAY)),
                holder.rag(d(TODAY)),
                "day {n}"
            );
        }
    }

    #[test]
    fn minimum_is_a_whole_number_from_1_to_50() {
        assert_eq!(parse_minimum(" 2 "), Ok(2));
        assert_eq!(parse_minimum("50"), Ok(50));
        for bad in ["0", "abc", "", "-1", "1.5", "51"] {
            assert!(parse_minimum(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn modality_names_are_trimmed_and_have_no_commas() {
        assert_eq!(check_modality_name("  MRI "), Ok("MRI".to_string()));
        assert!(check_modality_name("   ").is_err());
        assert!(check_modality_name("PET, CT").is_err());
        assert!(check_modality_name(&"x".repeat(81)).is_err());
    }

    #[test]
    fn kinds_read_back_and_describe_themselves() {
        for kind in CoverKind::ALL {
            assert_eq!(CoverKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(CoverKind::parse("hcpc"), None);
        assert_eq!(
            CoverKind::Mpe.describe("Radiotherapy"),
            "Medical Physics Expert: Radiotherapy"
        );
        assert_eq!(CoverKind::Rpa.describe(""), "Radiation Protection Adviser");
    }
}
