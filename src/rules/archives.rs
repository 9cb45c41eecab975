//! source-unknown-archive: a repository or collection that no known path
//! has but that is close to a known one. The finding and its fix are
//! computed in [`crate::citations::fix`], shared with the language server.

use super::{Code, Sink};
use crate::citations::{fix, Authority};
use crate::index::Workspace;

pub(super) fn check(ws: &Workspace, volume: usize, authority: &Authority, sink: &mut Sink) {
    for &file in &ws.volumes[volume].files {
        for finding in fix::unknown_archives(ws, authority, file) {
            sink.push(
                file,
                finding.span.clone(),
                Code::SourceUnknownArchive,
                finding.message(),
            );
        }
    }
}
