//! `spawn_app()`: boots the whole application on port 0 with its own
//! database, and helpers to talk to it as a browser would.

use mpce_portal::server::config::Config;
use mpce_portal::server::seed;
use mpce_portal::server::startup;
use mpce_portal::server::state::AppState;
use reqwest::{Client, Response};
use sea_orm::{ConnectionTrait, Database};
use tokio::sync::OnceCell;

pub use mpce_portal::server::seed::DEMO_PASSWORD;

pub struct TestApp {
    pub address: String,
    pub state: AppState,
    pub database_url: String,
    _dir: Option<tempfile::TempDir>,
}

/// Which database the tests run on.
pub fn on_postgres() -> bool {
    std::env::var("TEST_BACKEND").is_ok_and(|b| b == "postgres")
}

fn postgres_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

static OLD_SCHEMAS_DROPPED: OnceCell<()> = OnceCell::const_new();

/// Drops schemas left by earlier runs, once per test binary.
async fn drop_old_schemas() {
    OLD_SCHEMAS_DROPPED
        .get_or_init(|| async {
            let db = Database::connect(postgres_url())
                .await
                .expect("connect to TEST_DATABASE_URL");
            let rows = db
                .query_all_raw(sea_orm::Statement::from_string(
                    db.get_database_backend(),
                    "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'mpce_test_%'",
                ))
                .await
                .expect("list schemas");
            for row in rows {
                let name: String = row.try_get("", "nspname").expect("schema name");
                db.execute_unprepared(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"))
                    .await
                    .expect("drop old schema");
            }
        })
        .await;
}

/// A fresh, empty database: a SQLite file in a temporary folder, or a new
/// PostgreSQL schema.
pub async fn fresh_database() -> (String, Option<tempfile::TempDir>) {
    if on_postgres() {
        drop_old_schemas().await;
        let schema = format!("mpce_test_{}", uuid::Uuid::new_v4().simple());
        let base = postgres_url();
        let db = Database::connect(base.clone())
            .await
            .expect("connect to TEST_DATABASE_URL");
        db.execute_unprepared(&format!("CREATE SCHEMA {schema}"))
            .await
            .expect("create schema");
        let separator = if base.contains('?') { '&' } else { '?' };
        (format!("{base}{separator}currentSchema={schema}"), None)
    } else {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = format!("sqlite://{}/portal.db?mode=rwc", dir.path().display());
        (url, Some(dir))
    }
}

/// Server-side warnings and errors go to the test output, so that a failing
/// request in CI shows what the server saw.
fn log_server_errors() {
    static INIT: std::sync::Once = std::sync::Once::new();
    INIT.call_once(|| {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("warn"))
            .with_test_writer()
            .try_init();
    });
}

pub async fn spawn_app() -> TestApp {
    log_server_errors();
    let (url, dir) = fresh_database().await;
    spawn_app_on(url, dir).await
}

/// Starts another application on the same database (a restart, or a
/// second instance).
pub async fn spawn_app_on(database_url: String, dir: Option<tempfile::TempDir>) -> TestApp {
    let state = test_state(&database_url).await;
    TestApp {
        address: serve(state.clone()).await,
        state,
        database_url,
        _dir: dir,
    }
}

/// The application state the tests serve (any free port, 5 connections).
pub async fn test_state(database_url: &str) -> AppState {
    let mut config = Config::for_database(database_url).expect("test configuration");
    config.site_addr = "127.0.0.1:0".parse().expect("address");
    config.db_max_connections = 5;
    startup::build_state(config)
        .await
        .expect("application state")
}

/// Serves `state` in the background; returns its base address.
pub async fn serve(state: AppState) -> String {
    let (listener, address) = startup::bind(state.config.site_addr).await.expect("bind");
    tokio::spawn(startup::serve(listener, state));
    format!("http://{address}")
}

impl TestApp {
    pub async fn with_demo_data() -> TestApp {
        let app = spawn_app().await;
        seed::seed_demo(&app.state).await.expect("demo data");
        app
    }

    /// The same database reached through another instance at `address`
    /// (a `serve` process): requests go there, queries to the database.
    pub fn at(&self, address: &str) -> TestApp {
        TestApp {
            address: address.to_string(),
            state: self.state.clone(),
            database_url: self.database_url.clone(),
            _dir: None,
        }
    }

    /// A browser-like client with its own cookie jar that does not follow
    /// redirects (so tests can see them).
    pub fn client(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .expect("http client")
    }

    pub async fn post(&self, client: &Client, path: &str, form: &[(&str, &str)]) -> Response {
        client
            .post(format!("{}{path}", self.address))
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// Posts a JSON body, as a server function with `input = Json` expects
    /// (with the same headers, i.e. none that mark it cross-site, as
    /// `post`).
    pub async fn post_json(
        &self,
        client: &Client,
        path: &str,
        body: &serde_json::Value,
    ) -> Response {
        client
            .post(format!("{}{path}", self.address))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn get(&self, client: &Client, path: &str) -> Response {
        client
            .get(format!("{}{path}", self.address))
            .header("accept", "text/html")
            .send()
            .await
            .expect("request")
    }

    /// Posts a form whose `fields` belong to a server function's `input`
    /// struct (sent as `input[name]`), plus top-level `extra` arguments.
    pub async fn post_input(
        &self,
        client: &Client,
        path: &str,
        extra: &[(&str, &str)],
        fields: &[(&str, &str)],
    ) -> Response {
        let nested: Vec<(String, &str)> = fields
            .iter()
            .map(|(k, v)| (format!("input[{k}]"), *v))
            .collect();
        let mut body: Vec<(&str, &str)> = extra.to_vec();
        body.extend(nested.iter().map(|(k, v)| (k.as_str(), *v)));
        self.post(client, path, &body).await
    }

    pub async fn sign_in_response(&self, client: &Client, email: &str, password: &str) -> Response {
        self.post(
            client,
            "/api/session/sign-in",
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// A client signed in as `email` with the demo password.
    pub async fn signed_in(&self, email: &str) -> Client {
        let client = self.client();
        let response = self.sign_in_response(&client, email, DEMO_PASSWORD).await;
        assert_eq!(response.status(), 200, "sign-in of {email} failed");
        client
    }

    /// A client signed in as a staff member in Sam's team (staff@demo.test)
    /// who is neither Sam nor anyone's manager: the "another staff member"
    /// of the refusal tests.
    pub async fn colleague(&self) -> Client {
        let id = self
            .count(
                "SELECT MIN(p.id) FROM people p JOIN people s ON s.team_id = p.team_id \
                 WHERE s.email = 'staff@demo.test' AND p.id <> s.id AND p.end_date IS NULL \
                 AND p.id NOT IN (SELECT line_manager_id FROM people WHERE line_manager_id IS NOT NULL) \
                 AND p.id NOT IN (SELECT person_id FROM users)",
            )
            .await;
        self.new_account(id, &["staff"]).await
    }

    /// A client signed in as the manager of another team than Sam's.
    pub async fn other_team_manager(&self) -> Client {
        let id = self
            .count(
                "SELECT MAX(p.line_manager_id) FROM people p JOIN teams t ON t.id = p.team_id \
                 WHERE t.name = 'Rehabilitation Engineering'",
            )
            .await;
        self.new_account(id, &["staff", "manager"]).await
    }

    /// Gives person `id` an account with `roles` (by an administrator) and
    /// signs in as them.
    pub async fn new_account(&self, id: i64, roles: &[&str]) -> Client {
        let admin = self.signed_in("admin@demo.test").await;
        let password = "violet-harbour-lantern-42";
        let id_text = id.to_string();
        let role_keys: Vec<String> = roles.iter().map(|r| format!("roles[{r}]")).collect();
        let mut form = vec![("person_id", id_text.as_str()), ("password", password)];
        form.extend(role_keys.iter().map(|k| (k.as_str(), "on")));
        let response = self.post(&admin, "/api/accounts/create", &form).await;
        assert_eq!(response.status(), 200, "account for person {id}");
        use mpce_portal::server::db::entities::person;
        use sea_orm::EntityTrait;
        let person = person::Entity::find_by_id(i32::try_from(id).expect("an id"))
            .one(&self.state.db)
            .await
            .expect("query")
            .expect("person exists");
        let client = self.client();
        let response = self
            .sign_in_response(&client, &person.email, password)
            .await;
        assert_eq!(response.status(), 200, "{} signs in", person.email);
        client
    }

    /// The person id behind an email address.
    pub async fn person_id(&self, email: &str) -> i32 {
        use mpce_portal::server::db::entities::person;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        person::Entity::find()
            .filter(person::Column::Email.eq(email))
            .one(&self.state.db)
            .await
            .expect("query")
            .expect("person exists")
            .id
    }

    /// The single integer a query returns (a count or an id), on either
    /// backend.
    pub async fn count(&self, sql: &str) -> i64 {
        let wrapped = format!("SELECT CAST(({sql}) AS BIGINT)");
        let row = self
            .state
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.state.db.get_database_backend(),
                wrapped,
            ))
            .await
            .expect("count query")
            .expect("a row");
        row.try_get_by_index::<i64>(0).expect("a count")
    }
}

/// The form fields a 422 answer names, in order.
pub fn invalid_fields(body: &serde_json::Value) -> Vec<String> {
    body["Invalid"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The JSON body of a response.
pub async fn json(response: Response) -> serde_json::Value {
    response.json().await.expect("JSON body")
}
