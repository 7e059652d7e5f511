use std::process::ExitCode;

/// jemalloc rather than the C library's allocator: rendering a page makes
/// thousands of small allocations, and glibc's malloc, free and realloc
/// took two fifths of the staff home page's instructions. With jemalloc
/// the page serves half as many requests again per second, at the same
/// idle memory (mimalloc 2.3 was as fast but held twice the idle memory).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
