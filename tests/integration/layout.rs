//! The shape of the code, checked like behaviour: HTTP handlers stay free of
//! SQL (no file under a section's `routes/` names `crate::schema`).

use std::fs;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// A file's code without `//` comments and without its test module.
fn code_of(path: &Path) -> String {
    let text = fs::read_to_string(path).expect("a readable source file");
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn routes_do_not_touch_the_schema() {
    let mut offenders = Vec::new();
    let mut checked = 0;
    for section in fs::read_dir(src()).expect("src/").flatten() {
        let routes_dir = section.path().join("routes");
        let routes_file = section.path().join("routes.rs");
        let mut files = rust_files(&routes_dir);
        if routes_file.is_file() {
            files.push(routes_file);
        }
        for file in files {
            checked += 1;
            let code = code_of(&file);
            if code.contains("crate::schema") || code.contains("schema::") {
                offenders.push(file.display().to_string());
            }
        }
    }
    assert!(checked > 20, "the walk found only {checked} route files");
    assert!(
        offenders.is_empty(),
        "route files must call queries or domain functions, not build SQL: {offenders:?}"
    );
}
