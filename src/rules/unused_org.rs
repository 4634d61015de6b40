//! `unused-org` (warning): an org that no task (as lead, support or gate
//! approver) and no system (as owner or vendor) names.

use crate::diag::Finding;
use crate::model::Plan;
use crate::rules::Rule;

pub fn check(plan: &Plan, out: &mut Vec<Finding>) {
    let mut used = vec![false; plan.orgs.len()];
    for t in &plan.tasks {
        for o in t.lead.iter().chain(&t.support).chain(t.gate().map_or(&[][..], |g| &g.approvers)) {
            used[o.ix()] = true;
        }
    }
    for s in &plan.systems {
        for o in s.owner.iter().chain(&s.vendor) {
            used[o.ix()] = true;
        }
    }
    for (o, used) in plan.orgs.iter().zip(used) {
        if !used {
            out.push(
                Finding::new(Rule::UnusedOrg, Some(o.span), crate::t!("rule.unused-org.message", org = o.id, name = o.name))
                    .subject(o.id.clone())
                    .label(crate::t!("rule.unused-org.label"))
                    .help(crate::t!("rule.unused-org.help")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::load::{LoadOptions, load_bytes};
    use std::path::Path;

    #[test]
    fn org_named_by_nothing() {
        let text = "[plan]\nid = \"p\"\ntitle = \"T\"\nstart = \"2025-06-12\"\ncutover = \"24:00 30/6/2025\"\n\
                    [org.a]\nname = \"A\"\n[org.b]\nname = \"B\"\n[org.c]\nname = \"C\"\n[system.s]\nname = \"S\"\nowner = \"c\"\n\
                    [[task]]\nid = \"y\"\ntitle = \"Y\"\nlead = \"a\"\ndue = \"1/7/2025\"\n";
        let l = load_bytes(Path::new("p.toml"), text.into(), &LoadOptions::default());
        let mut out = Vec::new();
        super::check(&l.plan, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].subject.as_deref(), Some("b"));
    }
}
