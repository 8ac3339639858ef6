mod cli;

/// Parsing a postmortem makes many small allocations; mimalloc serves them several times
/// faster than the system allocator and does not contend between the linting threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
