//! Rebuilds the crate when a message catalogue under `locales/` changes
//! (`rust_i18n::i18n!` reads them at compile time).
fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=build.rs");
}
