//! The stylesheet and images under `/static`, read once at start and served
//! from memory: Rocket's `FileServer` reads each file through the blocking
//! thread pool 4 KiB at a time, which made the 15 KiB stylesheet slower
//! than a page rendered from a template.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use rocket::http::{ContentType, Method, Status};
use rocket::route::{Handler, Outcome, Route};
use rocket::{Data, Request, Response};

/// Each file's type and bytes, by its path relative to the folder.
type Files = HashMap<String, (ContentType, Arc<[u8]>)>;

/// Every file of a folder, by its path relative to it (`css/passerelles.css`).
#[derive(Clone)]
pub struct StaticFiles {
    files: Arc<Files>,
}

impl StaticFiles {
    /// Reads every file under `dir` (none if it does not exist).
    pub fn load(dir: impl AsRef<Path>) -> StaticFiles {
        let mut files = HashMap::new();
        let root = dir.as_ref();
        let mut folders = vec![root.to_path_buf()];
        while let Some(folder) = folders.pop() {
            let Ok(entries) = std::fs::read_dir(&folder) else {
                log::warn!(
                    "dossier des fichiers statiques illisible : {}",
                    folder.display()
                );
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let (Ok(relative), Ok(bytes)) = (path.strip_prefix(root), std::fs::read(&path))
                else {
                    continue;
                };
                let key = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let kind = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .and_then(ContentType::from_extension)
                    .unwrap_or(ContentType::Binary);
                files.insert(key, (kind, Arc::from(bytes)));
            }
        }
        StaticFiles {
            files: Arc::new(files),
        }
    }
}

impl From<StaticFiles> for Vec<Route> {
    fn from(files: StaticFiles) -> Vec<Route> {
        vec![Route::ranked(20, Method::Get, "/<path..>", files)]
    }
}

#[rocket::async_trait]
impl Handler for StaticFiles {
    async fn handle<'r>(&self, request: &'r Request<'_>, data: Data<'r>) -> Outcome<'r> {
        let key = request.routed_segments(0..).collect::<Vec<_>>().join("/");
        match self.files.get(&key) {
            Some((kind, bytes)) => {
                let response = Response::build()
                    .header(kind.clone())
                    .sized_body(bytes.len(), Cursor::new(bytes.clone()))
                    .finalize();
                Outcome::Success(response)
            }
            None => Outcome::Forward((data, Status::NotFound)),
        }
    }
}
