//! The persons of a TEI `closer/signed`, as FRUS's Schematron checks them
//! (frus-signatures.sch S4, S7–S10): each `persName` outside notes among
//! the nodes beside it.

use super::signatures::punctuation_only;
use super::{SignatureProblem, SignatureProblemKind, Span};
use crate::syntax::normalize_space;
use crate::syntax::xml::{Content, XmlElement};

/// The `@ana` token with which FRUS allows two names side by side.
const MANY_NAMES: &str = "#signed-exception_multiple-consecutive-persnames";

/// Whether the signature names a person outside its notes, and what stands
/// wrong beside each name.
pub(super) fn read<'t, E: XmlElement<'t>>(signed: E) -> (bool, Vec<SignatureProblem>) {
    let many_allowed = signed
        .attr("ana")
        .is_some_and(|ana| ana.split_whitespace().any(|t| t == MANY_NAMES));
    let mut named = false;
    let mut problems = Vec::new();
    let mut stack = vec![signed];
    while let Some(parent) = stack.pop() {
        let nodes: Vec<Node<'t, E>> = parent.content().into_iter().map(Node::of).collect();
        for (i, n) in nodes.iter().enumerate() {
            let Some(e) = n.element() else { continue };
            match e.local_name() {
                "note" => continue,
                "persName" => {}
                _ => {
                    stack.push(e);
                    continue;
                }
            }
            stack.push(e);
            let Some(id) = e
                .attr("corresp")
                .and_then(|c| c.strip_prefix('#').map(str::to_string))
            else {
                continue;
            };
            named = true;
            let mut problem = |kind, span: Span, text: String| {
                problems.push(SignatureProblem {
                    kind,
                    span,
                    text: text.into(),
                    id: id.clone().into(),
                })
            };
            // S7: notes, line breaks and blank nodes are passed over.
            let next = nodes[i + 1..]
                .iter()
                .find(|n| !n.is(&["note", "lb"]) && !n.string().is_empty());
            if let Some(next) = next {
                if !next.is_italics() && !punctuation_only(&next.string()) {
                    problem(SignatureProblemKind::TextAfter, next.span(), next.string());
                }
            }
            // S8: the nearest text before the name that is not blank.
            let before = nodes[..i]
                .iter()
                .rev()
                .find(|n| n.element().is_none() && !n.string().is_empty());
            if let Some(b) = before.filter(|b| !punctuation_only(&b.string())) {
                problem(SignatureProblemKind::TextBefore, b.span(), b.string());
            }
            // S9: italics after the name go with a line break before them.
            let italics = nodes[i + 1..].iter().find(|n| n.is_italics());
            let breaks = nodes[i + 1..].iter().find(|n| n.is(&["lb"]));
            match (italics, breaks) {
                (Some(it), None) => {
                    problem(SignatureProblemKind::ItalicsAfter, it.span(), it.string())
                }
                (None, Some(lb)) => {
                    problem(SignatureProblemKind::ItalicsAfter, lb.span(), String::new())
                }
                _ => {}
            }
            // S10, reported at the later name.
            if !many_allowed && nodes[..i].iter().any(|n| n.is(&["persName"])) {
                problem(
                    SignatureProblemKind::SecondName,
                    e.span(),
                    normalize_space(&e.text()),
                );
            }
        }
    }
    problems.sort_by_key(|p| p.span.start);
    (named, problems)
}

/// A node beside a name: an element or a piece of text.
struct Node<'t, E> {
    content: Content<'t, E>,
}

impl<'t, E: XmlElement<'t>> Node<'t, E> {
    fn of(content: Content<'t, E>) -> Self {
        Node { content }
    }

    fn element(&self) -> Option<E> {
        match &self.content {
            Content::Element(e) => Some(*e),
            Content::Text { .. } => None,
        }
    }

    fn is(&self, names: &[&str]) -> bool {
        self.element()
            .is_some_and(|e| names.contains(&e.local_name()))
    }

    fn is_italics(&self) -> bool {
        self.element()
            .is_some_and(|e| e.local_name() == "hi" && e.attr("rend").as_deref() == Some("italic"))
    }

    /// Its text, white space folded and trimmed.
    fn string(&self) -> String {
        let text = match &self.content {
            Content::Element(e) => e.text(),
            Content::Text { text, .. } => text.to_string(),
        };
        normalize_space(&text).trim().to_string()
    }

    fn span(&self) -> Span {
        match &self.content {
            Content::Element(e) => e.span(),
            Content::Text { span, .. } => span.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::facts::SignatureProblemKind as K;

    fn read_signed(signed: &str) -> (bool, Vec<(K, String)>) {
        let xml = format!("<TEI><text><body><div type=\"document\" n=\"1\"><closer>{signed}</closer></div></body></text></TEI>");
        let f = crate::facts::tei::extract_fast(&xml).expect("well-formed");
        let s = &f.signatures[0];
        (
            s.named,
            s.problems
                .iter()
                .map(|p| (p.kind, p.text.to_string()))
                .collect(),
        )
    }

    #[test]
    fn the_schematron_signature_checks() {
        let name = |id: &str, text: &str| format!("<persName corresp=\"#{id}\">{text}</persName>");
        // A title in italics after a line break is as FRUS writes it.
        let fine = format!(
            "<signed>{}<lb/><hi rend=\"italic\">Secretary</hi></signed>",
            name("p_A", "A")
        );
        assert_eq!(read_signed(&fine), (true, vec![]));
        // S9 without the line break; S7 lets punctuation pass.
        let (_, p) = read_signed(&format!(
            "<signed>{}, <hi rend=\"italic\">Secretary</hi></signed>",
            name("p_A", "A")
        ));
        assert_eq!(p, vec![(K::ItalicsAfter, "Secretary".to_string())]);
        // S8: words before the name.
        let (_, p) = read_signed(&format!("<signed>Dean {}</signed>", name("p_A", "Rusk")));
        assert_eq!(p, vec![(K::TextBefore, "Dean".to_string())]);
        // S7 and S10: words after the first name, a second name.
        let two = format!("{} and {}", name("p_A", "A"), name("p_B", "B"));
        let (_, p) = read_signed(&format!("<signed>{two}</signed>"));
        assert_eq!(
            p,
            vec![
                (K::TextAfter, "and".to_string()),
                (K::TextBefore, "and".to_string()),
                (K::SecondName, "B".to_string())
            ]
        );
        // The peer's way out of S10.
        let (_, p) = read_signed(&format!(
            "<signed ana=\"#signed-exception_multiple-consecutive-persnames\">{}, {}</signed>",
            name("p_A", "A"),
            name("p_B", "B")
        ));
        assert!(p.iter().all(|(k, _)| *k != K::SecondName), "{p:?}");
        // S4: a name inside a note names no signer.
        let (named, _) = read_signed(&format!(
            "<signed>W.A.H.<note n=\"1\">{}</note></signed>",
            name("p_A", "Harriman")
        ));
        assert!(!named);
    }
}
