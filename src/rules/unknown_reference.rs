//! `unknown-reference`: `after`, `lead`, `support`, `system`, `owner`,
//! `vendor` or `source` names nothing.
//!
//! References are resolved once every file of the plan is read (see
//! `load::Resolver::lookup`), so an entry may name one defined in another
//! included file. The finding stands at the reference and suggests the closest
//! id. When a file of the plan could not be parsed, its entries are missing
//! and references are not reported: the `toml-syntax` errors come first.

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
        let refs: Vec<_> = l.findings.iter().filter(|f| f.rule == Rule::UnknownReference).collect();
        assert_eq!(refs.len(), 2, "{refs:?}");
        assert_eq!(refs[0].help.as_deref(), Some("did you mean `skhcn`?"));
        assert_eq!(refs[1].help.as_deref(), Some("did you mean `qlvb.units`?"));
        assert_eq!(refs[1].subject.as_deref(), Some("b"));
        assert_eq!(refs[1].task, Some(1));
    }
}
