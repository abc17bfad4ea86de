//! The dashboard's and the site runtime's build folders must exist when this crate compiles: in debug builds
//! rust-embed reads the files from disk later, but only below the folder's canonical path,
//! which it can work out only if the folder is there. (A `vite build` fills it afterwards.)
fn main() {
    std::fs::create_dir_all("../../web/app/dist").expect("creating web/app/dist");
    std::fs::create_dir_all("../../web/site-runtime/dist").expect("creating web/site-runtime/dist");
    println!("cargo:rerun-if-changed=build.rs");
}
