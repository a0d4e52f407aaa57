//! What every Torget SQLite database shares, on the kiosk and on the hub: how a file is opened
//! (WAL, `synchronous=FULL`, `secure_delete=ON`, an integrity check, numbered migrations recorded in
//! `PRAGMA user_version`), how SQLite's errors are told apart, and the clock the stores keep.
//! The schemas and their SQL live in each side's own store module, never here.

use std::path::Path;

use rusqlite::{Connection, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the disk is full or the store has reached its size limit")]
    Full,
    #[error("the database file is damaged ({0})")]
    Corrupt(String),
    #[error("the database cannot be written ({0})")]
    ReadOnly(String),
    #[error("the database was made by a newer version of Torget (schema {found}, this version knows {known})")]
    TooNew { found: i64, known: i64 },
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::Full,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt(e.to_string()),
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                StoreError::ReadOnly(e.to_string())
            }
            _ => StoreError::Sql(e),
        }
    }
}

/// Opens a SQLite file the way every Torget database is opened: WAL, `synchronous=FULL`,
/// `secure_delete=ON`, a quick integrity check, then the migrations not yet applied.
/// Creates the database file readable by its owner only (0600) when it does not exist yet; SQLite
/// gives its `-wal` and `-shm` files the same mode.
fn create_private(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(StoreError::ReadOnly(format!("{}: {e}", path.display()))),
    }
}

pub fn open_database(path: &Path, migrations: &[(&str, &str)]) -> Result<Connection, StoreError> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::ReadOnly(format!("{}: {e}", dir.display())))?;
    }
    create_private(path)?;
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // journal_mode answers with a row; the others do not. Switching a new file to WAL needs a lock
    // that SQLite does not wait for (no busy handler): another process opening the same new file
    // at this moment makes it answer "busy", so it is tried again for as long as the busy timeout.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mode: String = loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)) {
            Err(e)
                if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            result => break result?,
        }
    };
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::ReadOnly(format!("cannot use write-ahead logging (journal mode is {mode})")));
    }
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON;")?;
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(StoreError::Corrupt(check));
    }
    let known = migrations.len() as i64;
    // The version is read under the write lock: two processes opening a new file at the same moment
    // (a hub's two instances, the kiosk and `torget status`) migrate it once, one after the other.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let found: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > known {
        return Err(StoreError::TooNew { found, known });
    }
    for (version, (_name, sql)) in migrations.iter().enumerate().skip(found as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version as i64 + 1)?;
    }
    tx.commit()?;
    Ok(conn)
}

/// Milliseconds since the Unix epoch, the time stamps the store and the audit log keep.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}
