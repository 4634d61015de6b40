//! What a token may record: an org's token the instances of the tasks its
//! org leads or supports (and the gates it approves, as that approver); a
//! commune's token its own unit's instances only; the coordinator anything.

use super::tokens::Scope;
use crate::graph::InstanceGraph;
use crate::model::{OrgIx, Plan, UnitIx};

/// A token's scope resolved against the plan being served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rights {
    Org(OrgIx),
    Unit(UnitIx),
    Coordinator,
    /// The org or unit is no longer in the plan: nothing.
    Nothing,
}

pub fn rights(plan: &Plan, scope: &Scope) -> Rights {
    match scope {
        Scope::Org(o) => plan.ids.orgs.get(crate::text::nfc(o).as_ref()).map_or(Rights::Nothing, |&o| Rights::Org(o)),
        Scope::Unit(u) => plan.ids.units.get(crate::text::nfc(u).as_ref()).map_or(Rights::Nothing, |&u| Rights::Unit(u)),
        Scope::Coordinator => Rights::Coordinator,
    }
}

/// May start, finish, block or reopen this instance.
pub fn may_mark(plan: &Plan, g: &InstanceGraph, r: Rights, inst: u32) -> bool {
    match r {
        Rights::Coordinator => true,
        Rights::Org(o) => plan.task(g.task_of[inst as usize]).involves(o),
        Rights::Unit(u) => g.unit_of(inst) == Some(u),
        Rights::Nothing => false,
    }
}

/// May decide on this gate instance as approver `org`: the coordinator for
/// any approver, an org for itself. A commune's token decides on no gate.
pub fn may_approve(r: Rights, org: OrgIx) -> bool {
    match r {
        Rights::Coordinator => true,
        Rights::Org(o) => o == org,
        Rights::Unit(_) | Rights::Nothing => false,
    }
}
