//! `duplicate-id`: two tasks, orgs, systems, units or sources with the same id.
//!
//! Ids are compared after NFC normalisation, so `sở` written precomposed and
//! decomposed are the same id. The loader keeps the first entry of each id
//! while it builds the id maps and records every later one
//! ([`Unresolved::Duplicate`]); this rule reports each at its id, with the
//! first as a related place.

use crate::diag::Finding;
use crate::load::Unresolved;
use crate::rules::Rule;

pub fn check(unresolved: &[Unresolved], out: &mut Vec<Finding>) {
    for u in unresolved {
        if let Unresolved::Duplicate { kind, id, at, first } = u {
            let kind = super::unknown_reference::noun(kind);
            out.push(
                Finding::new(Rule::DuplicateId, Some(*at), crate::t!("rule.duplicate-id.message", kind = kind, id = id))
                    .subject(id.clone())
                    .label(crate::t!("rule.duplicate-id.label", kind = kind, id = id))
                    .related(*first, crate::t!("rule.duplicate-id.related"))
                    .help(crate::t!("rule.duplicate-id.help", kind = kind)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::load::{LoadOptions, load_bytes};
    use crate::rules::Rule;
    use std::path::Path;

    #[test]
    fn second_task_with_an_id_is_reported_with_the_first() {
        let text = "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2025-06-12\"\ncutover = \"24:00 30/6/2025\"\n[org.a]\nname = \"A\"\n\
                    [[task]]\nid = \"x\"\ntitle = \"X\"\nlead = \"a\"\ndue = \"1/7/2025\"\n[[task]]\nid = \"x\"\ntitle = \"Y\"\nlead = \"a\"\ndue = \"1/7/2025\"\n";
        let l = crate::context::check_loaded(Path::new("p.toml"), load_bytes(Path::new("p.toml"), text.into(), &LoadOptions::default()));
        let dups: Vec<_> = l.findings.iter().filter(|f| f.rule == Rule::DuplicateId).collect();
        assert_eq!(dups.len(), 1);
        assert_eq!(dups[0].subject.as_deref(), Some("x"));
        assert_eq!(dups[0].related.len(), 1);
        assert_eq!(l.plan.tasks.len(), 1, "the duplicate is not kept");
        assert_eq!(l.plan.tasks[0].title, "X");
    }
}
