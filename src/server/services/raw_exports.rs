//! Raw-data exports (people, CPD activities, protected learning time,
//! funding requests, job plan status) as CSV, streamed: rows are read a
//! batch at a time, written into a buffer and handed on in chunks of about
//! 64 KiB over a bounded channel, so memory stays flat however large the
//! table. Every export is limited to the viewer's reporting scope
//! (`access::reporting`), joined on `people`, in primary-key order, and
//! recorded in the audit log before it starts.
//!
//! How rows are read depends on the database, for speed (see README,
//! Figures): PostgreSQL streams the rows of one query
//! (`StreamTrait::stream`). SQLite hands every row of a stream from its
//! worker thread to the async task on its own, which costs more than the
//! row; so on SQLite each query returns a batch of `BATCH` rows as one
//! JSON array (`json_array` per row, keyset on the primary key), all
//! inside one read transaction (one snapshot), the next batch read while
//! the current one is written. Both paths write through the same code.
//!
//! Never exported: reflections and learning objectives, evidence, PLT
//! purposes, funding justifications, decision comments and override
//! reasons, job-plan content and comments.

use super::ServiceError;
use super::access::{self, Reporting};
use crate::api::data_exports::{self as catalogue, RawExportInfo};
use crate::domain::financial_year::FinancialYear;
use crate::domain::job_plans::status::{self as plan_rules, PlanStatus};
use crate::domain::staff;
use crate::server::audit::{self, Entry};
use crate::server::auth::CurrentUser;
use crate::server::db::entities::{
    cpd_activity, cpd_category, department, funding_request, job_plan, person, plt_session, team,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use futures_util::StreamExt;
use sea_orm::sea_query::{
    Alias, Condition, Expr, ExprTrait, Func, JoinType, Order, Query, SelectStatement,
};
use sea_orm::sqlx::{self, Postgres, Row, postgres::PgRow};
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait, StreamTrait,
    TransactionTrait,
};
use std::borrow::Cow;
use std::fmt::Display;
use std::io::Write;
use tokio::sync::mpsc;

/// About how many bytes go to the client at a time.
pub const CHUNK: usize = 64 * 1024;

/// Rows per query on SQLite.
const BATCH: u64 = 2000;

/// What the streaming task hands the response body.
pub type Chunks = mpsc::Sender<Result<Vec<u8>, std::io::Error>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawExport {
    People,
    CpdActivities,
    PltSessions,
    FundingRequests,
    JobPlans,
}

/// An export's query before its select list: the table with its joins,
/// the columns it reads (in the order the row writer reads them), and its
/// primary key (the order, and the keyset of SQLite's batches).
struct Shape {
    from: SelectStatement,
    columns: Vec<Expr>,
    key: Expr,
}

impl RawExport {
    pub const ALL: [RawExport; 5] = [
        RawExport::People,
        RawExport::CpdActivities,
        RawExport::PltSessions,
        RawExport::FundingRequests,
        RawExport::JobPlans,
    ];

    /// Its name, page text and columns.
    pub fn info(self) -> RawExportInfo {
        match self {
            RawExport::People => catalogue::PEOPLE,
            RawExport::CpdActivities => catalogue::CPD_ACTIVITIES,
            RawExport::PltSessions => catalogue::PLT_SESSIONS,
            RawExport::FundingRequests => catalogue::FUNDING_REQUESTS,
            RawExport::JobPlans => catalogue::JOB_PLANS,
        }
    }

    /// `cpd-activities-2026-11-26.csv`.
    pub fn file_name(self, today: NaiveDate) -> String {
        format!("{}-{today}.csv", self.info().slug)
    }

    fn shape(self, join: PersonJoin) -> Shape {
        match self {
            RawExport::People => people_shape(),
            RawExport::CpdActivities => cpd_shape(join),
            RawExport::PltSessions => plt_shape(join),
            RawExport::FundingRequests => funding_shape(join),
            RawExport::JobPlans => job_plans_shape(join),
        }
    }

    /// Every row in scope, one column per value read, by primary key.
    pub fn query(self, scope: Reporting) -> SelectStatement {
        let Shape {
            mut from,
            columns,
            key,
        } = self.shape(PersonJoin::Any);
        from.exprs(columns)
            .cond_where(scope.people())
            .order_by_expr(key, Order::Asc);
        from
    }

    /// SQLite: the next `BATCH` rows in scope after key `after`, as one
    /// JSON array of row arrays, and the last key (both NULL when none is
    /// left).
    pub fn batch_query(self, scope: Reporting, after: i64) -> SelectStatement {
        let Shape {
            mut from,
            columns,
            key,
        } = self.shape(PersonJoin::TableFirst);
        from.expr_as(Func::cust("json_array").args(columns), Alias::new("r"))
            .expr_as(key.clone(), Alias::new("k"))
            .cond_where(
                Condition::all()
                    .add(scope.people())
                    .add(key.clone().gt(after)),
            )
            .order_by_expr(key, Order::Asc)
            .limit(BATCH);
        Query::select()
            .expr(Expr::cust("'[' || group_concat(r, ',' ORDER BY k) || ']'"))
            .expr(Expr::cust("MAX(k)"))
            .from_subquery(from, Alias::new("batch"))
            .to_owned()
    }

    /// One row of the result as one CSV line.
    fn write_row<F: Fields + ?Sized>(
        self,
        row: &F,
        out: &mut CsvWriter,
        today: NaiveDate,
    ) -> Result<(), DbErr> {
        match self {
            RawExport::People => people_row(row, out),
            RawExport::CpdActivities => cpd_row(row, out),
            RawExport::PltSessions => plt_row(row, out),
            RawExport::FundingRequests => funding_row(row, out),
            RawExport::JobPlans => job_plan_row(row, out, today),
        }?;
        out.end_row();
        Ok(())
    }
}

/// `table.column` as an expression.
fn col<T, C>(table: T, column: C) -> Expr
where
    T: sea_orm::sea_query::IntoIden,
    C: sea_orm::sea_query::IntoIden,
{
    Expr::col((table, column))
}

/// How a table is joined to its person.
#[derive(Clone, Copy)]
enum PersonJoin {
    /// However the database likes.
    Any,
    /// SQLite's batches: walk the table in key order and look each person
    /// up. `people.id = <table>.person_id + 0` (the sum hides the column
    /// from indexes) keeps SQLite from starting at `people`, reading an
    /// index that covers `person_id`, and sorting the whole table by key for
    /// every batch of 2,000 rows.
    TableFirst,
}

/// `people.id = <table>.<column>`.
fn person_of<T, C>(table: T, column: C, join: PersonJoin) -> Expr
where
    T: sea_orm::sea_query::IntoIden,
    C: sea_orm::sea_query::IntoIden,
{
    let person = Expr::col((person::Entity, person::Column::Id));
    match join {
        PersonJoin::Any => person.equals((table, column)),
        PersonJoin::TableFirst => person.eq(Expr::col((table, column)).add(Expr::cust("0"))),
    }
}

fn people_shape() -> Shape {
    use person::{Column as C, Entity as P};
    let manager = Alias::new("line_manager");
    let from = Query::select()
        .from(P)
        .left_join(
            department::Entity,
            col(department::Entity, department::Column::Id).equals((P, C::DepartmentId)),
        )
        .left_join(
            team::Entity,
            col(team::Entity, team::Column::Id).equals((P, C::TeamId)),
        )
        .join_as(
            JoinType::LeftJoin,
            P,
            manager.clone(),
            col(manager.clone(), C::Id).equals((P, C::LineManagerId)),
        )
        .to_owned();
    Shape {
        from,
        columns: vec![
            col(P, C::Id),
            col(P, C::StaffId),
            col(P, C::Name),
            col(P, C::Email),
            col(P, C::StaffGroup),
            col(P, C::JobRole),
            col(P, C::Band),
            col(department::Entity, department::Column::Name),
            col(team::Entity, team::Column::Name),
            col(P, C::ContractedHours),
            col(P, C::StartDate),
            col(P, C::EndDate),
            col(P, C::LeavingReason),
            col(manager, C::StaffId),
        ],
        key: col(P, C::Id),
    }
}

fn people_row<F: Fields + ?Sized>(row: &F, out: &mut CsvWriter) -> Result<(), DbErr> {
    out.int(row.int(0)?);
    out.opt_text(row.opt_text(1)?.as_deref());
    for i in 2..=6 {
        out.text(&row.text(i)?);
    }
    out.opt_text(row.opt_text(7)?.as_deref());
    out.opt_text(row.opt_text(8)?.as_deref());
    let hours = row.float(9)?;
    out.value(hours);
    out.value(format_args!("{:.4}", staff::fte(hours)));
    out.date(row.date(10)?);
    out.opt_date(row.opt_date(11)?);
    out.opt_text(row.opt_text(12)?.as_deref());
    out.opt_text(row.opt_text(13)?.as_deref());
    Ok(())
}

fn cpd_shape(join: PersonJoin) -> Shape {
    use cpd_activity::{Column as C, Entity as A};
    let from = Query::select()
        .from(A)
        .inner_join(person::Entity, person_of(A, C::PersonId, join))
        .left_join(
            cpd_category::Entity,
            col(cpd_category::Entity, cpd_category::Column::Id).equals((A, C::CategoryId)),
        )
        .to_owned();
    Shape {
        from,
        columns: vec![
            col(A, C::Id),
            col(A, C::PersonId),
            col(person::Entity, person::Column::StaffId),
            col(person::Entity, person::Column::Name),
            col(A, C::StartDate),
            col(A, C::EndDate),
            col(A, C::Title),
            col(cpd_category::Entity, cpd_category::Column::Name),
            col(A, C::QuarterHours),
            col(A, C::Provider),
            col(A, C::InProtectedTime),
            col(A, C::PdpObjectiveId),
            col(A, C::CreatedAt),
        ],
        key: col(A, C::Id),
    }
}

fn cpd_row<F: Fields + ?Sized>(row: &F, out: &mut CsvWriter) -> Result<(), DbErr> {
    out.int(row.int(0)?);
    out.int(row.int(1)?);
    out.opt_text(row.opt_text(2)?.as_deref());
    out.text(&row.text(3)?);
    out.date(row.date(4)?);
    out.opt_date(row.opt_date(5)?);
    out.text(&row.text(6)?);
    out.opt_text(row.opt_text(7)?.as_deref());
    out.quarter_hours(row.int(8)?);
    out.opt_text(row.opt_text(9)?.as_deref());
    out.yes_no(row.flag(10)?);
    out.yes_no(row.opt_int(11)?.is_some());
    out.date(row.day(12)?);
    Ok(())
}

fn plt_shape(join: PersonJoin) -> Shape {
    use plt_session::{Column as C, Entity as S};
    let from = Query::select()
        .from(S)
        .inner_join(person::Entity, person_of(S, C::PersonId, join))
        .to_owned();
    Shape {
        from,
        columns: vec![
            col(S, C::Id),
            col(S, C::PersonId),
            col(person::Entity, person::Column::StaffId),
            col(person::Entity, person::Column::Name),
            col(S, C::SessionDate),
            col(S, C::QuarterHours),
            col(S, C::Status),
            col(S, C::CreatedAt),
            col(S, C::DecidedAt),
        ],
        key: col(S, C::Id),
    }
}

fn plt_row<F: Fields + ?Sized>(row: &F, out: &mut CsvWriter) -> Result<(), DbErr> {
    out.int(row.int(0)?);
    out.int(row.int(1)?);
    out.opt_text(row.opt_text(2)?.as_deref());
    out.text(&row.text(3)?);
    out.date(row.date(4)?);
    out.quarter_hours(row.int(5)?);
    out.text(&row.text(6)?);
    out.date(row.day(7)?);
    out.opt_date(row.opt_day(8)?);
    Ok(())
}

fn funding_shape(join: PersonJoin) -> Shape {
    use funding_request::{Column as C, Entity as F};
    let from = Query::select()
        .from(F)
        .inner_join(person::Entity, person_of(F, C::PersonId, join))
        .to_owned();
    Shape {
        from,
        columns: vec![
            col(F, C::Id),
            col(F, C::PersonId),
            col(person::Entity, person::Column::StaffId),
            col(person::Entity, person::Column::Name),
            col(F, C::Activity),
            col(F, C::Provider),
            col(F, C::StartDate),
            col(F, C::EndDate),
            col(F, C::FeePence),
            col(F, C::TravelPence),
            col(F, C::SubsistencePence),
            col(F, C::BackfillPence),
            col(F, C::ActualPence),
            col(F, C::Source),
            col(F, C::Status),
            col(F, C::CreatedAt),
            col(F, C::DecidedAt),
        ],
        key: col(F, C::Id),
    }
}

fn funding_row<F: Fields + ?Sized>(row: &F, out: &mut CsvWriter) -> Result<(), DbErr> {
    out.int(row.int(0)?);
    out.int(row.int(1)?);
    out.opt_text(row.opt_text(2)?.as_deref());
    out.text(&row.text(3)?);
    out.text(&row.text(4)?);
    out.text(&row.text(5)?);
    out.date(row.date(6)?);
    out.date(row.date(7)?);
    let mut total: i64 = 0;
    for i in 8..=11 {
        let pence = row.big(i)?;
        total = total.saturating_add(pence);
        out.pounds(pence);
    }
    out.pounds(total);
    match row.opt_big(12)? {
        Some(pence) => out.pounds(pence),
        None => out.empty(),
    }
    out.text(&row.text(13)?);
    out.text(&row.text(14)?);
    out.date(row.day(15)?);
    out.opt_date(row.opt_day(16)?);
    Ok(())
}

fn job_plans_shape(join: PersonJoin) -> Shape {
    use job_plan::{Column as C, Entity as J};
    let latest = Alias::new("latest_sign_off");
    let last_signed = Alias::new("last_signed_at");
    // Each person's latest sign-off: the version that is (or was) their
    // current plan.
    let signed = Query::select()
        .column(C::PersonId)
        .expr_as(Expr::col(C::SignedOffAt).max(), last_signed.clone())
        .from(J)
        .and_where(Expr::col(C::Status).eq(PlanStatus::SignedOff.as_str()))
        .group_by_col(C::PersonId)
        .to_owned();
    let from = Query::select()
        .from(J)
        .inner_join(person::Entity, person_of(J, C::PersonId, join))
        .join_subquery(
            JoinType::LeftJoin,
            signed,
            latest.clone(),
            col(latest.clone(), C::PersonId).equals((J, C::PersonId)),
        )
        .to_owned();
    Shape {
        from,
        columns: vec![
            col(J, C::Id),
            col(J, C::PersonId),
            col(person::Entity, person::Column::StaffId),
            col(person::Entity, person::Column::Name),
            col(J, C::YearStart),
            col(J, C::Version),
            col(J, C::Status),
            col(J, C::ContractKind),
            col(J, C::SubmittedAt),
            col(J, C::AgreedAt),
            col(J, C::SignedOffAt),
            col(latest, last_signed),
        ],
        key: col(J, C::Id),
    }
}

fn job_plan_row<F: Fields + ?Sized>(
    row: &F,
    out: &mut CsvWriter,
    today: NaiveDate,
) -> Result<(), DbErr> {
    out.int(row.int(0)?);
    out.int(row.int(1)?);
    out.opt_text(row.opt_text(2)?.as_deref());
    out.text(&row.text(3)?);
    out.value(FinancialYear(row.int(4)?));
    out.int(row.int(5)?);
    let status = row.text(6)?;
    out.text(&status);
    out.text(&row.text(7)?);
    for i in 8..=9 {
        out.opt_date(row.opt_day(i)?);
    }
    let signed_at = row.opt_time(10)?;
    let latest = row.opt_time(11)?;
    let signed_on = signed_at.map(|t| t.date_naive());
    out.opt_date(signed_on);
    let signed_off = status == PlanStatus::SignedOff.as_str();
    out.opt_date(signed_on.filter(|_| signed_off).map(plan_rules::review_due));
    let current = signed_off
        && signed_at.is_some()
        && signed_at == latest
        && signed_on.is_some_and(|d| plan_rules::is_current(d, today));
    out.yes_no(current);
    Ok(())
}

/// The values of one row, by position, whichever way it was read.
trait Fields {
    fn opt_int(&self, i: usize) -> Result<Option<i32>, DbErr>;
    fn opt_big(&self, i: usize) -> Result<Option<i64>, DbErr>;
    fn float(&self, i: usize) -> Result<f64, DbErr>;
    fn flag(&self, i: usize) -> Result<bool, DbErr>;
    fn opt_text(&self, i: usize) -> Result<Option<Cow<'_, str>>, DbErr>;
    fn opt_date(&self, i: usize) -> Result<Option<NaiveDate>, DbErr>;
    fn opt_time(&self, i: usize) -> Result<Option<DateTime<Utc>>, DbErr>;

    /// The UTC date of a date and time.
    fn opt_day(&self, i: usize) -> Result<Option<NaiveDate>, DbErr> {
        Ok(self.opt_time(i)?.map(|t| t.date_naive()))
    }
    fn day(&self, i: usize) -> Result<NaiveDate, DbErr> {
        self.opt_day(i)?.ok_or_else(|| null_at(i))
    }

    fn int(&self, i: usize) -> Result<i32, DbErr> {
        self.opt_int(i)?.ok_or_else(|| null_at(i))
    }
    fn big(&self, i: usize) -> Result<i64, DbErr> {
        self.opt_big(i)?.ok_or_else(|| null_at(i))
    }
    fn text(&self, i: usize) -> Result<Cow<'_, str>, DbErr> {
        self.opt_text(i)?.ok_or_else(|| null_at(i))
    }
    fn date(&self, i: usize) -> Result<NaiveDate, DbErr> {
        self.opt_date(i)?.ok_or_else(|| null_at(i))
    }
}

fn null_at(i: usize) -> DbErr {
    DbErr::Type(format!("column {i} is unexpectedly NULL"))
}

fn bad_at(i: usize, what: &str) -> DbErr {
    DbErr::Type(format!("column {i} is not {what}"))
}

/// A row as PostgreSQL sent it, its text borrowed rather than copied.
///
/// sqlx checks a column's database type against the Rust type on every
/// read, which was a third of the export's work. Every row of one query has
/// the same column types, and the row writers read every column, as the
/// same Rust type, on every row; so the first row is read with the check
/// (a mismatch ends the export with an error) and the rest without it.
struct PgFields<'r> {
    row: &'r PgRow,
    types_checked: bool,
}

impl PgFields<'_> {
    fn value<'r, T>(&'r self, i: usize) -> Result<T, DbErr>
    where
        T: sqlx::Decode<'r, Postgres> + sqlx::Type<Postgres>,
    {
        let value = if self.types_checked {
            self.row.try_get_unchecked(i)
        } else {
            self.row.try_get(i)
        };
        value.map_err(|error| DbErr::Type(format!("column {i}: {error}")))
    }
}

impl Fields for PgFields<'_> {
    fn opt_int(&self, i: usize) -> Result<Option<i32>, DbErr> {
        self.value(i)
    }
    fn opt_big(&self, i: usize) -> Result<Option<i64>, DbErr> {
        self.value(i)
    }
    fn float(&self, i: usize) -> Result<f64, DbErr> {
        self.value(i)
    }
    fn flag(&self, i: usize) -> Result<bool, DbErr> {
        self.value(i)
    }
    fn opt_text(&self, i: usize) -> Result<Option<Cow<'_, str>>, DbErr> {
        Ok(self.value::<Option<&str>>(i)?.map(Cow::Borrowed))
    }
    fn opt_date(&self, i: usize) -> Result<Option<NaiveDate>, DbErr> {
        self.value(i)
    }
    fn opt_time(&self, i: usize) -> Result<Option<DateTime<Utc>>, DbErr> {
        self.value(i)
    }
}

/// A value of a row of a JSON batch (SQLite). Strings without escapes
/// borrow from the batch's text.
#[derive(Debug, Clone, PartialEq)]
enum Field<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(Cow<'a, str>),
}

impl<'de> serde::Deserialize<'de> for Field<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldVisitor)
    }
}

struct FieldVisitor;

impl<'de> serde::de::Visitor<'de> for FieldVisitor {
    type Value = Field<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("null, a boolean, a number or a string")
    }
    fn visit_unit<E>(self) -> Result<Field<'de>, E> {
        Ok(Field::Null)
    }
    fn visit_none<E>(self) -> Result<Field<'de>, E> {
        Ok(Field::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Field<'de>, E> {
        Ok(Field::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Field<'de>, E> {
        Ok(Field::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Field<'de>, E> {
        Ok(i64::try_from(v).map_or(Field::Float(v as f64), Field::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Field<'de>, E> {
        Ok(Field::Float(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Field<'de>, E> {
        Ok(Field::Text(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Field<'de>, E> {
        Ok(Field::Text(Cow::Owned(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Field<'de>, E> {
        Ok(Field::Text(Cow::Owned(v)))
    }
}

/// A stored date as text, `YYYY-MM-DD`, read without chrono's general
/// parser (the SQLite export reads a few million of them); any other form
/// goes to that parser.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let number = |digits: &[u8]| {
            digits.iter().try_fold(0u32, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (number(&b[..4]), number(&b[5..7]), number(&b[8..])) {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    text.parse().ok()
}

/// The date of a stored UTC date-time (`2026-11-26T17:31:22.578+00:00`,
/// `2026-11-26 09:00:00`, `…Z`): its first ten characters. `None` for any
/// other offset or form, which the full parser reads.
fn utc_day(text: &str) -> Option<NaiveDate> {
    let (date, rest) = (text.get(..10)?, text.get(10..)?);
    let time = rest.strip_prefix(['T', ' '])?;
    let utc = time.ends_with("+00:00") || time.ends_with('Z') || !time.contains(['+', '-']);
    let well_formed = time.len() >= 8 && time.as_bytes()[2] == b':' && time.as_bytes()[5] == b':';
    (utc && well_formed).then(|| parse_date(date)).flatten()
}

/// A stored date-time as text: RFC 3339 (how sea-orm writes one on
/// SQLite), or `YYYY-MM-DD HH:MM:SS[.f]` taken as UTC.
fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f")
                .ok()
                .map(|t| t.and_utc())
        })
}

impl Fields for [Field<'_>] {
    fn opt_int(&self, i: usize) -> Result<Option<i32>, DbErr> {
        match self.opt_big(i)? {
            Some(v) => i32::try_from(v)
                .map(Some)
                .map_err(|_| bad_at(i, "a 32-bit integer")),
            None => Ok(None),
        }
    }
    fn opt_big(&self, i: usize) -> Result<Option<i64>, DbErr> {
        match self.get(i) {
            Some(Field::Null) => Ok(None),
            Some(Field::Int(v)) => Ok(Some(*v)),
            _ => Err(bad_at(i, "an integer")),
        }
    }
    fn float(&self, i: usize) -> Result<f64, DbErr> {
        match self.get(i) {
            Some(Field::Float(v)) => Ok(*v),
            Some(Field::Int(v)) => Ok(*v as f64),
            _ => Err(bad_at(i, "a number")),
        }
    }
    fn flag(&self, i: usize) -> Result<bool, DbErr> {
        match self.get(i) {
            Some(Field::Bool(v)) => Ok(*v),
            Some(Field::Int(v)) => Ok(*v != 0),
            _ => Err(bad_at(i, "a boolean")),
        }
    }
    fn opt_text(&self, i: usize) -> Result<Option<Cow<'_, str>>, DbErr> {
        match self.get(i) {
            Some(Field::Null) => Ok(None),
            Some(Field::Text(v)) => Ok(Some(Cow::Borrowed(v.as_ref()))),
            _ => Err(bad_at(i, "text")),
        }
    }
    fn opt_date(&self, i: usize) -> Result<Option<NaiveDate>, DbErr> {
        match self.opt_text(i)? {
            Some(text) => parse_date(&text)
                .map(Some)
                .ok_or_else(|| bad_at(i, "a date")),
            None => Ok(None),
        }
    }
    fn opt_day(&self, i: usize) -> Result<Option<NaiveDate>, DbErr> {
        match self.opt_text(i)? {
            Some(text) => utc_day(&text)
                .or_else(|| parse_time(&text).map(|t| t.date_naive()))
                .map(Some)
                .ok_or_else(|| bad_at(i, "a date and time")),
            None => Ok(None),
        }
    }
    fn opt_time(&self, i: usize) -> Result<Option<DateTime<Utc>>, DbErr> {
        match self.opt_text(i)? {
            Some(text) => parse_time(&text)
                .map(Some)
                .ok_or_else(|| bad_at(i, "a date and time")),
            None => Ok(None),
        }
    }
}

/// How the export ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Streamed {
    /// Data rows written (the header not counted).
    pub rows: u64,
    /// False when the client went away before the end.
    pub complete: bool,
}

/// Streams `export` for `scope` as CSV into `chunks`: the header row, then
/// one line per row, about `CHUNK` bytes per message. A database error
/// ends it with that error (the caller ends the response with an error, so
/// the client sees a broken download rather than a short file).
pub async fn stream_csv(
    db: &DatabaseConnection,
    export: RawExport,
    scope: Reporting,
    today: NaiveDate,
    chunks: &Chunks,
) -> Result<Streamed, DbErr> {
    let mut out = CsvWriter::new();
    for column in export.info().columns {
        out.value(column);
    }
    out.end_row();
    let mut sink = Sink {
        out,
        chunks,
        rows: 0,
    };
    let complete = if db.get_database_backend() == DatabaseBackend::Sqlite {
        in_batches(db, export, scope, today, &mut sink).await?
    } else {
        row_by_row(db, export, scope, today, &mut sink).await?
    } && sink.flush().await;
    Ok(Streamed {
        rows: sink.rows,
        complete,
    })
}

/// The CSV buffer and where its chunks go.
struct Sink<'a> {
    out: CsvWriter,
    chunks: &'a Chunks,
    rows: u64,
}

impl Sink<'_> {
    /// Counts a row just written and sends a chunk when one is full; false
    /// when the client has gone.
    async fn row_written(&mut self) -> bool {
        self.rows += 1;
        self.out.len() < CHUNK || self.flush().await
    }

    async fn flush(&mut self) -> bool {
        self.chunks.send(Ok(self.out.take())).await.is_ok()
    }
}

/// One query, its rows streamed (PostgreSQL).
async fn row_by_row(
    db: &DatabaseConnection,
    export: RawExport,
    scope: Reporting,
    today: NaiveDate,
    sink: &mut Sink<'_>,
) -> Result<bool, DbErr> {
    let mut rows = db.stream(&export.query(scope)).await?;
    let mut types_checked = false;
    while let Some(row) = rows.next().await {
        let row = row?;
        let row = row
            .try_as_pg_row()
            .ok_or_else(|| DbErr::Custom("row-by-row export is for PostgreSQL".into()))?;
        export.write_row(&PgFields { row, types_checked }, &mut sink.out, today)?;
        types_checked = true;
        if !sink.row_written().await {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A batch as SQLite returns it: the rows as JSON and the last key.
type Batch = Option<(String, i64)>;

async fn next_batch(
    db: &impl ConnectionTrait,
    export: RawExport,
    scope: Reporting,
    after: i64,
) -> Result<Batch, DbErr> {
    let Some(row) = db.query_one(&export.batch_query(scope, after)).await? else {
        return Ok(None);
    };
    let json: Option<String> = row.try_get_by_index(0)?;
    let last: Option<i64> = row.try_get_by_index(1)?;
    Ok(json.zip(last))
}

/// Batches of rows as JSON, keyset on the primary key, in one read
/// transaction (SQLite).
async fn in_batches(
    db: &DatabaseConnection,
    export: RawExport,
    scope: Reporting,
    today: NaiveDate,
    sink: &mut Sink<'_>,
) -> Result<bool, DbErr> {
    let txn = db.begin().await?;
    let mut batch = next_batch(&txn, export, scope, i64::MIN).await?;
    while let Some((json, last)) = batch {
        let (next, written) = futures_util::future::join(
            next_batch(&txn, export, scope, last),
            write_batch(&json, export, today, sink),
        )
        .await;
        if !written? {
            return Ok(false);
        }
        batch = next?;
    }
    txn.commit().await?;
    Ok(true)
}

async fn write_batch(
    json: &str,
    export: RawExport,
    today: NaiveDate,
    sink: &mut Sink<'_>,
) -> Result<bool, DbErr> {
    let rows: Vec<Vec<Field<'_>>> = serde_json::from_str(json)
        .map_err(|error| DbErr::Type(format!("a batch of rows as JSON: {error}")))?;
    for row in &rows {
        export.write_row(row.as_slice(), &mut sink.out, today)?;
        if !sink.row_written().await {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The audit entry of an export: who (the actor), which export and scope
/// (the record), when (the entry's time). Written before any row is sent.
pub async fn record_export(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    export: RawExport,
    scope: Reporting,
) -> Result<(), ServiceError> {
    let scope_json = match scope {
        Reporting::Everyone => serde_json::json!({ "kind": "everyone" }),
        Reporting::Department(id) => {
            serde_json::json!({ "kind": "department", "department_id": id })
        }
        Reporting::DirectReports(id) => {
            serde_json::json!({ "kind": "direct_reports", "line_manager_person_id": id })
        }
    };
    audit::record(
        db,
        Entry::new(
            Some(user.user_id),
            "export.raw",
            "raw_export",
            export.info().slug.to_string(),
        )
        .after_json(serde_json::json!({
            "export": export.info().slug,
            "format": "csv",
            "scope": scope_json,
        })),
    )
    .await?;
    Ok(())
}

/// Whose records the viewer's exports cover, in words for the page:
/// "everyone", "your department (Radiotherapy Physics)", "your direct
/// reports". Staff members are refused.
pub async fn scope_description(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
) -> Result<String, ServiceError> {
    Ok(match access::reporting(db, viewer).await? {
        Reporting::Everyone => "everyone".into(),
        Reporting::Department(id) => match department::Entity::find_by_id(id).one(db).await? {
            Some(d) => format!("your department ({})", d.name),
            None => "your department".into(),
        },
        Reporting::DirectReports(_) => "your direct reports".into(),
    })
}

/// CSV lines (RFC 4180: comma-separated, CRLF line ends, a field quoted
/// when it holds a comma, a quote, CR or LF, quotes inside doubled) into a
/// buffer the caller drains in chunks.
pub struct CsvWriter {
    buffer: Vec<u8>,
    at_row_start: bool,
}

impl Default for CsvWriter {
    fn default() -> Self {
        CsvWriter::new()
    }
}

impl CsvWriter {
    pub fn new() -> CsvWriter {
        CsvWriter {
            buffer: Vec::with_capacity(CHUNK + 4096),
            at_row_start: true,
        }
    }

    fn separator(&mut self) {
        if !self.at_row_start {
            self.buffer.push(b',');
        }
        self.at_row_start = false;
    }

    /// Text people typed. A spreadsheet would run a value starting with
    /// `=`, `+`, `-`, `@`, tab or CR as a formula: it gets a `'` in front.
    pub fn text(&mut self, value: &str) {
        self.separator();
        let formula = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
        let quoted = value
            .bytes()
            .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'));
        if quoted {
            self.buffer.push(b'"');
        }
        if formula {
            self.buffer.push(b'\'');
        }
        if quoted {
            for b in value.bytes() {
                if b == b'"' {
                    self.buffer.push(b'"');
                }
                self.buffer.push(b);
            }
            self.buffer.push(b'"');
        } else {
            self.buffer.extend_from_slice(value.as_bytes());
        }
    }

    /// Text or an empty field.
    pub fn opt_text(&mut self, value: Option<&str>) {
        match value {
            Some(value) => self.text(value),
            None => self.empty(),
        }
    }

    pub fn empty(&mut self) {
        self.separator();
    }

    /// A value through `Display`: a column name, a decimal, a plan year
    /// (none of them holds a comma, a quote or a line break).
    pub fn value(&mut self, value: impl Display) {
        self.separator();
        let _ = write!(self.buffer, "{value}");
    }

    /// A whole number. Numbers and dates are most of an export's fields,
    /// so they skip `fmt`'s machinery.
    pub fn int(&mut self, value: impl itoa::Integer) {
        self.separator();
        self.digits(value);
    }

    fn digits(&mut self, value: impl itoa::Integer) {
        self.buffer
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
    }

    /// `2026-03-03`.
    pub fn date(&mut self, date: NaiveDate) {
        let year = date.year();
        if !(0..=9999).contains(&year) {
            return self.value(date);
        }
        self.separator();
        let (y, m, d) = (year as u32, date.month(), date.day());
        self.buffer.extend_from_slice(&[
            digit(y / 1000),
            digit(y / 100 % 10),
            digit(y / 10 % 10),
            digit(y % 10),
            b'-',
            digit(m / 10),
            digit(m % 10),
            b'-',
            digit(d / 10),
            digit(d % 10),
        ]);
    }

    pub fn opt_date(&mut self, date: Option<NaiveDate>) {
        match date {
            Some(date) => self.date(date),
            None => self.empty(),
        }
    }

    /// A whole number and two decimals from hundredths: `-12.50`.
    fn hundredths(&mut self, hundredths: i64) {
        self.separator();
        if hundredths < 0 {
            self.buffer.push(b'-');
        }
        let h = hundredths.unsigned_abs();
        self.digits(h / 100);
        let cents = (h % 100) as u32;
        self.buffer
            .extend_from_slice(&[b'.', digit(cents / 10), digit(cents % 10)]);
    }

    /// Hours from quarter hours: `1.25`, `7.50`.
    pub fn quarter_hours(&mut self, quarters: i32) {
        self.hundredths(i64::from(quarters) * 25);
    }

    /// Pounds from pence, two decimals: `1234.50`.
    pub fn pounds(&mut self, pence: i64) {
        self.hundredths(pence);
    }

    pub fn yes_no(&mut self, value: bool) {
        self.separator();
        self.buffer
            .extend_from_slice(if value { b"yes" } else { b"no" });
    }

    pub fn end_row(&mut self) {
        self.buffer.extend_from_slice(b"\r\n");
        self.at_row_start = true;
    }

    pub fn len(&self) -> usize {
        self.buffer.len()
    }

    pub fn is_empty(&self) -> bool {
        self.buffer.is_empty()
    }

    /// What has been written so far; the writer starts a new buffer.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK + 4096))
    }
}

/// The ASCII digit of `n`, which is under 10.
fn digit(n: u32) -> u8 {
    b'0' + (n % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(write: impl FnOnce(&mut CsvWriter)) -> String {
        let mut out = CsvWriter::new();
        write(&mut out);
        out.end_row();
        String::from_utf8(out.take()).unwrap_or_default()
    }

    #[test]
    fn fields_with_commas_quotes_and_line_breaks_are_quoted() {
        assert_eq!(
            line(|o| {
                o.text("plain");
                o.text("a, b");
                o.text("say \"hi\"");
                o.text("two\nlines");
                o.text("cr\r");
                o.empty();
            }),
            "plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\r\n"
        );
    }

    #[test]
    fn text_that_a_spreadsheet_would_run_gets_a_quote_in_front() {
        assert_eq!(
            line(|o| {
                o.text("=SUM(A1)");
                o.text("+1");
                o.text("-2");
                o.text("@cmd");
                o.text("\tx");
                o.text("=HYPERLINK(\"x\",\"y\")");
                o.text("a=b");
            }),
            "'=SUM(A1),'+1,'-2,'@cmd,'\tx,\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\",a=b\r\n"
        );
        // Numbers are never altered.
        assert_eq!(line(|o| o.pounds(-1250)), "-12.50\r\n");
    }

    #[test]
    fn hours_and_money_have_two_decimals() {
        assert_eq!(
            line(|o| {
                o.quarter_hours(0);
                o.quarter_hours(5);
                o.quarter_hours(30);
                o.pounds(0);
                o.pounds(7);
                o.pounds(123_456);
            }),
            "0.00,1.25,7.50,0.00,0.07,1234.56\r\n"
        );
        assert_eq!(
            line(|o| {
                o.quarter_hours(-3);
                o.pounds(-5);
                o.pounds(i64::MIN);
                o.quarter_hours(i32::MAX);
            }),
            "-0.75,-0.05,-92233720368547758.08,536870911.75\r\n"
        );
    }

    #[test]
    fn stored_dates_and_times_read_as_chrono_reads_them() {
        for text in [
            "2026-03-03",
            "0987-12-31",
            "2024-02-29",
            "2026-3-3",
            "2026-02-30",
            "20a6-01-01",
            "x",
        ] {
            assert_eq!(parse_date(text), text.parse().ok(), "{text}");
        }
        let day = |text| utc_day(text).or_else(|| parse_time(text).map(|t| t.date_naive()));
        for (text, expected) in [
            ("2026-11-26T17:31:22.578+00:00", Some("2026-11-26")),
            ("2026-11-26 09:00:00", Some("2026-11-26")),
            ("2026-11-26T23:30:00Z", Some("2026-11-26")),
            // Another offset moves the UTC date.
            ("2026-11-26T23:30:00-02:00", Some("2026-11-27")),
            ("2026-11-27T00:30:00+01:00", Some("2026-11-26")),
            ("2026-11-26", None),
            ("2026-11-26 nonsense", None),
        ] {
            assert_eq!(
                day(text).map(|d| d.to_string()).as_deref(),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn numbers_and_dates_are_written_as_they_read() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            line(|o| {
                o.int(0);
                o.int(-42);
                o.int(i64::MAX);
                o.date(date(2026, 3, 3));
                o.date(date(987, 12, 31));
                o.date(date(12345, 1, 9));
                o.opt_date(None);
                o.opt_date(Some(date(2000, 2, 29)));
                o.yes_no(true);
                o.yes_no(false);
            }),
            "0,-42,9223372036854775807,2026-03-03,0987-12-31,+12345-01-09,,2000-02-29,yes,no\r\n"
        );
    }

    #[test]
    fn a_json_batch_row_reads_like_a_database_row() {
        let json = r#"[[7,null,"A \"quoted\" name",37.5,30.0,1,0,true,"2026-03-03","2026-11-26T17:31:22.578+00:00","2026-11-26 09:00:00"]]"#;
        let rows: Vec<Vec<Field<'_>>> = serde_json::from_str(json).unwrap();
        let row = rows[0].as_slice();
        assert_eq!(row.int(0).unwrap(), 7);
        assert_eq!(row.opt_int(1).unwrap(), None);
        assert!(row.int(1).is_err());
        assert_eq!(row.text(2).unwrap(), "A \"quoted\" name");
        assert_eq!(row.float(3).unwrap(), 37.5);
        assert_eq!(row.float(4).unwrap(), 30.0);
        assert!(row.flag(5).unwrap() && !row.flag(6).unwrap() && row.flag(7).unwrap());
        assert_eq!(row.date(8).unwrap().to_string(), "2026-03-03");
        assert_eq!(
            row.opt_time(9).unwrap().unwrap().to_rfc3339(),
            "2026-11-26T17:31:22.578+00:00"
        );
        assert_eq!(
            row.opt_time(10).unwrap().unwrap().date_naive().to_string(),
            "2026-11-26"
        );
        assert_eq!(row.day(9).unwrap().to_string(), "2026-11-26");
        assert_eq!(row.day(10).unwrap().to_string(), "2026-11-26");
        assert!(row.date(2).is_err(), "text that is not a date");
        assert!(row.int(2).is_err() && row.text(0).is_err() && row.int(99).is_err());
    }

    #[test]
    fn sqlite_batches_are_keyset_pages_of_json_rows() {
        let (sql, values) = RawExport::CpdActivities
            .batch_query(Reporting::DirectReports(4), 120)
            .build(sea_orm::sea_query::SqliteQueryBuilder);
        assert!(sql.starts_with("SELECT '[' || group_concat(r, ',' ORDER BY k) || ']', MAX(k) FROM (SELECT json_array("), "{sql}");
        assert!(sql.contains("\"cpd_activities\".\"id\" > ?"), "{sql}");
        assert!(
            sql.contains("ORDER BY \"cpd_activities\".\"id\" ASC LIMIT ?"),
            "{sql}"
        );
        assert!(sql.contains("\"people\".\"line_manager_id\" = ?"), "{sql}");
        assert!(
            sql.contains("\"people\".\"id\" = \"cpd_activities\".\"person_id\" + (0)"),
            "{sql}"
        );
        assert_eq!(values.0.len(), 3, "{values:?}");
    }

    #[test]
    fn every_query_is_scoped_and_reads_no_private_text() {
        // Columns read from the database; the others are worked out.
        let selected = [
            (RawExport::People, 14),
            (RawExport::CpdActivities, 13),
            (RawExport::PltSessions, 9),
            (RawExport::FundingRequests, 17),
            (RawExport::JobPlans, 12),
        ];
        for (export, count) in selected {
            let (sql, _) = export
                .query(Reporting::Department(3))
                .build(sea_orm::sea_query::SqliteQueryBuilder);
            assert!(sql.contains("\"people\".\"department_id\" = ?"), "{sql}");
            let list = sql
                .trim_start_matches("SELECT ")
                .split(" FROM ")
                .next()
                .unwrap_or_default();
            assert_eq!(list.split(", ").count(), count, "{sql}");
            for private in [
                "learning_objective",
                "what_i_learnt",
                "change_to_practice",
                "benefit_to_service_users",
                "follow_up",
                "purpose",
                "justification",
                "decision_comment",
                "override_reason",
                "cpd_evidence",
            ] {
                assert!(!sql.contains(private), "{private} in {sql}");
            }
        }
    }
}
