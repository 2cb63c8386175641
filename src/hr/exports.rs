//! Exports of every table: CSV (UTF-8 with BOM, `;` separator, dates
//! dd/mm/yyyy, the form French spreadsheets open directly) streamed in
//! chunks from a blocking thread through a channel, and XLSX
//! (rust_xlsxwriter) built on a blocking thread. Cells that begin with
//! `= + - @`, a tab or a carriage return are neutralised in both, so that no
//! spreadsheet takes them for a formula. The routes write every export to
//! the audit log before it starts.

use std::pin::Pin;

use rocket::futures::stream::{self, Stream};
use rocket::http::{ContentType, Header};
use rocket::request::Request;
use rocket::response::stream::ByteStream;
use rocket::response::{self, Responder, Response};
use rocket::tokio::sync::mpsc;

use super::views::TableView;
use crate::db::{AnyConnection, Db};
use crate::error::{AppError, AppResult};

/// The two export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// Reads "slug.csv" or "slug.xlsx"; anything else is not found.
pub fn parse_file(file: &str) -> AppResult<(String, Format)> {
    let (slug, format) = match file.rsplit_once('.') {
        Some((slug, "csv")) => (slug, Format::Csv),
        Some((slug, "xlsx")) => (slug, Format::Xlsx),
        _ => return Err(AppError::NotFound),
    };
    if slug.is_empty()
        || !slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(AppError::NotFound);
    }
    Ok((slug.to_string(), format))
}

/// A cell a spreadsheet will not run: a leading `= + - @`, tab or CR gets a
/// quote in front.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// One CSV line, `;`-separated, quoted where needed, CRLF-terminated.
pub fn csv_line<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            line.push(';');
        }
        let cell = neutralise(cell.as_ref());
        if cell.contains([';', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&cell.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(&cell);
        }
    }
    line.push_str("\r\n");
    line
}

/// Where a producer writes its rows; they leave in chunks as they come.
pub struct Sink {
    sender: mpsc::Sender<Vec<u8>>,
    buffer: Vec<u8>,
    rows: Vec<Vec<String>>,
    format: Format,
}

const CHUNK: usize = 16 * 1024;

impl Sink {
    /// Writes the header row or any row.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> AppResult<()> {
        match self.format {
            Format::Csv => {
                self.buffer.extend_from_slice(csv_line(cells).as_bytes());
                if self.buffer.len() >= CHUNK {
                    self.flush()?;
                }
            }
            Format::Xlsx => self
                .rows
                .push(cells.iter().map(|c| c.as_ref().to_string()).collect()),
        }
        Ok(())
    }

    fn flush(&mut self) -> AppResult<()> {
        if !self.buffer.is_empty() {
            let chunk = std::mem::take(&mut self.buffer);
            self.sender
                .blocking_send(chunk)
                .map_err(|_| AppError::Internal("export interrompu par le client".into()))?;
        }
        Ok(())
    }

    fn finish(mut self, sheet: &str) -> AppResult<()> {
        if self.format == Format::Xlsx {
            let bytes = xlsx(sheet, &self.rows)?;
            self.buffer = bytes;
        }
        self.flush()
    }
}

/// An XLSX workbook of one sheet; every cell is text, neutralised.
pub fn xlsx(sheet: &str, rows: &[Vec<String>]) -> AppResult<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("XLSX : {e}"));
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let worksheet = workbook.add_worksheet();
    let name: String = sheet
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    worksheet.set_name(name).map_err(fail)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let value = neutralise(cell);
            if r == 0 {
                worksheet
                    .write_string_with_format(r as u32, c as u16, value, &bold)
                    .map_err(fail)?;
            } else {
                worksheet
                    .write_string(r as u32, c as u16, value)
                    .map_err(fail)?;
            }
        }
    }
    workbook.save_to_buffer().map_err(fail)
}

type Chunks = Pin<Box<dyn Stream<Item = Vec<u8>> + Send>>;

/// A file download: its name, type and streamed body.
pub struct Download {
    pub filename: String,
    pub format: Format,
    body: ByteStream<Chunks>,
}

impl<'r> Responder<'r, 'r> for Download {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'r> {
        let content_type = match self.format {
            Format::Csv => ContentType::new("text", "csv").with_params(("charset", "utf-8")),
            Format::Xlsx => ContentType::new(
                "application",
                "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
        };
        Response::build_from(self.body.respond_to(request)?)
            .header(content_type)
            .header(Header::new(
                "Content-Disposition",
                format!("attachment; filename=\"{}\"", self.filename),
            ))
            .ok()
    }
}

/// Starts an export: `produce` runs on a blocking thread with a connection
/// and writes rows to the sink; the response streams them as they come.
pub fn start<F>(db: &Db, slug: &str, format: Format, produce: F) -> Download
where
    F: FnOnce(&mut AnyConnection, &mut Sink) -> AppResult<()> + Send + 'static,
{
    let (sender, receiver) = mpsc::channel::<Vec<u8>>(8);
    let db = db.clone();
    let sheet = slug.to_string();
    rocket::tokio::spawn(async move {
        let outcome = db
            .run(move |conn| {
                let mut sink = Sink {
                    sender,
                    buffer: if format == Format::Csv {
                        "\u{feff}".as_bytes().to_vec()
                    } else {
                        Vec::new()
                    },
                    rows: Vec::new(),
                    format,
                };
                produce(conn, &mut sink)?;
                sink.finish(&sheet)
            })
            .await;
        if let Err(e) = outcome {
            log::warn!("export interrompu : {e}");
        }
    });
    let chunks: Chunks = Box::pin(stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    }));
    Download {
        filename: format!("{slug}.{}", format.extension()),
        format,
        body: ByteStream(chunks),
    }
}

/// Writes a table (header and rows) to the sink.
pub fn write_table(sink: &mut Sink, table: &TableView) -> AppResult<()> {
    sink.row(&table.columns)?;
    for row in &table.rows {
        sink.row(row)?;
    }
    Ok(())
}
