use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    match mpce_portal::server::cli::run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("mpce-portal: {error}");
            ExitCode::FAILURE
        }
    }
}
