//! source-unknown-archive: a repository or collection that no known path
//! has but that is close to a known one, with the correction as its fix.
//! The finding and its fix are computed in [`crate::rules::archive_fix`].

use super::archive_fix as fix;
use super::{Code, Fix, Sink};
use crate::index::Authority;
use crate::index::Workspace;

pub(super) fn check(ws: &Workspace, file: usize, authority: &Authority, sink: &mut Sink) {
    {
        for found in fix::fixes(ws, authority, file) {
            let message = found.finding.message();
            let fix = Fix {
                title: found.title,
                edits: vec![found.edit],
            };
            sink.push_fixed(
                file,
                found.finding.span,
                Code::SourceUnknownArchive,
                message,
                fix,
            );
        }
    }
}
