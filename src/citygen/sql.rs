//! Batched inserts as plain SQL text, the same on both backends: many rows
//! per statement, explicit ids (so rows can point at each other without
//! reading them back), literals escaped here.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::AnyConnection;

/// Rows per INSERT statement.
const BATCH: usize = 500;

/// One SQL literal.
#[derive(Debug, Clone)]
pub enum V {
    Int(i64),
    Text(String),
    Null,
    Bool(bool),
    At(NaiveDateTime),
    Day(NaiveDate),
}

impl From<i32> for V {
    fn from(v: i32) -> V {
        V::Int(v.into())
    }
}
impl From<i64> for V {
    fn from(v: i64) -> V {
        V::Int(v)
    }
}
impl From<usize> for V {
    fn from(v: usize) -> V {
        V::Int(v as i64)
    }
}
impl From<&str> for V {
    fn from(v: &str) -> V {
        V::Text(v.to_string())
    }
}
impl From<String> for V {
    fn from(v: String) -> V {
        V::Text(v)
    }
}
impl From<&String> for V {
    fn from(v: &String) -> V {
        V::Text(v.clone())
    }
}
impl From<bool> for V {
    fn from(v: bool) -> V {
        V::Bool(v)
    }
}
impl From<NaiveDateTime> for V {
    fn from(v: NaiveDateTime) -> V {
        V::At(v)
    }
}
impl From<NaiveDate> for V {
    fn from(v: NaiveDate) -> V {
        V::Day(v)
    }
}
impl<T: Into<V>> From<Option<T>> for V {
    fn from(v: Option<T>) -> V {
        v.map_or(V::Null, Into::into)
    }
}

impl V {
    fn render(&self, out: &mut String) {
        use std::fmt::Write;
        match self {
            V::Int(i) => {
                let _ = write!(out, "{i}");
            }
            V::Text(s) => {
                out.push('\'');
                for c in s.chars().filter(|c| *c != '\0') {
                    if c == '\'' {
                        out.push('\'');
                    }
                    out.push(c);
                }
                out.push('\'');
            }
            V::Null => out.push_str("NULL"),
            V::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
            // Whole seconds, written as Diesel writes them on SQLite, so
            // that text comparisons there order them right.
            V::At(t) => {
                let _ = write!(out, "'{}'", t.format("%Y-%m-%d %H:%M:%S"));
            }
            V::Day(d) => {
                let _ = write!(out, "'{}'", d.format("%Y-%m-%d"));
            }
        }
    }
}

/// Accumulates rows for every table and writes them in batches.
pub struct Writer {
    postgres: bool,
    pending: BTreeMap<&'static str, (Vec<&'static str>, String, usize)>,
    /// Tables in the order their first row came: a row only points at rows
    /// of tables queued before its own, so flushing in this order keeps
    /// every foreign key satisfied.
    order: Vec<&'static str>,
    /// Rows written per table.
    pub written: BTreeMap<&'static str, usize>,
    next_ids: BTreeMap<&'static str, i32>,
}

#[derive(QueryableByName)]
struct Max {
    #[diesel(sql_type = BigInt)]
    value: i64,
}

impl Writer {
    pub fn new(conn: &AnyConnection) -> Writer {
        Writer {
            postgres: matches!(conn, AnyConnection::Postgresql(_)),
            pending: BTreeMap::new(),
            order: Vec::new(),
            written: BTreeMap::new(),
            next_ids: BTreeMap::new(),
        }
    }

    /// The next id of `table` (rows already there are kept).
    pub fn next_id(&mut self, conn: &mut AnyConnection, table: &'static str) -> QueryResult<i32> {
        if !self.next_ids.contains_key(table) {
            let max = diesel::sql_query(format!(
                "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS value FROM {table}"
            ))
            .get_result::<Max>(conn)?
            .value;
            self.next_ids.insert(table, max as i32 + 1);
        }
        let id = self.next_ids[table];
        self.next_ids.insert(table, id + 1);
        Ok(id)
    }

    /// Queues one row of `table` (columns in the order of `values`).
    pub fn row(
        &mut self,
        conn: &mut AnyConnection,
        table: &'static str,
        columns: &[&'static str],
        values: &[V],
    ) -> QueryResult<()> {
        debug_assert_eq!(columns.len(), values.len());
        if !self.order.contains(&table) {
            self.order.push(table);
        }
        let entry = self
            .pending
            .entry(table)
            .or_insert_with(|| (columns.to_vec(), String::new(), 0));
        let (_, text, count) = entry;
        text.push_str(if *count == 0 { "(" } else { ",\n(" });
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            value.render(text);
        }
        text.push(')');
        *count += 1;
        if *count >= BATCH {
            let upto = self.order.iter().position(|t| *t == table).unwrap_or(0);
            for earlier in self.order.clone().into_iter().take(upto + 1) {
                self.flush_table(conn, earlier)?;
            }
        }
        Ok(())
    }

    fn flush_table(&mut self, conn: &mut AnyConnection, table: &'static str) -> QueryResult<()> {
        let Some((columns, text, count)) = self.pending.get_mut(table) else {
            return Ok(());
        };
        if *count == 0 {
            return Ok(());
        }
        let overriding = if self.postgres && columns.first() == Some(&"id") && table != "sessions" {
            " OVERRIDING SYSTEM VALUE"
        } else {
            ""
        };
        let sql = format!(
            "INSERT INTO {table} ({}){overriding} VALUES {text}",
            columns.join(", ")
        );
        *self.written.entry(table).or_insert(0) += *count;
        text.clear();
        *count = 0;
        conn.batch_execute(&sql)
    }

    /// Writes every queued row, then moves PostgreSQL's identity sequences
    /// past the ids given here.
    pub fn finish(&mut self, conn: &mut AnyConnection) -> QueryResult<()> {
        for table in self.order.clone() {
            self.flush_table(conn, table)?;
        }
        if self.postgres {
            for table in self.next_ids.keys() {
                conn.batch_execute(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                ))?;
            }
        }
        Ok(())
    }
}
