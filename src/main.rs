//! The `emend` command.

fn main() {
    std::process::exit(emend::cli::main());
}
