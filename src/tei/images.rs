//! `pb/@facs`, the page image of each page break, kept in one line of
//! `volume.emd`: `Images: VIII=0014, 1=0051`. A volume's images are
//! numbered in page order, so only where the numbering does not go on by
//! one from the break before is an entry written; `-` stands for a break
//! without an image.
//!
//! The export reads the entries in order, as it writes the page breaks: a
//! break takes the next entry when that entry names its page, else the
//! image after the one before. So that a page number that comes twice (a
//! roman `V` in front matter and in an appendix) takes the right entry, a
//! break whose page is that of the next entry gets one of its own.

/// An image the line can hold.
pub fn keepable(facs: &str) -> bool {
    !facs.is_empty()
        && facs != "-"
        && !facs.contains(|c: char| c.is_whitespace() || c == ',' || c == '=')
}

/// The image after `facs`: its last run of digits one more, as wide
/// (`0049` → `0050`, `p0099` → `p0100`).
pub fn next(facs: &str) -> Option<String> {
    let digits = facs.len() - facs.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let (head, number) = facs.split_at(facs.len() - digits);
    let n: u64 = number.parse().ok()?;
    Some(format!(
        "{head}{:0width$}",
        n.checked_add(1)?,
        width = digits
    ))
}

/// The `Images:` value for the page breaks of a volume in order, each its
/// page number and image; empty when every image follows from the one
/// before (or there are none).
pub fn entries(pages: &[(&str, Option<&str>)]) -> String {
    let kept: Vec<(&str, Option<&str>)> = pages
        .iter()
        .map(|&(n, facs)| (n, facs.filter(|f| keepable(f))))
        .collect();
    // What the export predicts without an entry, break by break.
    let mut needed = vec![false; kept.len()];
    let mut before: Option<&str> = None;
    for (i, &(_, facs)) in kept.iter().enumerate() {
        needed[i] = before.and_then(next).as_deref() != facs;
        before = facs;
    }
    // A break whose page is that of the next entry after it takes that
    // entry: give it one of its own.
    let mut next_needed: Option<&str> = None;
    for i in (0..kept.len()).rev() {
        if next_needed == Some(kept[i].0) {
            needed[i] = true;
        }
        if needed[i] {
            next_needed = Some(kept[i].0);
        }
    }
    kept.iter()
        .zip(&needed)
        .filter(|(_, &n)| n)
        .map(|(&(n, facs), _)| format!("{n}={}", facs.unwrap_or("-")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The images of the page breaks as the export writes them.
#[derive(Debug, Default)]
pub struct Images {
    entries: std::collections::VecDeque<(String, Option<String>)>,
    before: Option<String>,
}

impl Images {
    /// Reads an `Images:` value; returns the entries it cannot read.
    pub fn parse(value: &str) -> (Images, Vec<String>) {
        let mut images = Images::default();
        let mut bad = Vec::new();
        for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            match entry.split_once('=') {
                Some((n, facs)) if !n.trim().is_empty() && !facs.trim().is_empty() => {
                    let facs = facs.trim();
                    let facs = (facs != "-").then(|| facs.to_string());
                    images.entries.push_back((n.trim().to_string(), facs));
                }
                _ => bad.push(entry.to_string()),
            }
        }
        (images, bad)
    }

    /// The image of the next page break, page `n`.
    pub fn of(&mut self, n: &str) -> Option<String> {
        let facs = match self.entries.front() {
            Some((page, _)) if page == n => self.entries.pop_front().and_then(|(_, f)| f),
            _ => self.before.as_deref().and_then(next),
        };
        self.before.clone_from(&facs);
        facs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the export gives back for the breaks' pages.
    fn replay(pages: &[(&str, Option<&str>)]) -> Vec<Option<String>> {
        let (mut images, bad) = Images::parse(&entries(pages));
        assert!(bad.is_empty());
        pages.iter().map(|(n, _)| images.of(n)).collect()
    }

    #[test]
    fn only_jumps_are_written_and_every_image_comes_back() {
        let pages = [
            ("VIII", Some("0014")),
            ("IX", Some("0015")),
            ("1", Some("0051")),
            ("2", Some("0052")),
            ("3", None),
            ("4", Some("0054")),
            ("V", Some("p0099")),
            ("V", Some("p0100")),
        ];
        assert_eq!(entries(&pages), "VIII=0014, 1=0051, 3=-, 4=0054, V=p0099");
        let back = replay(&pages);
        let want: Vec<Option<String>> = pages.iter().map(|(_, f)| f.map(str::to_string)).collect();
        assert_eq!(back, want);
    }

    #[test]
    fn a_page_that_comes_twice_takes_its_own_entry() {
        // The second `V` jumps; the first, which would follow on, must not
        // take that entry.
        let pages = [
            ("IV", Some("0004")),
            ("V", Some("0005")),
            ("V", Some("0090")),
        ];
        assert_eq!(entries(&pages), "IV=0004, V=0005, V=0090");
        let back = replay(&pages);
        assert_eq!(
            back,
            [
                Some("0004".into()),
                Some("0005".into()),
                Some("0090".into())
            ]
        );
    }

    #[test]
    fn every_short_sequence_comes_back() {
        let facs = [None, Some("01"), Some("02"), Some("03"), Some("x")];
        let names = ["1", "2"];
        for a in 0..facs.len() * names.len() {
            for b in 0..facs.len() * names.len() {
                for c in 0..facs.len() * names.len() {
                    let pages: Vec<(&str, Option<&str>)> = [a, b, c]
                        .iter()
                        .map(|&k| (names[k % 2], facs[k / 2]))
                        .collect();
                    let want: Vec<Option<String>> =
                        pages.iter().map(|(_, f)| f.map(str::to_string)).collect();
                    assert_eq!(replay(&pages), want, "{pages:?}");
                }
            }
        }
    }

    #[test]
    fn the_next_image_keeps_its_width() {
        assert_eq!(next("0049").as_deref(), Some("0050"));
        assert_eq!(next("p0099").as_deref(), Some("p0100"));
        assert_eq!(next("9").as_deref(), Some("10"));
        assert_eq!(next("cover"), None);
    }
}
