use emend::index::{Progress, Retain, Workspace};
struct P;
impl Progress for P {
    fn start(&self, _: usize) {}
    fn tick(&self) {}
    fn finish(&self) {}
}
#[test]
fn stats() {
    let ws = Workspace::load(
        &[std::path::PathBuf::from(
            "target/bench-workspaces/workspace-50mb",
        )],
        &P,
        Retain::FactsOnly,
    );
    let mut tot = std::collections::BTreeMap::<&str, (usize, usize, usize)>::new();
    fn sz<T>(_: &Vec<T>) -> usize {
        std::mem::size_of::<T>()
    }
    macro_rules! acc {
        ($name:expr, $v:expr) => {{
            let v = &$v;
            let e = tot.entry($name).or_default();
            e.0 += v.len();
            e.1 += v.capacity() * sz(v);
            e.2 = sz(v);
        }};
    }
    let mut lines = 0usize;
    let mut paths = 0usize;
    for f in &ws.files {
        let x = &f.facts;
        lines += f.lines.line_count();
        paths += f.path.as_os_str().len() + f.abs.as_os_str().len();
        acc!("scopes", x.scopes);
        acc!("documents", x.documents);
        acc!("divisions", x.divisions);
        acc!("sections", x.sections);
        acc!("footnotes", x.footnotes);
        acc!("footnote_refs", x.footnote_refs);
        acc!("persons", x.persons);
        acc!("terms", x.terms);
        acc!("person_mentions", x.person_mentions);
        acc!("term_mentions", x.term_mentions);
        acc!("references", x.references);
        acc!("page_breaks", x.page_breaks);
        acc!("straight_quotes", x.straight_quotes);
        acc!("text_marks", x.text_marks);
        acc!("metadata", x.metadata);
        acc!("signatures", x.signatures);
        acc!("source_items", x.source_items);
        acc!("footnote_order", x.footnote_order);
    }
    let mut sum = 0;
    for (k, (n, bytes, sz)) in &tot {
        println!(
            "{k:20} n={n:9} elem={sz:4} bytes={:.1} MB",
            *bytes as f64 / 1e6
        );
        sum += bytes;
    }
    println!("total vec bytes {:.1} MB; files {}; lines {} ({:.1} MB as u32); path bytes {:.1} MB; SourceFile size {}", sum as f64/1e6, ws.files.len(), lines, lines as f64*4.0/1e6, paths as f64/1e6, std::mem::size_of::<emend::index::SourceFile>());
}
