//! Demo funded CPD: this financial year's trust study budget for every
//! demo department (and charitable funds for the first), and national CPD
//! funding's rules as they were: no backfill, and healthcare scientists not
//! eligible (DOMAIN.md: Funded CPD).

use super::services::ServiceError;
use crate::domain::financial_year::FinancialYear;
use crate::domain::funding::Source;
use crate::server::db::entities::{funding_budget, funding_source};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};

pub async fn load(db: &impl ConnectionTrait, departments: &[i32]) -> Result<(), ServiceError> {
    let year = FinancialYear::containing(Utc::now().date_naive());
    for (n, department) in departments.iter().enumerate() {
        let mut budgets = vec![(
            Source::TrustStudyBudget,
            if n == 0 { 1_200_000 } else { 600_000 },
        )];
        if n == 0 {
            budgets.push((Source::CharitableFunds, 300_000));
        }
        for (source, pence) in budgets {
            funding_budget::ActiveModel {
                department_id: Set(*department),
                year_start: Set(year.0),
                source: Set(source.as_str().to_string()),
                amount_pence: Set(pence),
                updated_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    funding_source::ActiveModel {
        source: Set(Source::NationalCpdFunding.as_str().to_string()),
        excludes_backfill: Set(true),
        excluded_staff_groups: Set("Healthcare Scientists".into()),
    }
    .insert(db)
    .await?;
    Ok(())
}
