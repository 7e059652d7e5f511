//! Professional registrations and certificates, and their red / amber /
//! green status (DOMAIN.md: Registrations and certificates).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Amber from this many days before expiry.
pub const AMBER_DAYS: i64 = 90;

/// Where a registration or certificate comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Body {
    Hcpc,
    Ahcs,
    Rct,
    ScienceCouncil,
    IpemCpdScheme,
    /// Medical Physics Expert certificate (RPA2000), per modality.
    Mpe,
    /// Radiation Protection Adviser certificate.
    Rpa,
}

impl Body {
    pub const ALL: [Body; 7] = [
        Body::Hcpc,
        Body::Ahcs,
        Body::Rct,
        Body::ScienceCouncil,
        Body::IpemCpdScheme,
        Body::Mpe,
        Body::Rpa,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Body::Hcpc => "hcpc",
            Body::Ahcs => "ahcs",
            Body::Rct => "rct",
            Body::ScienceCouncil => "science_council",
            Body::IpemCpdScheme => "ipem_cpd",
            Body::Mpe => "mpe",
            Body::Rpa => "rpa",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Body::Hcpc => "HCPC registration",
            Body::Ahcs => "AHCS registration",
            Body::Rct => "Register of Clinical Technologists",
            Body::ScienceCouncil => "Science Council (CSci, RSci, RSciTech)",
            Body::IpemCpdScheme => "IPEM CPD scheme",
            Body::Mpe => "Medical Physics Expert certificate",
            Body::Rpa => "Radiation Protection Adviser certificate",
        }
    }

    pub fn parse(raw: &str) -> Option<Body> {
        Self::ALL.into_iter().find(|b| b.as_str() == raw.trim())
    }

    pub fn is_certificate(self) -> bool {
        matches!(self, Body::Mpe | Body::Rpa)
    }
}

/// The modalities an MPE may be certified for when the portal starts; the
/// list administrators extend is in the database (`mpe_modalities`).
pub const MODALITIES: &[&str] = &["Radiotherapy", "Nuclear medicine", "Diagnostic radiology"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rag {
    Red,
    Amber,
    Green,
}

impl Rag {
    /// Red once the expiry date has passed, amber within 90 days of it.
    pub fn of(expires_on: NaiveDate, today: NaiveDate) -> Rag {
        if expires_on < today {
            Rag::Red
        } else if (expires_on - today).num_days() <= AMBER_DAYS {
            Rag::Amber
        } else {
            Rag::Green
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "Expired",
            Rag::Amber => "Expires within 90 days",
            Rag::Green => "Current",
        }
    }

    pub fn css(self) -> &'static str {
        match self {
            Rag::Red => "tag tag--red",
            Rag::Amber => "tag tag--amber",
            Rag::Green => "tag tag--green",
        }
    }
}

/// The chosen modalities, each one from `known` (spelt as listed there),
/// at least one for an MPE certificate and none for anything else.
pub fn check_modalities<S: AsRef<str>>(
    body: Body,
    chosen: &[String],
    known: &[S],
) -> Result<Vec<String>, String> {
    let mut picked = Vec::new();
    for raw in chosen {
        let Some(known) = known
            .iter()
            .map(AsRef::as_ref)
            .find(|m| m.eq_ignore_ascii_case(raw.trim()))
        else {
            return Err("Choose modalities from the list".into());
        };
        if !picked.iter().any(|p: &String| p == known) {
            picked.push(known.to_string());
        }
    }
    match (body, picked.is_empty()) {
        (Body::Mpe, true) => Err("Choose the modalities the certificate covers".into()),
        (Body::Mpe, false) => Ok(picked),
        (_, false) => Err("Only an MPE certificate has modalities".into()),
        (_, true) => Ok(picked),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn rag_boundaries() {
        let today = d("2026-11-26");
        assert_eq!(Rag::of(d("2026-11-25"), today), Rag::Red);
        assert_eq!(
            Rag::of(d("2026-11-26"), today),
            Rag::Amber,
            "valid to the end of its last day"
        );
        assert_eq!(Rag::of(d("2027-02-24"), today), Rag::Amber, "day 90");
        assert_eq!(Rag::of(d("2027-02-25"), today), Rag::Green, "day 91");
    }

    #[test]
    fn modalities_belong_to_mpe_certificates() {
        let chosen = vec!["radiotherapy".to_string(), "Radiotherapy".to_string()];
        assert_eq!(
            check_modalities(Body::Mpe, &chosen, MODALITIES),
            Ok(vec!["Radiotherapy".to_string()])
        );
        assert!(check_modalities(Body::Mpe, &[], MODALITIES).is_err());
        assert!(check_modalities(Body::Hcpc, &chosen, MODALITIES).is_err());
        assert!(check_modalities(Body::Mpe, &["Dentistry".to_string()], MODALITIES).is_err());
        let added = ["Radiotherapy".to_string(), "Dentistry".to_string()];
        assert_eq!(
            check_modalities(Body::Mpe, &["dentistry".to_string()], &added),
            Ok(vec!["Dentistry".to_string()]),
            "an administrator's addition is accepted"
        );
        for body in Body::ALL {
            assert_eq!(Body::parse(body.as_str()), Some(body));
        }
    }
}
