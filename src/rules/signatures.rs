//! signed-name: the closing signature of a document or attachment as
//! FRUS's Schematron checks `closer/signed` (frus-signatures.sch S4, S7–S10).

use super::wording::Wording;
use super::{Code, Edit, Fix, Sink};
use crate::facts::{Signature, SignatureProblemKind};
use crate::hash::Map;
use crate::index::Workspace;

pub(super) fn check(ws: &Workspace, volume: usize, sink: &mut Sink) {
    let v = &ws.volumes[volume];
    // Built when a signature without a name needs it.
    let mut names: Option<Map<String, Vec<String>>> = None;
    for &file in &v.files {
        let say = Wording::of(&ws.files[file]);
        for sig in &ws.files[file].facts.signatures {
            if !sig.named {
                let names = names.get_or_insert_with(|| register_names(ws, volume));
                unnamed(file, say, sig, names, sink);
            }
            for p in &sig.problems {
                let message = match p.kind {
                    SignatureProblemKind::TextAfter => format!(
                        "`{}` after the name {} in the signature is neither punctuation nor italics; keep the signature to the name, or set a title in italics",
                        p.text, p.id
                    ),
                    SignatureProblemKind::TextBefore => format!(
                        "`{}` before the name {} in the signature is not part of the mention; take it into the mention, `{}`, or out of the signature",
                        p.text,
                        p.id,
                        say.mention(&format!("{} …", p.text), &p.id, true)
                    ),
                    SignatureProblemKind::ItalicsAfter if say.is_tei() && p.text.is_empty() => format!(
                        "a line break after the name {} in the signature with no italic title after it; FRUS sets `<lb/>` only before a title in italics",
                        p.id
                    ),
                    SignatureProblemKind::ItalicsAfter if say.is_tei() => format!(
                        "italics `{}` after the name {} in the signature with no `<lb/>` before them; FRUS sets a signer's title on a line of its own",
                        p.text, p.id
                    ),
                    SignatureProblemKind::ItalicsAfter => format!(
                        "italics `{}` after the name {} in the signature: FRUS sets a signer's title on a line of its own, which the markup cannot write; keep only the name in the signature",
                        p.text, p.id
                    ),
                    SignatureProblemKind::SecondName if say.is_tei() => format!(
                        "a second name, {}, in the signature; FRUS writes one person per signature: make the signers a list, or give `signed` the `@ana` `#signed-exception_multiple-consecutive-persnames`",
                        p.id
                    ),
                    SignatureProblemKind::SecondName => format!(
                        "a second name, {}, in the signature; FRUS writes one person per signature: give each signer a signature paragraph of their own",
                        p.id
                    ),
                };
                sink.push(file, p.span.clone(), Code::SignedName, message);
            }
        }
    }
}

/// S4: a signature that tags no person.
fn unnamed(
    file: usize,
    say: Wording,
    sig: &Signature,
    names: &Map<String, Vec<String>>,
    sink: &mut Sink,
) {
    let found = names.get(sig.text.as_str()).filter(|ids| ids.len() == 1);
    let message = match found {
        Some(ids) => format!(
            "the signature `{}` names no person; tag it as a mention of {}, `{}`",
            sig.text,
            ids[0],
            say.mention(&sig.text, &ids[0], true)
        ),
        None => format!(
            "the signature `{}` names no person; tag the signer as a mention of the persons register, `{}`",
            sig.text,
            say.mention(&sig.text, "ID", true)
        ),
    };
    match (found, &sig.bare) {
        (Some(ids), Some(bare)) => sink.push_fixed(
            file,
            sig.span.clone(),
            Code::SignedName,
            message,
            Fix {
                title: format!("Tag `{}` as {}", sig.text, ids[0]),
                edits: {
                    let (open, close) = say.mention_tags(&ids[0], true);
                    vec![
                        Edit {
                            span: bare.start..bare.start,
                            new_text: open,
                        },
                        Edit {
                            span: bare.end..bare.end,
                            new_text: close,
                        },
                    ]
                },
            },
        ),
        _ => sink.push(file, sig.span.clone(), Code::SignedName, message),
    }
}

/// The names of the volume's person entries, as printed in the register
/// (`Rusk, Dean`) and given names first (`Dean Rusk`; `Llewellyn E.
/// Thompson, Jr.` for `Thompson, Llewellyn E., Jr.`), with their ids.
fn register_names(ws: &Workspace, volume: usize) -> Map<String, Vec<String>> {
    let mut out: Map<String, Vec<String>> = Map::default();
    for &file in &ws.volumes[volume].files {
        for e in &ws.files[file].facts.persons {
            let Some(name) = e.name.as_deref().map(str::trim) else {
                continue;
            };
            let mut forms = vec![name.to_string()];
            if let Some((surname, given)) = name.split_once(", ") {
                match given.split_once(", ") {
                    Some((given, suffix)) => forms.push(format!("{given} {surname}, {suffix}")),
                    None => forms.push(format!("{given} {surname}")),
                }
            }
            for form in forms {
                let ids = out.entry(form).or_default();
                if !ids.iter().any(|id| *id == e.id) {
                    ids.push(e.id.to_string());
                }
            }
        }
    }
    out
}
