//! Compiles the tree-sitter parser generated from `grammar/grammar.js`, and
//! the read access to its tables that the fast LR driver uses.

fn main() {
    let dir = std::path::Path::new("grammar").join("src");
    // Read access to the generated tables for the fast LR driver.
    let tables = std::path::Path::new("src/syntax/lr/tables.c");
    cc::Build::new()
        .include(&dir)
        .file(dir.join("parser.c"))
        .file(dir.join("scanner.c"))
        .file(tables)
        .flag_if_supported("-std=c11")
        .flag_if_supported("-Wno-unused-parameter")
        .flag_if_supported("-Wno-unused-but-set-variable")
        .flag_if_supported("-Wno-trigraphs")
        // The scanner steps over plain text in bulk when the fast front
        // end's lexer drives it.
        .define("EMEND_FAST_LEXER", None)
        .compile("tree-sitter-emend");
    for file in ["parser.c", "scanner.c"] {
        println!("cargo:rerun-if-changed={}", dir.join(file).display());
    }
    println!(
        "cargo:rerun-if-changed={}",
        dir.join("tree_sitter").display()
    );
    println!("cargo:rerun-if-changed={}", tables.display());
}
