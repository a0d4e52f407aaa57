//! Where content is read from: a folder on disk, or a tree of files held in memory (a draft in
//! the hub, checked and read without writing it out).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The files content is read from.
#[derive(Debug, Clone, Default)]
pub enum Tree {
    /// The file system; paths are as given.
    #[default]
    Disk,
    /// Files by their path relative to the content's root, which is the empty path.
    Memory(Arc<BTreeMap<PathBuf, Vec<u8>>>),
}

impl Tree {
    /// A tree in memory from `assets/…` and `locales/…` paths and their bytes; read it with the
    /// root `Path::new("")`.
    pub fn memory(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Tree {
        Tree::Memory(Arc::new(files.into_iter().map(|(path, bytes)| (PathBuf::from(path), bytes)).collect()))
    }

    /// A file's bytes.
    pub fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self {
            Tree::Disk => std::fs::read(path),
            Tree::Memory(files) => files.get(path).cloned().ok_or_else(|| not_found(path)),
        }
    }

    /// A file as UTF-8 text.
    pub fn read_to_string(&self, path: &Path) -> io::Result<String> {
        match self {
            Tree::Disk => std::fs::read_to_string(path),
            Tree::Memory(_) => String::from_utf8(self.read(path)?)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string())),
        }
    }

    /// The files and folders directly inside `dir`, sorted.
    pub fn entries(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let mut entries: Vec<PathBuf> = match self {
            Tree::Disk => std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Tree::Memory(files) => {
                let inside: Vec<PathBuf> = files
                    .keys()
                    .filter_map(|p| p.strip_prefix(dir).ok())
                    .filter_map(|rest| rest.components().next())
                    .map(|first| dir.join(first))
                    .collect();
                if inside.is_empty() {
                    return Err(not_found(dir));
                }
                inside
            }
        };
        entries.sort();
        entries.dedup();
        Ok(entries)
    }

    /// Whether `path` is a folder (in memory: a path that files are inside).
    pub fn is_dir(&self, path: &Path) -> bool {
        match self {
            Tree::Disk => path.is_dir(),
            Tree::Memory(files) => files.keys().any(|p| p != path && p.starts_with(path)),
        }
    }
}

fn not_found(path: &Path) -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, format!("{} is not in the content", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_in_memory_reads_like_a_folder() {
        let tree = Tree::memory([
            ("assets/services/a.toml".to_string(), b"id = \"a\"".to_vec()),
            ("assets/services/b.toml".to_string(), b"id = \"b\"".to_vec()),
            ("assets/languages.toml".to_string(), Vec::new()),
            ("locales/sv/ui.ftl".to_string(), b"x = y".to_vec()),
        ]);
        let root = Path::new("");
        let assets = root.join("assets");
        assert_eq!(
            tree.entries(&assets).unwrap(),
            [PathBuf::from("assets/languages.toml"), PathBuf::from("assets/services")]
        );
        assert_eq!(tree.entries(&assets.join("services")).unwrap().len(), 2);
        assert!(tree.is_dir(&root.join("locales").join("sv")));
        assert!(!tree.is_dir(&root.join("locales").join("nb")));
        assert!(!tree.is_dir(Path::new("locales/sv/ui.ftl")));
        assert_eq!(tree.read_to_string(Path::new("locales/sv/ui.ftl")).unwrap(), "x = y");
        assert_eq!(tree.entries(Path::new("assets/info")).unwrap_err().kind(), io::ErrorKind::NotFound);
        assert_eq!(tree.read(Path::new("assets/none.toml")).unwrap_err().kind(), io::ErrorKind::NotFound);
    }
}
