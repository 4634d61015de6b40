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

pub fn check(plan: &Plan, unresolved: &[Unresolved], out: &mut Vec<Finding>) {
    for u in unresolved {
        let Unresolved::Reference { what, who, key, id, at, target, closest } = u else { continue };
        let help = match closest {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("define {} `{id}`, or correct the id", article(target)),
        };
        let mut f =
            Finding::new(Rule::UnknownReference, Some(*at), format!("{what} `{who}`: `{key}` names `{id}`, but no {target} has that id"))
                .subject(who.clone())
                .label(format!("no {target} `{id}`"))
                .help(help);
        // A task's finding can be waived by that task.
        if *what == "task" {
            f.task = plan.ids.tasks.get(who.as_str()).map(|t| t.0);
        }
        out.push(f);
    }
}

fn article(target: &str) -> String {
    match target {
        "org" => "an org".into(),
        other => format!("a {other}"),
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
