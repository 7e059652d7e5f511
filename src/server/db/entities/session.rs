use sea_orm::entity::prelude::*;

/// A signed-in session. Only the SHA-256 of the cookie's token is stored,
/// so a leaked table cannot be replayed.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_hash: String,
    pub user_id: i32,
    pub created_at_unix: i64,
    pub last_seen_at_unix: i64,
    pub expires_at_unix: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
