//! `GET /cpd/profile/download`: the signed-in person's CPD profile as a ZIP
//! with the profile as a self-contained HTML page and every evidence file
//! of the period. Streamed: one evidence file is in memory at a time.

use super::evidence::service_failure;
use super::{attachment, plain, signed_in};
use crate::api::profile::CpdProfile;
use crate::domain::roles::Role;
use crate::server::db::entities::cpd_activity;
use crate::server::services::{evidence, profile};
use crate::server::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::io::Write;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use zip::write::SimpleFileOptions;

pub async fn download(State(state): State<AppState>, extensions: http::Extensions) -> Response {
    let Some(user) = signed_in(&extensions) else {
        return plain(
            StatusCode::UNAUTHORIZED,
            "Sign in to download your CPD profile.",
        );
    };
    if !user.has(Role::Staff) {
        return plain(
            StatusCode::FORBIDDEN,
            "Only staff members keep a CPD profile.",
        );
    }
    let profile = match profile::load(&state.db, user.person_id).await {
        Ok(p) => p,
        Err(error) => return service_failure(&error),
    };
    let (sender, mut receiver) = mpsc::channel::<Result<Bytes, std::io::Error>>(2);
    let db = state.db.clone();
    let person_id = user.person_id;
    let file_name = format!(
        "cpd-profile-{}-{}.zip",
        profile.period_from, profile.period_to
    );
    tokio::spawn(async move {
        if let Err(error) = write_zip(&db, person_id, &profile, &sender).await {
            tracing::error!(%error, "CPD profile ZIP failed");
            let _ = sender.send(Err(std::io::Error::other("zip failed"))).await;
        }
    });
    let stream = futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx));
    (
        [
            (
                header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/zip"),
            ),
            (header::CONTENT_DISPOSITION, attachment(&file_name)),
            (
                header::CACHE_CONTROL,
                http::HeaderValue::from_static("private, no-store"),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

/// What the ZIP writer writes, handed on to the response after each file.
#[derive(Clone, Default)]
struct Chunks(Arc<Mutex<Vec<u8>>>);

impl Write for Chunks {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Chunks {
    fn take(&self) -> Vec<u8> {
        self.0
            .lock()
            .map(|mut b| std::mem::take(&mut *b))
            .unwrap_or_default()
    }
}

type ZipError = Box<dyn std::error::Error + Send + Sync>;

/// How much of a file goes to the client at a time.
const SLICE: usize = 256 * 1024;

async fn write_zip(
    db: &DatabaseConnection,
    person_id: i32,
    profile: &CpdProfile,
    sender: &mpsc::Sender<Result<Bytes, std::io::Error>>,
) -> Result<(), ZipError> {
    let chunks = Chunks::default();
    let mut zip = zip::ZipWriter::new_stream(chunks.clone());
    // Evidence is already compressed (PDF, images, office files): store it.
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    zip.start_file("cpd-profile.html", options)?;
    zip.write_all(profile_html(profile).as_bytes())?;
    send(&chunks, sender).await?;
    let ids: Vec<i32> = profile.activities.iter().map(|a| a.id).collect();
    // Only the person's own activities, whatever the profile says.
    let own: Vec<i32> = cpd_activity::Entity::find()
        .filter(cpd_activity::Column::PersonId.eq(person_id))
        .filter(cpd_activity::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let mut used = std::collections::HashSet::new();
    for file in evidence::stored_for(db, own).await? {
        let Some(activity) = profile.activities.iter().find(|a| a.id == file.activity_id) else {
            continue;
        };
        let folder = safe_segment(&format!("{} {}", activity.start_date, activity.title));
        let mut path = format!("evidence/{folder}/{}", safe_segment(&file.file_name));
        let mut n = 2;
        while !used.insert(path.clone()) {
            path = format!("evidence/{folder}/{n}-{}", safe_segment(&file.file_name));
            n += 1;
        }
        let content = evidence::content_of(db, file.id).await?;
        zip.start_file(path, options)?;
        // Hand the file on in slices so the response buffer stays small.
        for slice in content.chunks(SLICE) {
            zip.write_all(slice)?;
            send(&chunks, sender).await?;
        }
        drop(content);
    }
    zip.finish()?;
    send(&chunks, sender).await?;
    Ok(())
}

async fn send(
    chunks: &Chunks,
    sender: &mpsc::Sender<Result<Bytes, std::io::Error>>,
) -> Result<(), ZipError> {
    let bytes = chunks.take();
    if !bytes.is_empty() {
        sender
            .send(Ok(Bytes::from(bytes)))
            .await
            .map_err(|_| "the client went away")?;
    }
    Ok(())
}

/// A path segment with no separators or characters archive tools dislike.
fn safe_segment(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .take(100)
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').to_string();
    if trimmed.is_empty() {
        "file".into()
    } else {
        trimmed
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", escape(p.trim()).replace('\n', "<br>")))
        .collect()
}

/// The profile as one HTML page that opens anywhere (no scripts, no links
/// out), for an auditor or the person's own records.
pub fn profile_html(p: &CpdProfile) -> String {
    let mut html = String::new();
    html.push_str("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">");
    html.push_str(&format!(
        "<title>CPD profile: {}</title>",
        escape(&p.person_name)
    ));
    html.push_str("<style>body{font-family:Arial,sans-serif;max-width:50em;margin:2em auto;line-height:1.5}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;text-align:left;padding:.3em}</style></head><body>");
    html.push_str(&format!(
        "<h1>CPD profile</h1><p><strong>{}</strong>, {}</p><p>Period: {} to {}</p>",
        escape(&p.person_name),
        escape(&p.job_role),
        p.period_from,
        p.period_to
    ));
    if !p.registrations.is_empty() {
        html.push_str("<ul>");
        for r in &p.registrations {
            html.push_str(&format!("<li>{}</li>", escape(r)));
        }
        html.push_str("</ul>");
    }
    html.push_str(&format!(
        "<h2>Summary of practice history ({} words)</h2>{}",
        p.summary_words,
        paragraphs(&p.practice_summary)
    ));
    html.push_str(&format!(
        "<h2>CPD activities ({} hours)</h2><table><thead><tr><th>Date</th><th>Activity</th><th>Type</th><th>Hours</th></tr></thead><tbody>",
        p.total_hours
    ));
    for a in &p.activities {
        let dates = match &a.end_date {
            Some(end) if *end != a.start_date => format!("{} to {end}", a.start_date),
            _ => a.start_date.clone(),
        };
        html.push_str(&format!(
            "<tr><td>{dates}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&a.title),
            escape(&a.category),
            a.hours
        ));
    }
    html.push_str("</tbody></table>");
    html.push_str(&format!(
        "<h2>Personal statement ({} words)</h2>{}",
        p.statement_words,
        paragraphs(&p.personal_statement)
    ));
    html.push_str("<h2>Activities the statement refers to</h2>");
    for (i, c) in p.chosen_details.iter().enumerate() {
        html.push_str(&format!(
            "<h3>Activity {}: {} ({})</h3>",
            i + 1,
            escape(&c.row.title),
            c.row.start_date
        ));
        for (label, text) in [
            ("Learning objective", &c.learning_objective),
            ("What I learnt", &c.what_i_learnt),
            ("How it changed my practice", &c.change_to_practice),
            ("How it benefits service users", &c.benefit_to_service_users),
            ("Follow-up", &c.follow_up),
        ] {
            if let Some(text) = text {
                html.push_str(&format!("<h4>{label}</h4>{}", paragraphs(text)));
            }
        }
    }
    html.push_str("<h2>Evidence</h2><ul>");
    for e in &p.evidence {
        html.push_str(&format!(
            "<li>{} ({}), for {} on {}</li>",
            escape(&e.file_name),
            e.size,
            escape(&e.activity_title),
            e.activity_date
        ));
    }
    html.push_str("</ul></body></html>");
    html
}
