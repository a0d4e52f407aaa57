//! The bridge's ledger (SQLite): which (request, round) has which package, and how far it got.
//! All of the bridge's SQL is here.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};
use torget_common::sqlite::{StoreError, now_ms, open_database};

const MIGRATIONS: &[(&str, &str)] = &[("0001_ledger", include_str!("../migrations/0001_ledger.sql"))];

/// How far a package got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Written whole in the staging folder, not yet moved to the outgoing folder.
    Staged,
    /// In the outgoing folder.
    Delivered,
}

pub struct Ledger {
    conn: Connection,
}

impl Ledger {
    pub fn open(path: &Path) -> Result<Ledger, StoreError> {
        Ok(Ledger { conn: open_database(path, MIGRATIONS)? })
    }

    /// The package of a request's round, if one was made: its name, stage and fingerprint.
    pub fn package(&self, id: &str, round: i64) -> Result<Option<(String, Stage, String)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT name, state, sha256 FROM packages WHERE request_id = ?1 AND round = ?2",
                params![id, round],
                |r| {
                    let state: String = r.get(1)?;
                    Ok((r.get(0)?, if state == "staged" { Stage::Staged } else { Stage::Delivered }, r.get(2)?))
                },
            )
            .optional()?)
    }

    pub fn staged(&mut self, id: &str, round: i64, name: &str, sha256: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO packages (request_id, round, name, state, sha256, made_ms) VALUES (?1, ?2, ?3, 'staged', ?4, ?5)",
            params![id, round, name, sha256, now_ms()],
        )?;
        Ok(())
    }

    pub fn delivered(&mut self, id: &str, round: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE packages SET state = 'delivered' WHERE request_id = ?1 AND round = ?2",
            params![id, round],
        )?;
        Ok(())
    }

    /// Packages delivered whose hub has not yet said it knows.
    pub fn untold(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT request_id, round FROM packages WHERE state = 'delivered' AND told_hub = 0 ORDER BY made_ms LIMIT 500",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn told(&mut self, items: &[(String, i64)]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for (id, round) in items {
            tx.execute("UPDATE packages SET told_hub = 1 WHERE request_id = ?1 AND round = ?2", params![id, round])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The request and round a package name belongs to.
    pub fn by_name(&self, name: &str) -> Result<Option<(String, i64)>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT request_id, round FROM packages WHERE name = ?1", [name], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Every package, for tests and the operator: (request, round, name, delivered).
    pub fn all(&self) -> Result<Vec<(String, i64, String, bool)>, StoreError> {
        let mut stmt =
            self.conn.prepare("SELECT request_id, round, name, state FROM packages ORDER BY request_id, round")?;
        let rows = stmt.query_map([], |r| {
            let state: String = r.get(3)?;
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, state == "delivered"))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
