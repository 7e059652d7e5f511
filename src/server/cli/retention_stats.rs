//! `mpce-portal retention-stats --from D --to D --by B [--format csv|json]`:
//! the retention figures for the whole organisation, for scheduled exports
//! and BI tools. Rates are fractions with 4 decimals, empty (CSV) or null
//! (JSON) when undefined.

use super::CliError;
use crate::domain::retention::{self, Breakdown, GroupFigures, Period};
use crate::domain::staff;
use crate::server::config::Config;
use crate::server::db;
use crate::server::services::access::Reporting;
use crate::server::services::retention::load;
use crate::server::services::retention_file::{group_table, to_csv};

pub async fn run(
    config: &Config,
    from: &str,
    to: &str,
    by: &str,
    format: &str,
) -> Result<(), CliError> {
    let from = staff::parse_date(from, "--from").map_err(CliError::Usage)?;
    let to = staff::parse_date(to, "--to").map_err(CliError::Usage)?;
    let period = Period::new(from, to).map_err(CliError::Usage)?;
    let by = Breakdown::parse(by).map_err(|m| CliError::Usage(format!("--by: {m}")))?;
    if !matches!(format, "csv" | "json") {
        return Err(CliError::Usage("--format: choose csv or json".into()));
    }
    let connection = db::connect(config).await?;
    db::migrate(&connection)
        .await
        .map_err(|e| CliError::Failed(format!("migration failed: {e}")))?;
    let loaded = load(&connection, Reporting::Everyone)
        .await
        .map_err(|e| CliError::Failed(format!("cannot read the staff records: {e}")))?;
    let groups = retention::figures(&loaded.people, period, by);
    let text = if format == "csv" {
        csv(&groups)?
    } else {
        json(
            &groups,
            &retention::total(&loaded.people, period),
            period,
            by,
        )?
    };
    print!("{text}");
    Ok(())
}

fn csv(groups: &[GroupFigures]) -> Result<String, CliError> {
    let failed = |e: String| CliError::Failed(format!("cannot write CSV: {e}"));
    let bytes = to_csv(&group_table(groups)).map_err(|e| failed(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| failed(e.to_string()))
}

fn json(
    groups: &[GroupFigures],
    total: &GroupFigures,
    period: Period,
    by: Breakdown,
) -> Result<String, CliError> {
    let row = |g: &GroupFigures| {
        let rate = |r: Option<f64>| r.map(|r| (r * 10_000.0).round() / 10_000.0);
        serde_json::json!({
            "group": g.group,
            "in_post_start": g.in_post_start,
            "in_post_end": g.in_post_end,
            "fte_start": (g.fte_start * 100.0).round() / 100.0,
            "fte_end": (g.fte_end * 100.0).round() / 100.0,
            "joiners": g.joiners,
            "leavers": g.leavers,
            "transfers_in": g.transfers_in,
            "transfers_out": g.transfers_out,
            "leaver_rate": rate(g.leaver_rate()),
            "joiner_rate": rate(g.joiner_rate()),
            "stability_index": rate(g.stability_index()),
            "leavers_by_reason": g.leavers_by_reason,
        })
    };
    let document = serde_json::json!({
        "from": period.from.to_string(),
        "to": period.to.to_string(),
        "by": by.key(),
        "groups": groups.iter().map(row).collect::<Vec<_>>(),
        "total": row(total),
    });
    serde_json::to_string_pretty(&document)
        .map(|text| text + "\n")
        .map_err(|e| CliError::Failed(format!("cannot write JSON: {e}")))
}
