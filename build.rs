//! Regenerates include/nethttp.h from src/ffi with cbindgen.

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    let dir = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let config =
        cbindgen::Config::from_file(format!("{dir}/cbindgen.toml")).expect("cbindgen.toml");
    match cbindgen::Builder::new()
        .with_crate(&dir)
        .with_config(config)
        .generate()
    {
        Ok(b) => {
            b.write_to_file(format!("{dir}/include/nethttp.h"));
        }
        Err(e) => {
            // A Rust syntax error is reported by rustc itself with better context.
            println!("cargo:warning=cbindgen could not generate the header: {e}");
        }
    }
}
