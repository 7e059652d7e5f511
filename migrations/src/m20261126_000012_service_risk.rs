//! Service risk: the MPE modalities administrators can extend (seeded with
//! the three IR(ME)R modalities) and each department's cover requirements:
//! how many people must hold a current MPE certificate for a modality, or a
//! current RPA certificate.

use crate::m20261126_000001_organisation::Departments;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The modalities a service needs a named MPE for, in this order.
const MODALITIES: &[&str] = &["Radiotherapy", "Nuclear medicine", "Diagnostic radiology"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MpeModalities::Table)
                    .col(pk_auto(MpeModalities::Id))
                    .col(string_len_uniq(MpeModalities::Name, 80))
                    .col(integer(MpeModalities::Position))
                    .to_owned(),
            )
            .await?;
        let mut insert = Query::insert()
            .into_table(MpeModalities::Table)
            .columns([MpeModalities::Name, MpeModalities::Position])
            .to_owned();
        for (position, name) in MODALITIES.iter().enumerate() {
            insert
                .values([(*name).into(), (position as i32).into()])
                .map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        manager.exec_stmt(insert).await?;
        manager
            .create_table(
                Table::create()
                    .table(CoverRequirements::Table)
                    .col(pk_auto(CoverRequirements::Id))
                    .col(integer(CoverRequirements::DepartmentId))
                    .col(string_len(CoverRequirements::Kind, 8))
                    .col(string_len(CoverRequirements::Modality, 80))
                    .col(integer(CoverRequirements::Minimum))
                    .col(timestamp_with_time_zone(CoverRequirements::UpdatedAt))
                    .check((
                        Alias::new("ck_cover_requirements_minimum"),
                        Expr::col(CoverRequirements::Minimum).gte(1),
                    ))
                    .check((
                        Alias::new("ck_cover_requirements_kind"),
                        Expr::col(CoverRequirements::Kind)
                            .eq("mpe")
                            .and(Expr::col(CoverRequirements::Modality).ne(""))
                            .or(Expr::col(CoverRequirements::Kind)
                                .eq("rpa")
                                .and(Expr::col(CoverRequirements::Modality).eq(""))),
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CoverRequirements::Table, CoverRequirements::DepartmentId)
                            .to(Departments::Table, Departments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_cover_requirements_department_kind_modality")
                    .table(CoverRequirements::Table)
                    .col(CoverRequirements::DepartmentId)
                    .col(CoverRequirements::Kind)
                    .col(CoverRequirements::Modality)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CoverRequirements::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(MpeModalities::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum MpeModalities {
    Table,
    Id,
    Name,
    /// Order on forms and in the service-risk view.
    Position,
}

#[derive(DeriveIden)]
enum CoverRequirements {
    Table,
    Id,
    DepartmentId,
    /// `mpe` or `rpa` (`domain::service_risk::CoverKind`).
    Kind,
    /// The MPE modality's name; empty for RPA cover (empty rather than
    /// NULL, so that the unique index holds on both backends).
    Modality,
    /// Certified people needed, at least 1.
    Minimum,
    UpdatedAt,
}
