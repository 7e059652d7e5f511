//! The command line: `serve` (the default), `migrate`, `create-user`,
//! `seed-demo`, `seed-scale`, `send-reminders`, `import-staff` and
//! `retention-stats`. Configuration comes from the environment only.

mod backup;
mod import_staff;
mod retention_stats;

use super::config::{Config, StartupError};
use super::services::accounts;
use super::{audit, db, seed, startup};
use crate::domain::{email::Email, password_policy, roles::Role, staff};
use crate::server::db::entities::{person, user};
use clap::{Parser, Subcommand};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use std::io::BufRead;

#[derive(Parser)]
#[command(name = "mpce-portal", version, about = "MPCE Workforce Portal")]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal (the default). Migrates the database first.
    Serve,
    /// Create the database if needed and apply every pending migration.
    Migrate,
    /// Create a sign-in account, and the staff record behind it if the email
    /// is new. Without --password-stdin a random password is printed once.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// staff, manager, head_of_service, hr or admin; repeat for several.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        #[arg(long, default_value = "Healthcare Scientists")]
        staff_group: String,
        #[arg(long, default_value = "Clinical Scientist")]
        job_role: String,
        #[arg(long, default_value = "7")]
        band: String,
        #[arg(long, default_value = "37.5")]
        contracted_hours: String,
    },
    /// Load the demo organisation and its demo logins (skipped when present).
    SeedDemo {
        /// "national": also 20,000 people in 200 departments over 10 years
        /// with about 4 million CPD activities, 200,000 PLT sessions,
        /// 100,000 funding requests and 60,000 job plans (the benchmark's
        /// data; takes minutes).
        #[arg(long)]
        scale: Option<String>,
    },
    /// Benchmark data on top of the demo organisation: more people, with
    /// this year's CPD, learning time, registrations, job plans and funding
    /// requests (skipped when present).
    SeedScale {
        /// People to add in all.
        #[arg(long, default_value_t = 3000)]
        people: usize,
        /// How many of them join the demo head of service's department.
        #[arg(long, default_value_t = 300)]
        in_head_department: usize,
    },
    /// Benchmark data for the retention statistics: staff records with
    /// years of joiners, leavers, transfers and promotions (skipped when
    /// present).
    SeedWorkforce {
        #[arg(long, default_value_t = 20_000)]
        people: usize,
        #[arg(long, default_value_t = 200)]
        departments: usize,
        #[arg(long, default_value_t = 10)]
        years: u32,
    },
    /// Run one pass of the reminder job now: store the reminders due today
    /// and email unsent notifications (when SMTP is configured).
    SendReminders,
    /// Import people from an HR extract (CSV; see README, "Importing
    /// staff"): prints the preview and every problem, then applies it in
    /// one transaction unless --dry-run. Fails when any row has a problem.
    ImportStaff {
        /// The CSV file.
        file: std::path::PathBuf,
        /// Check and print the preview only.
        #[arg(long)]
        dry_run: bool,
        /// The date the extract describes, YYYY-MM-DD (default today).
        #[arg(long)]
        as_of: Option<String>,
    },
    /// A consistent copy of the SQLite database, taken while the portal
    /// serves (VACUUM INTO). For PostgreSQL use pg_dump.
    Backup {
        /// The new file to write.
        file: std::path::PathBuf,
    },
    /// Retention statistics for the whole organisation (DOMAIN.md
    /// definitions), as CSV or JSON on standard output. Both days count:
    /// "in post at the start" is on --from, "at the end" on --to.
    RetentionStats {
        /// The first day of the period, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// The last day of the period, YYYY-MM-DD.
        #[arg(long)]
        to: String,
        /// organisation, staff_group, department, band or job_role.
        #[arg(long, default_value = "organisation")]
        by: String,
        /// csv or json.
        #[arg(long, default_value = "csv")]
        format: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Startup(#[from] StartupError),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Failed(String),
}

pub async fn run() -> Result<(), CliError> {
    let cli = Cli::parse();
    let config = Config::from_env()?;
    init_tracing(&config.log_filter);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let state = startup::build_state(config).await?;
            let (listener, addr) = startup::bind(state.config.site_addr).await?;
            tracing::info!("MPCE Workforce Portal listening on http://{addr}");
            startup::spawn_jobs(&state);
            startup::serve(listener, state)
                .await
                .map_err(|e| CliError::Failed(format!("server stopped: {e}")))
        }
        Command::Migrate => {
            let connection = db::connect(&config).await?;
            db::migrate(&connection)
                .await
                .map_err(|e| CliError::Failed(format!("migration failed: {e}")))?;
            println!("Database is up to date.");
            Ok(())
        }
        Command::CreateUser {
            email,
            name,
            roles,
            password_stdin,
            staff_group,
            job_role,
            band,
            contracted_hours,
        } => {
            let details = NewUser {
                email: Email::parse(&email)
                    .map_err(|m| CliError::Usage(format!("--email: {m}")))?,
                name: staff::parse_text(&name, "a name", 200)
                    .map_err(|m| CliError::Usage(format!("--name: {m}")))?,
                roles: roles
                    .iter()
                    .map(|r| Role::parse(r))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|m| CliError::Usage(format!("--role: {m}")))?,
                staff_group: staff::parse_staff_group(&staff_group)
                    .map_err(|m| CliError::Usage(format!("--staff-group: {m}")))?,
                job_role: staff::parse_text(&job_role, "a job role", 120)
                    .map_err(|m| CliError::Usage(format!("--job-role: {m}")))?,
                band: staff::parse_band(&band)
                    .map_err(|m| CliError::Usage(format!("--band: {m}")))?,
                contracted_hours: staff::parse_contracted_hours(&contracted_hours)
                    .map_err(|m| CliError::Usage(format!("--contracted-hours: {m}")))?,
            };
            let (password, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .map_err(|e| CliError::Failed(format!("cannot read standard input: {e}")))?;
                (line.trim_end_matches(['\r', '\n']).to_string(), false)
            } else {
                (generated_password(), true)
            };
            password_policy::check(
                &password,
                &[details.email.as_str(), &details.name],
                &config.password_blocklist,
            )
            .map_err(|m| CliError::Usage(format!("password: {m}")))?;
            let state = startup::build_state(config).await?;
            create_user(&state, details, password.clone()).await?;
            if generated {
                println!("Created {email}. Password (shown once): {password}");
            } else {
                println!("Created {email}.");
            }
            Ok(())
        }
        Command::SeedScale {
            people,
            in_head_department,
        } => {
            let connection = db::connect(&config).await?;
            db::migrate(&connection)
                .await
                .map_err(|e| CliError::Failed(format!("migration failed: {e}")))?;
            let started = std::time::Instant::now();
            let added = crate::server::seed_scale::load(&connection, people, in_head_department)
                .await
                .map_err(|e| CliError::Failed(format!("could not load the data: {e}")))?;
            println!(
                "Added {added} people in {:.1} s.",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::SeedDemo { scale: Some(scale) } => {
            if scale != "national" {
                return Err(CliError::Usage(format!(
                    "--scale {scale}: the only scale is \"national\""
                )));
            }
            let state = startup::build_state(config).await?;
            let started = std::time::Instant::now();
            let mut progress = |stage: &str| {
                eprintln!("{:>6.1} s  {stage}", started.elapsed().as_secs_f64());
            };
            match super::seed_national::load(&state, &super::seed_national::NATIONAL, &mut progress)
                .await
                .map_err(|e| CliError::Failed(e.to_string()))?
            {
                Some(loaded) => println!(
                    "Loaded the national data set in {:.0} s: {} people, {} CPD activities, {} PLT sessions, {} funding requests, {} job plans.",
                    started.elapsed().as_secs_f64(),
                    loaded.people,
                    loaded.cpd,
                    loaded.plt,
                    loaded.funding,
                    loaded.job_plans
                ),
                None => println!("The national data set is already loaded."),
            }
            Ok(())
        }
        Command::SeedDemo { scale: None } => {
            let state = startup::build_state(config).await?;
            match seed::seed_demo(&state)
                .await
                .map_err(|e| CliError::Failed(e.to_string()))?
            {
                seed::Seeded::Loaded { people } => {
                    println!("Loaded the demo organisation: {people} staff records.")
                }
                seed::Seeded::AlreadyPresent => {
                    println!("The demo organisation is already loaded.")
                }
            }
            seed::print_logins();
            Ok(())
        }
        Command::ImportStaff {
            file,
            dry_run,
            as_of,
        } => import_staff::run(&config, &file, dry_run, as_of.as_deref()).await,
        Command::Backup { file } => backup::run(&config, &file).await,
        Command::SeedWorkforce {
            people,
            departments,
            years,
        } => {
            let connection = db::connect(&config).await?;
            db::migrate(&connection)
                .await
                .map_err(|e| CliError::Failed(format!("migration failed: {e}")))?;
            let started = std::time::Instant::now();
            let (people, history) = super::seed_workforce::load(
                &connection,
                &super::seed_workforce::Shape {
                    people,
                    departments,
                    years,
                    anchored: 0,
                },
            )
            .await
            .map_err(|e| CliError::Failed(format!("seed-workforce failed: {e}")))?;
            println!(
                "Added {people} people and {history} history rows in {:.1} s.",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::RetentionStats {
            from,
            to,
            by,
            format,
        } => retention_stats::run(&config, &from, &to, &by, &format).await,
        Command::SendReminders => {
            let state = startup::build_state(config).await?;
            let today = chrono::Utc::now().date_naive();
            let report = super::reminders::run_once(&state.db, &state.config, today)
                .await
                .map_err(|e| CliError::Failed(format!("reminder pass failed: {e}")))?;
            println!("Stored {} new notifications.", report.stored);
            if report.email_on {
                println!(
                    "Emailed {}; {} failed (tried again by a later pass).",
                    report.emailed, report.failed
                );
            } else {
                println!("Email is off (SMTP_HOST is not set).");
            }
            Ok(())
        }
    }
}

struct NewUser {
    email: Email,
    name: String,
    roles: Vec<Role>,
    staff_group: String,
    job_role: String,
    band: String,
    contracted_hours: f64,
}

async fn create_user(
    state: &super::state::AppState,
    details: NewUser,
    password: String,
) -> Result<(), CliError> {
    let failed =
        |e: &dyn std::fmt::Display| CliError::Failed(format!("could not create the user: {e}"));
    let hash = state
        .passwords
        .hash(password)
        .await
        .map_err(|e| failed(&e))?;
    let txn = crate::server::db::begin_write(&state.db)
        .await
        .map_err(|e| failed(&e))?;
    let existing = person::Entity::find()
        .filter(person::Column::Email.eq(details.email.as_str()))
        .one(&txn)
        .await
        .map_err(|e| failed(&e))?;
    let person_id = match existing {
        Some(p) => p.id,
        None => {
            let now = chrono::Utc::now();
            let person = person::ActiveModel {
                name: Set(details.name),
                email: Set(details.email.as_str().to_string()),
                staff_group: Set(details.staff_group),
                job_role: Set(details.job_role),
                band: Set(details.band),
                contracted_hours: Set(details.contracted_hours),
                start_date: Set(now.date_naive()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            };
            let created = person.insert(&txn).await.map_err(|e| failed(&e))?;
            crate::server::services::person_history::start(&txn, &created)
                .await
                .map_err(|e| failed(&e))?;
            audit::record(
                &txn,
                audit::Entry::new(None, "person.create", "person", created.id.to_string())
                    .after(&created),
            )
            .await
            .map_err(|e| failed(&e))?;
            created.id
        }
    };
    let has_account = user::Entity::find()
        .filter(user::Column::PersonId.eq(person_id))
        .one(&txn)
        .await
        .map_err(|e| failed(&e))?
        .is_some();
    if has_account {
        return Err(CliError::Usage(format!(
            "{} already has an account",
            details.email
        )));
    }
    accounts::insert_account(&txn, None, person_id, hash, &details.roles)
        .await
        .map_err(|e| failed(&e))?;
    txn.commit().await.map_err(|e| failed(&e))
}

/// Four random words' worth of entropy as 20 URL-safe characters.
fn generated_password() -> String {
    use base64::Engine as _;
    use rand::RngCore as _;
    let mut bytes = [0u8; 15];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Logs go to standard error, so that commands printing data (such as
/// `retention-stats`) can be piped.
fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .try_init();
}
