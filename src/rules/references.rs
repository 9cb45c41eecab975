//! ref-unknown-document, ref-unknown-footnote, ref-unknown-volume,
//! ref-outside-workspace, ref-placeholder, ref-lowercase.

use super::{Code, Sink};
use crate::facts::{DocKey, Target};
use crate::index::{Resolution, Workspace};

pub(super) fn check(ws: &Workspace, file: usize, sink: &mut Sink) {
    {
        for r in &ws.files[file].facts.references {
            if r.lowercase {
                sink.push(
                    file,
                    r.span.clone(),
                    Code::RefLowercase,
                    "house style capitalizes `Document` in references",
                );
            }
            // A natural phrase names its volume once, in its own citation;
            // the documents inside it are not told about the volume again.
            let volume_reported_elsewhere = !r.explicit
                && matches!(
                    &r.target,
                    Target::Document {
                        volume: Some(_),
                        ..
                    } | Target::Footnote {
                        volume: Some(_),
                        ..
                    }
                );
            match ws.resolve(file, r) {
                Resolution::Document(_)
                | Resolution::Footnote(_)
                | Resolution::Page(_)
                | Resolution::Volume(_) => {}
                Resolution::UnknownPage { volume, page } => sink.push(
                    file,
                    r.span.clone(),
                    Code::RefUnknownPage,
                    format!("page {page} is not in volume {volume}"),
                ),
                Resolution::Placeholder => {
                    let what = match &r.target {
                        Target::Placeholder { what } => what.clone(),
                        _ => String::new().into(),
                    };
                    sink.push(
                        file,
                        r.span.clone(),
                        Code::RefPlaceholder,
                        format!("unfinished reference `{what}`: fill in the number"),
                    );
                }
                Resolution::OutsideWorkspace(id) if !volume_reported_elsewhere => sink.push(
                    file,
                    r.span.clone(),
                    Code::RefOutsideWorkspace,
                    format!("volume {id} is not in the workspace; the reference cannot be checked"),
                ),
                Resolution::UnknownVolume(id) if !volume_reported_elsewhere => {
                    let close = crate::suggest::closest(
                        &id,
                        crate::facts::volume_id::published().iter().copied(),
                        1,
                    );
                    let hint = close
                        .first()
                        .map(|c| format!("; did you mean {c}?"))
                        .unwrap_or_default();
                    sink.push(
                        file,
                        r.span.clone(),
                        Code::RefUnknownVolume,
                        format!("{id} is not a volume of this workspace nor a published FRUS volume{hint}"),
                    )
                }
                Resolution::OutsideWorkspace(_) | Resolution::UnknownVolume(_) => {}
                Resolution::UnknownDocument { volume, document } => {
                    // `footnote 6, Document 236` also names the document on
                    // its own; report the missing document there only.
                    if matches!(r.target, Target::Footnote { .. }) && !r.explicit {
                        continue;
                    }
                    let what = match &document {
                        DocKey::Number(n) => format!("Document {n}"),
                        DocKey::Id(id) => format!("Document `{id}`"),
                    };
                    sink.push(
                        file,
                        r.span.clone(),
                        Code::RefUnknownDocument,
                        format!("{what} is not in volume {volume}"),
                    );
                }
                Resolution::UnknownFootnote {
                    document_name,
                    footnote,
                    ..
                } => sink.push(
                    file,
                    r.span.clone(),
                    Code::RefUnknownFootnote,
                    format!("{document_name} has no footnote {footnote}"),
                ),
            }
        }
    }
}
