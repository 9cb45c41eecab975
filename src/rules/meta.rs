//! meta-unknown-key, volume-no-id, volume-duplicate-id, volume-unknown-id.

use super::{Code, Sink};
use crate::facts::{volume_id, Span, IN_PREPARATION, KNOWN_METADATA_KEYS};
use crate::index::{Volume, Workspace};

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

    // Where the volume declares its id: the `Volume:` line of volume.emd,
    // or the root's `xml:id` of a TEI volume.
    let (vf, id, span, in_preparation) = match v.volume_file {
        Some(vf) => {
            let facts = &ws.files[vf].facts;
            let Some(m) = facts.volume_line() else {
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
                return;
            };
            let in_preparation = facts
                .metadata
                .iter()
                .any(|m| m.key == "Status" && m.value.trim().eq_ignore_ascii_case(IN_PREPARATION));
            (vf, m.value.trim(), m.value_span.clone(), in_preparation)
        }
        None => match tei_id(ws, v) {
            Some((f, id, span)) => (f, id.trim(), span.clone(), false),
            None => return,
        },
    };
    // References name a volume by its id: two volumes with one id make
    // every reference to it ambiguous.
    let others: Vec<String> = ws
        .volumes
        .iter()
        .enumerate()
        .filter(|(i, o)| *i != volume && (!o.implicit || tei_id(ws, o).is_some()) && o.id == v.id)
        .map(|(_, o)| format!("`{}`", o.root.display()))
        .collect();
    if !v.id.is_empty() && !others.is_empty() {
        sink.push(
            vf,
            span.clone(),
            Code::VolumeDuplicateId,
            format!(
                "volume id `{id}` is also the id of {}; references to it cannot tell the volumes apart: give each volume its own id",
                others.join(", ")
            ),
        );
    }
    if volume_id::has_frus_form(id) && !volume_id::is_published(id) && !in_preparation {
        let close = crate::suggest::closest(id, volume_id::published().iter().copied(), 1);
        let hint = close
            .first()
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        let preparing = if v.volume_file.is_some() {
            format!(
                "for a volume not yet published, add `Status: {IN_PREPARATION}` after `Volume:`"
            )
        } else {
            "FRUS's Schematron requires the id of a published volume".to_string()
        };
        sink.push(
            vf,
            span.clone(),
            Code::VolumeUnknownId,
            format!("`{id}` is not the id of a published FRUS volume; {hint}{preparing}"),
        );
    }
    if !volume_id::has_frus_form(id) {
        sink.push(
            vf,
            span,
            Code::VolumeNoId,
            format!(
                "`{id}` is not a volume id of the FRUS form (`frus` + years + volume, e.g. `frus1964-68v03`)"
            ),
        );
    }
}

/// The file of a TEI volume, its root's `xml:id` and where it stands.
fn tei_id<'w>(ws: &'w Workspace, v: &Volume) -> Option<(usize, &'w str, &'w Span)> {
    let f = v.tei_file(&ws.files)?;
    let (id, span) = ws.files[f].facts.tei_id.as_ref()?;
    Some((f, id.as_str(), span))
}
