//! The shape of the code, checked like behaviour: HTTP handlers stay free of
//! SQL (no file under a section's `routes/` names `crate::schema`), and the
//! top-level modules of `src/` never depend on each other in a circle.

use std::collections::{BTreeMap, BTreeSet};
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

/// The top-level modules (`src/<name>.rs` or `src/<name>/`), without the crate roots.
fn top_modules() -> BTreeSet<String> {
    fs::read_dir(src())
        .expect("src/")
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let name = name.strip_suffix(".rs").map(str::to_string).unwrap_or(name);
            (name != "lib" && name != "main").then_some(name)
        })
        .collect()
}

/// The top-level modules a piece of code names: `crate::x…` and each head of
/// `crate::{x…, y…}`.
fn named_modules(code: &str, tops: &BTreeSet<String>) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let heads: Vec<&str> = match rest.strip_prefix('{') {
            Some(group) => {
                let mut depth = 0;
                let end = group
                    .find(|c| {
                        match c {
                            '{' => depth += 1,
                            '}' if depth == 0 => return true,
                            '}' => depth -= 1,
                            _ => {}
                        }
                        false
                    })
                    .unwrap_or(group.len());
                let mut items = Vec::new();
                let (mut depth, mut start) = (0, 0);
                for (i, c) in group[..end].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            items.push(&group[start..i]);
                            start = i + 1;
                        }
                        _ => {}
                    }
                }
                items.push(&group[start..end]);
                items
            }
            None => vec![rest],
        };
        for head in heads {
            let name: String = head
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if tops.contains(&name) {
                named.insert(name);
            }
        }
    }
    named
}

/// A circle through `from`, if the graph has one reachable from it.
fn circle_from(
    from: &str,
    edges: &BTreeMap<String, BTreeSet<String>>,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(at) = path.iter().position(|m| m == from) {
        let mut circle = path[at..].to_vec();
        circle.push(from.to_string());
        return Some(circle);
    }
    if done.contains(from) {
        return None;
    }
    path.push(from.to_string());
    for next in edges.get(from).into_iter().flatten() {
        if let Some(circle) = circle_from(next, edges, path, done) {
            return Some(circle);
        }
    }
    path.pop();
    done.insert(from.to_string());
    None
}

#[test]
fn top_level_modules_form_no_circle() {
    let tops = top_modules();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for top in &tops {
        let dir = src().join(top);
        let mut files = rust_files(&dir);
        let file = src().join(format!("{top}.rs"));
        if file.is_file() {
            files.push(file);
        }
        for file in files {
            let mut named = named_modules(&code_of(&file), &tops);
            named.remove(top);
            edges.entry(top.clone()).or_default().extend(named);
        }
    }
    assert!(
        edges.values().map(BTreeSet::len).sum::<usize>() > 50,
        "the walk found too few dependencies: {edges:?}"
    );
    let mut done = BTreeSet::new();
    for top in &tops {
        if let Some(circle) = circle_from(top, &edges, &mut Vec::new(), &mut done) {
            panic!(
                "top-level modules depend on each other in a circle: {}",
                circle.join(" -> ")
            );
        }
    }
}
