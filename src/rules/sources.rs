//! source-label, source-not-first, source-classification (the
//! classification is read by [`crate::facts::citation`]).

use super::FileContext;
use super::{Code, Sink};
use crate::index::SourceFile;

/// Volumes of the 1950s and 1960s number the source note 0 (`d15fn0`),
/// outside the numbering of the footnotes proper, which starts at 1.
pub(super) const UNNUMBERED_SOURCE: &str = "0";

pub(super) fn check(source: &SourceFile, file: usize, _: &FileContext, sink: &mut Sink) {
    {
        let facts = &source.facts;
        for def in &facts.footnotes {
            let Some(note) = &def.source else { continue };
            if let Some(problem) = note.label_problem {
                sink.push(
                    file,
                    note.label_span.clone(),
                    Code::SourceLabel,
                    format!("malformed source note label: {}", problem.describe()),
                );
            }
            if let Some(bad) = note
                .classification
                .as_ref()
                .filter(|m| m.canonical.is_none())
            {
                let bad = &bad.text;
                sink.push(
                    file,
                    note.classification.as_ref().map_or(def.text_span.clone(), |m| m.span.clone()),
                    Code::SourceClassification,
                    format!(
                        "`{bad}` is not a classification marking; use one of Top Secret, Secret, Confidential, Limited Official Use, Unclassified, No classification marking"
                    ),
                );
            }
        }
        for doc in &facts.documents {
            let sources: Vec<_> = facts
                .footnotes_in(doc.scope)
                .filter(|f| f.source.is_some())
                .collect();
            for (i, def) in sources.iter().enumerate() {
                if i > 0 {
                    sink.push(
                        file,
                        def.label_span.clone(),
                        Code::SourceNotFirst,
                        format!(
                            "Document {} has a second source note (footnote {}); a document has one",
                            doc.number, def.label
                        ),
                    );
                } else if !matches!(def.label.as_str(), "1" | UNNUMBERED_SOURCE) {
                    sink.push(
                        file,
                        def.label_span.clone(),
                        Code::SourceNotFirst,
                        format!(
                            "the source note of Document {} is footnote {}; it should be footnote 1 (or 0, outside the numbering)",
                            doc.number, def.label
                        ),
                    );
                }
            }
        }
    }
}
