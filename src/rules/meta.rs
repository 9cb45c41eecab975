//! meta-unknown-key, volume-no-id, volume-duplicate-id, volume-unknown-id.

use super::{Code, Sink};
use crate::facts::{volume_id, IN_PREPARATION, KNOWN_METADATA_KEYS};
use crate::index::Workspace;

pub(super) fn check(ws: &Workspace, volume: usize, sink: &mut Sink) {
    let v = &ws.volumes[volume];
    for &file in &v.files {
        for m in &ws.files[file].facts.metadata {
            if KNOWN_METADATA_KEYS.contains(&m.key.as_str()) {
                continue;
            }
            let close = crate::suggest::closest(&m.key, KNOWN_METADATA_KEYS.iter().copied(), 1);
            let hint = close
                .first()
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_else(|| format!("; known keys are {}", KNOWN_METADATA_KEYS.join(", ")));
            sink.push(
                file,
                m.key_span.clone(),
                Code::MetaUnknownKey,
                format!("unknown metadata key `{}`{hint}", m.key),
            );
        }
    }

    let Some(vf) = v.volume_file else { return };
    let facts = &ws.files[vf].facts;
    match facts.volume_line() {
        None => {
            let span = facts
                .divisions
                .first()
                .map_or(0..0, |d| d.heading_span.clone());
            sink.push(
                vf,
                span,
                Code::VolumeNoId,
                "volume.emd has no `Volume:` line; add one after the heading, e.g. `Volume: frus1964-68v03`",
            );
        }
        Some(m) => {
            let id = m.value.trim();
            // References name a volume by its id: two folders with one id
            // make every reference to it ambiguous.
            let others: Vec<String> = ws
                .volumes
                .iter()
                .enumerate()
                .filter(|(i, o)| *i != volume && !o.implicit && o.id == v.id)
                .map(|(_, o)| format!("`{}`", o.root.display()))
                .collect();
            if !v.id.is_empty() && !others.is_empty() {
                sink.push(
                    vf,
                    m.value_span.clone(),
                    Code::VolumeDuplicateId,
                    format!(
                        "volume id `{id}` is also the id of {}; references to it cannot tell the volumes apart: give each volume its own id",
                        others.join(", ")
                    ),
                );
            }
            let in_preparation = facts
                .metadata
                .iter()
                .any(|m| m.key == "Status" && m.value.trim().eq_ignore_ascii_case(IN_PREPARATION));
            if volume_id::has_frus_form(id) && !volume_id::is_published(id) && !in_preparation {
                let close = crate::suggest::closest(id, volume_id::published().iter().copied(), 1);
                let hint = close
                    .first()
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default();
                sink.push(
                    vf,
                    m.value_span.clone(),
                    Code::VolumeUnknownId,
                    format!(
                        "`{id}` is not the id of a published FRUS volume; {hint}for a volume not yet published, add `Status: {IN_PREPARATION}` after `Volume:`"
                    ),
                );
            }
            if !volume_id::has_frus_form(id) {
                sink.push(
                    vf,
                    m.value_span.clone(),
                    Code::VolumeNoId,
                    format!(
                        "`{id}` is not a volume id of the FRUS form (`frus` + years + volume, e.g. `frus1964-68v03`)"
                    ),
                );
            }
        }
    }
}
