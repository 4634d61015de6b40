//! `unknown-reference`: `after`, `lead`, `support`, `system`, `owner`,
//! `vendor` or `source` names nothing.
//!
//! References are resolved once every file of the plan is read (see
//! `src/load/resolve.rs`), so an entry may name one defined in another
//! included file; what names nothing is recorded there
//! ([`Unresolved::Reference`], with the closest id) and reported here, at
//! the reference. When a file of the plan could not be parsed, its entries
//! are missing and references are not reported: the `toml-syntax` errors
//! come first.

use crate::diag::Finding;
use crate::load::Unresolved;
use crate::model::Plan;
use crate::rules::Rule;
use std::borrow::Cow;

pub fn check(plan: &Plan, unresolved: &[Unresolved], out: &mut Vec<Finding>) {
    for u in unresolved {
        let Unresolved::Reference { what, who, key, id, at, target, closest } = u else { continue };
        let help = match closest {
            Some(c) => crate::t!("rule.unknown-reference.did-you-mean", id = c),
            None => crate::t!("rule.unknown-reference.help", target = noun_a(target), id = id),
        };
        let target_noun = noun(target);
        let mut f = Finding::new(
            Rule::UnknownReference,
            Some(*at),
            crate::t!("rule.unknown-reference.message", what = noun(what), who = who, key = key, id = id, target = target_noun),
        )
        .subject(who.clone())
        .label(crate::t!("rule.unknown-reference.label", target = target_noun, id = id))
        .help(help);
        // A task's finding can be waived by that task.
        if *what == "task" {
            f.task = plan.ids.tasks.get(who.as_str()).map(|t| t.0);
        }
        out.push(f);
    }
}

/// What a finding calls a kind of entry the loader names (`task`, `org`,
/// `[[source]]`, …), in the current language; an unknown one as it is.
pub(crate) fn noun(kind: &str) -> Cow<'static, str> {
    match kind {
        "task" => crate::t!("rule.noun.task"),
        "org" => crate::t!("rule.noun.org"),
        "system" => crate::t!("rule.noun.system"),
        "unit" => crate::t!("rule.noun.unit"),
        "source" => crate::t!("rule.noun.source"),
        "[[source]]" => crate::t!("rule.noun.source-table"),
        "calendar" => crate::t!("rule.noun.calendar"),
        "plan" => crate::t!("rule.noun.plan"),
        "holiday" => crate::t!("rule.noun.holiday"),
        other => Cow::Owned(other.to_string()),
    }
}

/// The same noun after "define": with its article in English (`an org`).
fn noun_a(kind: &str) -> Cow<'static, str> {
    match kind {
        "task" => crate::t!("rule.noun-a.task"),
        "org" => crate::t!("rule.noun-a.org"),
        "system" => crate::t!("rule.noun-a.system"),
        "unit" => crate::t!("rule.noun-a.unit"),
        "source" => crate::t!("rule.noun-a.source"),
        "[[source]]" => crate::t!("rule.noun-a.source-table"),
        "calendar" => crate::t!("rule.noun-a.calendar"),
        other => match crate::i18n::current() {
            crate::time::Lang::En => Cow::Owned(format!("a {other}")),
            crate::time::Lang::Vi => Cow::Owned(other.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use crate::load::{LoadOptions, load_bytes};
    use crate::rules::Rule;
    use std::path::Path;

    #[test]
    fn unknown_predecessor_gets_the_closest_id() {
        let text = "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2025-06-12\"\ncutover = \"24:00 30/6/2025\"\n[org.skhcn]\nname = \"A\"\n\
                    [[task]]\nid = \"qlvb.units\"\ntitle = \"X\"\nlead = \"skhnc\"\ndue = \"1/7/2025\"\n\
                    [[task]]\nid = \"b\"\ntitle = \"Y\"\nlead = \"skhcn\"\ndue = \"1/7/2025\"\nafter = [\"qlvb.unit\"]\n";
        let l = load_bytes(Path::new("p.toml"), text.into(), &LoadOptions::default());
        let refs: Vec<_> = crate::context::check_loaded(Path::new("p.toml"), l)
            .findings
            .into_iter()
            .filter(|f| f.rule == Rule::UnknownReference)
            .collect();
        assert_eq!(refs.len(), 2, "{refs:?}");
        assert_eq!(refs[0].help.as_deref(), Some("did you mean `skhcn`?"));
        assert_eq!(refs[1].help.as_deref(), Some("did you mean `qlvb.units`?"));
        assert_eq!(refs[1].subject.as_deref(), Some("b"));
        assert_eq!(refs[1].task, Some(1));
    }
}
