//! Compiles the tree-sitter parser generated from `grammar/grammar.js`.

fn main() {
    let dir = std::path::Path::new("grammar").join("src");
    cc::Build::new()
        .include(&dir)
        .file(dir.join("parser.c"))
        .file(dir.join("scanner.c"))
        .flag_if_supported("-std=c11")
        .flag_if_supported("-Wno-unused-parameter")
        .flag_if_supported("-Wno-unused-but-set-variable")
        .flag_if_supported("-Wno-trigraphs")
        .compile("tree-sitter-emend");
    for file in ["parser.c", "scanner.c"] {
        println!("cargo:rerun-if-changed={}", dir.join(file).display());
    }
    println!(
        "cargo:rerun-if-changed={}",
        dir.join("tree_sitter").display()
    );
}
