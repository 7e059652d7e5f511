//! The demo organisation: a Medical Physics and Clinical Engineering service
//! of about 40 people in post, with five years of joiners and leavers, and
//! five demo logins. Deterministic: the same data every time. Only the
//! `seed-demo` command loads it; `serve` never does.

use super::services::{ServiceError, accounts};
use super::state::AppState;
use crate::domain::registrations::Body;
use crate::domain::roles::Role;
use crate::domain::service_risk::CoverKind;
use crate::server::db::entities::{cover_requirement, department, person, registration, team};
use chrono::{Datelike, NaiveDate};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

/// The password of every demo login. For demonstrations only.
pub const DEMO_PASSWORD: &str = "demo-portal-2026";

pub const DEMO_LOGINS: &[(&str, &str)] = &[
    (
        "staff@demo.test",
        "staff member (clinical scientist, radiotherapy physics)",
    ),
    ("manager@demo.test", "line manager (radiotherapy physics)"),
    ("head@demo.test", "head of service"),
    ("hr@demo.test", "HR workforce analyst"),
    ("admin@demo.test", "administrator"),
    (
        "mpe@demo.test",
        "staff member (the only nuclear medicine MPE)",
    ),
];

pub enum Seeded {
    Loaded { people: usize },
    AlreadyPresent,
}

pub fn print_logins() {
    println!("Demo logins (password {DEMO_PASSWORD}; for demonstrations only):");
    for (email, what) in DEMO_LOGINS {
        println!("  {email:<20} {what}");
    }
}

struct TeamPlan {
    department: usize,
    name: &'static str,
    lead_role: &'static str,
    roles: &'static [(&'static str, &'static str)],
    in_post: usize,
}

const DEPARTMENTS: &[(&str, &str)] = &[
    ("Medical Physics", "MP100"),
    ("Clinical Engineering", "CE200"),
];

const TEAMS: &[TeamPlan] = &[
    TeamPlan {
        department: 0,
        name: "Radiotherapy Physics",
        lead_role: "Consultant Clinical Scientist",
        roles: &[
            ("Clinical Scientist", "7"),
            ("Clinical Technologist", "6"),
            ("Clinical Scientist", "8a"),
            ("Trainee Clinical Scientist", "6"),
        ],
        in_post: 8,
    },
    TeamPlan {
        department: 0,
        name: "Nuclear Medicine",
        lead_role: "Consultant Clinical Scientist",
        roles: &[
            ("Clinical Scientist", "7"),
            ("Clinical Technologist", "5"),
            ("Clinical Scientist", "8a"),
        ],
        in_post: 5,
    },
    TeamPlan {
        department: 0,
        name: "MRI Physics",
        lead_role: "Principal Clinical Scientist",
        roles: &[("Clinical Scientist", "7"), ("Clinical Scientist", "8a")],
        in_post: 3,
    },
    TeamPlan {
        department: 0,
        name: "Radiation Protection",
        lead_role: "Radiation Protection Adviser",
        roles: &[("Clinical Scientist", "7"), ("Clinical Technologist", "5")],
        in_post: 4,
    },
    TeamPlan {
        department: 0,
        name: "Diagnostic Radiology Physics",
        lead_role: "Principal Clinical Scientist",
        roles: &[
            ("Clinical Scientist", "7"),
            ("Trainee Clinical Scientist", "6"),
        ],
        in_post: 4,
    },
    TeamPlan {
        department: 1,
        name: "Medical Equipment Management",
        lead_role: "Principal Clinical Engineer",
        roles: &[
            ("Clinical Engineer", "7"),
            ("Clinical Technologist", "5"),
            ("Clinical Technologist", "6"),
        ],
        in_post: 6,
    },
    TeamPlan {
        department: 1,
        name: "Rehabilitation Engineering",
        lead_role: "Principal Clinical Engineer",
        roles: &[("Clinical Engineer", "7"), ("Clinical Technologist", "5")],
        in_post: 2,
    },
];

const FIRST: &[&str] = &[
    "Aisha", "Ben", "Chloe", "Daniel", "Eleanor", "Farhan", "Grace", "Harry", "Imogen", "Jamal",
    "Katie", "Liam", "Megan", "Nikhil", "Olivia", "Patrick", "Rachel", "Samuel", "Tanya", "Umar",
    "Victoria", "William", "Yasmin", "Zoe", "Adam", "Bethan", "Callum", "Deepa", "Ewan", "Fiona",
    "Gareth", "Hannah", "Isaac", "Joanna",
];
const LAST: &[&str] = &[
    "Ahmed", "Brown", "Campbell", "Davies", "Evans", "Fletcher", "Green", "Hughes", "Iqbal",
    "Jones", "Khan", "Lewis", "Murphy", "Nguyen", "Owen", "Parry", "Quinn", "Roberts", "Singh",
    "Thomas", "Usman", "Walsh", "Williams", "Young",
];
const LEAVING: &[&str] = &[
    "Retirement",
    "Relocation",
    "Work-life balance",
    "Promotion",
    "Lack of opportunities",
    "End of fixed term",
    "Other/unknown",
    "Promotion",
    "Relocation",
];

/// A small linear congruential generator: deterministic demo data without
/// a random-number dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below.max(1)
    }
}

struct NewPerson<'a> {
    name: String,
    email: String,
    staff_group: &'a str,
    job_role: &'a str,
    band: &'a str,
    hours: f64,
    department_id: Option<i32>,
    team_id: Option<i32>,
    line_manager_id: Option<i32>,
    start: NaiveDate,
    end: Option<(NaiveDate, &'a str)>,
}

async fn insert(db: &impl ConnectionTrait, p: NewPerson<'_>) -> Result<i32, ServiceError> {
    let now = chrono::Utc::now();
    let row = person::ActiveModel {
        staff_id: Set(None),
        name: Set(p.name),
        email: Set(p.email),
        staff_group: Set(p.staff_group.to_string()),
        job_role: Set(p.job_role.to_string()),
        band: Set(p.band.to_string()),
        contracted_hours: Set(p.hours),
        department_id: Set(p.department_id),
        team_id: Set(p.team_id),
        line_manager_id: Set(p.line_manager_id),
        start_date: Set(p.start),
        end_date: Set(p.end.map(|(d, _)| d)),
        leaving_reason: Set(p.end.map(|(_, r)| r.to_string())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    crate::server::services::person_history::start(db, &row).await?;
    let staff_id = format!("DEMO{:05}", row.id);
    let mut row: person::ActiveModel = row.into();
    row.staff_id = Set(Some(staff_id));
    Ok(row.update(db).await?.id)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

pub async fn seed_demo(state: &AppState) -> Result<Seeded, ServiceError> {
    let already = person::Entity::find()
        .filter(person::Column::Email.eq("head@demo.test"))
        .one(&state.db)
        .await?;
    if already.is_some() {
        return Ok(Seeded::AlreadyPresent);
    }
    let mut hashes = Vec::new();
    for _ in DEMO_LOGINS {
        hashes.push(state.passwords.hash(DEMO_PASSWORD.to_string()).await?);
    }
    let today = chrono::Utc::now().date_naive();
    let this_year = today.year();
    let mut rng = Lcg(2026);
    let txn = crate::server::db::begin_write(&state.db).await?;
    let mut department_ids = Vec::new();
    for (name, cost_centre) in DEPARTMENTS {
        let d = department::ActiveModel {
            name: Set(name.to_string()),
            cost_centre: Set(Some(cost_centre.to_string())),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        department_ids.push(d.id);
    }
    let hs = "Healthcare Scientists";
    let head = insert(
        &txn,
        NewPerson {
            name: "Dr Priya Raman".into(),
            email: "head@demo.test".into(),
            staff_group: hs,
            job_role: "Head of Medical Physics and Clinical Engineering",
            band: "9",
            hours: 37.5,
            department_id: department_ids.first().copied(),
            team_id: None,
            line_manager_id: None,
            start: date(2009, 9, 1),
            end: None,
        },
    )
    .await?;
    let admin = insert(
        &txn,
        NewPerson {
            name: "Alex Morgan".into(),
            email: "admin@demo.test".into(),
            staff_group: "Administrative and Clerical",
            job_role: "Portal Administrator",
            band: "5",
            hours: 37.5,
            department_id: department_ids.first().copied(),
            team_id: None,
            line_manager_id: Some(head),
            start: date(2018, 3, 5),
            end: None,
        },
    )
    .await?;
    let hr = insert(
        &txn,
        NewPerson {
            name: "Helen Rees".into(),
            email: "hr@demo.test".into(),
            staff_group: "Administrative and Clerical",
            job_role: "Workforce Analyst",
            band: "6",
            hours: 30.0,
            department_id: None,
            team_id: None,
            line_manager_id: None,
            start: date(2016, 1, 11),
            end: None,
        },
    )
    .await?;
    let mut people = 3;
    let mut name_index = 0usize;
    let mut next_name = |rng: &mut Lcg| {
        let first = FIRST[name_index % FIRST.len()];
        let last = LAST[(name_index * 7 + rng.next(3) as usize) % LAST.len()];
        name_index += 1;
        let email = format!(
            "{}.{}{}@demo.test",
            first.to_lowercase(),
            last.to_lowercase(),
            name_index
        );
        (format!("{first} {last}"), email)
    };
    let mut manager = None;
    let mut staff_member = None;
    let mut nuclear_medicine_mpe = None;
    let mut radiology_lead = None;
    for (index, plan) in TEAMS.iter().enumerate() {
        let department_id = department_ids.get(plan.department).copied();
        let t = team::ActiveModel {
            department_id: Set(department_id.unwrap_or_default()),
            name: Set(plan.name.to_string()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let (lead_name, lead_email) = if index == 0 {
            ("Dr Tom Okafor".to_string(), "manager@demo.test".to_string())
        } else {
            next_name(&mut rng)
        };
        let lead = insert(
            &txn,
            NewPerson {
                name: lead_name,
                email: lead_email,
                staff_group: hs,
                job_role: plan.lead_role,
                band: if plan.lead_role.starts_with("Consultant") {
                    "8c"
                } else {
                    "8b"
                },
                hours: 37.5,
                department_id,
                team_id: Some(t.id),
                line_manager_id: Some(head),
                start: date(2010 + (index as i32), 4, 1),
                end: None,
            },
        )
        .await?;
        people += 1;
        if index == 0 {
            manager = Some(lead);
        }
        if plan.name == "Diagnostic Radiology Physics" {
            radiology_lead = Some(lead);
        }
        // Members in post now; about a third joined in the last five years.
        for member in 0..plan.in_post {
            let (role, band) = plan.roles[member % plan.roles.len()];
            let mpe = plan.name == "Nuclear Medicine" && member == 2;
            let (name, email) = if index == 0 && member == 0 {
                ("Sam Patel".to_string(), "staff@demo.test".to_string())
            } else if mpe {
                // Drawn and replaced, so that everyone else keeps their name.
                let _ = next_name(&mut rng);
                ("Dr Nadia Osei".to_string(), "mpe@demo.test".to_string())
            } else {
                next_name(&mut rng)
            };
            let start_year = if member % 3 == 2 {
                this_year - 1 - rng.next(5) as i32
            } else {
                2008 + rng.next(12) as i32
            };
            let hours = [37.5, 37.5, 37.5, 30.0, 22.5][rng.next(5) as usize];
            let id = insert(
                &txn,
                NewPerson {
                    name,
                    email,
                    staff_group: hs,
                    job_role: role,
                    band,
                    hours,
                    department_id,
                    team_id: Some(t.id),
                    line_manager_id: Some(lead),
                    start: date(start_year, 1 + rng.next(12) as u32, 1),
                    end: None,
                },
            )
            .await?;
            people += 1;
            if index == 0 && member == 0 {
                staff_member = Some(id);
            }
            if mpe {
                nuclear_medicine_mpe = Some(id);
            }
        }
        // Leavers over the last five years: roughly one in ten a year.
        let leavers = plan.in_post.div_ceil(2);
        for _ in 0..leavers {
            let (role, band) = plan.roles[rng.next(plan.roles.len() as u64) as usize];
            let (name, email) = next_name(&mut rng);
            let leave_year = this_year - 1 - rng.next(5) as i32;
            let start_year = leave_year - 1 - rng.next(10) as i32;
            let end = date(leave_year, 1 + rng.next(12) as u32, 28).min(today);
            insert(
                &txn,
                NewPerson {
                    name,
                    email,
                    staff_group: hs,
                    job_role: role,
                    band,
                    hours: 37.5,
                    department_id,
                    team_id: Some(t.id),
                    line_manager_id: Some(lead),
                    start: date(start_year, 1 + rng.next(12) as u32, 1),
                    end: Some((end, LEAVING[rng.next(LEAVING.len() as u64) as usize])),
                },
            )
            .await?;
            people += 1;
        }
    }
    let logins = [
        (staff_member, vec![Role::Staff]),
        (manager, vec![Role::Staff, Role::Manager]),
        (
            Some(head),
            vec![Role::Staff, Role::Manager, Role::HeadOfService],
        ),
        (Some(hr), vec![Role::Hr]),
        (Some(admin), vec![Role::Admin]),
        (nuclear_medicine_mpe, vec![Role::Staff]),
    ];
    let today = chrono::Utc::now().date_naive();
    let registrations = [
        (staff_member, Body::Hcpc, "CS31415", date(2027, 9, 30), None),
        (manager, Body::Hcpc, "CS27182", date(2027, 9, 30), None),
        // The radiotherapy MPE's certificate runs out within 90 days.
        (
            manager,
            Body::Mpe,
            "RPA2000/MPE/0117",
            today + chrono::Days::new(60),
            Some("Radiotherapy"),
        ),
        (Some(head), Body::Hcpc, "CS16180", date(2027, 9, 30), None),
        (
            Some(head),
            Body::Rpa,
            "RPA2000/RPA/0042",
            date(2029, 3, 31),
            None,
        ),
        // The only nuclear medicine MPE, certified for years yet.
        (
            nuclear_medicine_mpe,
            Body::Mpe,
            "RPA2000/MPE/0233",
            today + chrono::Days::new(1000),
            Some("Nuclear medicine"),
        ),
        // The diagnostic radiology MPE's certificate has lapsed.
        (
            radiology_lead,
            Body::Mpe,
            "RPA2000/MPE/0098",
            today - chrono::Days::new(20),
            Some("Diagnostic radiology"),
        ),
    ];
    for (person_id, body, number, expires_on, modalities) in registrations {
        let person_id = person_id.ok_or(ServiceError::NotFound("demo person"))?;
        registration::ActiveModel {
            person_id: Set(person_id),
            body: Set(body.as_str().to_string()),
            number: Set(Some(number.to_string())),
            registered_on: Set(None),
            expires_on: Set(expires_on),
            modalities: Set(modalities.map(str::to_string)),
            created_at: Set(chrono::Utc::now()),
            updated_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    // Medical Physics needs an MPE for each modality and an RPA: the
    // service-risk view shows radiotherapy amber, nuclear medicine green,
    // diagnostic radiology red and RPA cover green.
    let medical_physics = department_ids
        .first()
        .copied()
        .ok_or(ServiceError::NotFound("demo department"))?;
    for (kind, modality) in [
        (CoverKind::Mpe, "Radiotherapy"),
        (CoverKind::Mpe, "Nuclear medicine"),
        (CoverKind::Mpe, "Diagnostic radiology"),
        (CoverKind::Rpa, ""),
    ] {
        cover_requirement::ActiveModel {
            department_id: Set(medical_physics),
            kind: Set(kind.as_str().to_string()),
            modality: Set(modality.to_string()),
            minimum: Set(1),
            updated_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    super::seed_job_plans::load(&txn, staff_member, head).await?;
    super::seed_funding::load(&txn, &department_ids).await?;
    for ((person_id, roles), hash) in logins.into_iter().zip(hashes) {
        let person_id = person_id.ok_or(ServiceError::NotFound("demo person"))?;
        accounts::insert_account(&txn, None, person_id, hash, &roles).await?;
    }
    txn.commit().await?;
    Ok(Seeded::Loaded { people })
}
