//! Exports of every table: CSV (UTF-8 with BOM, `;` separator, dates
//! dd/mm/yyyy, the form French spreadsheets open directly) streamed in
//! chunks from a blocking thread through a channel, and XLSX
//! (rust_xlsxwriter in constant-memory mode, zipped as a stream into the
//! same channel). Cells that begin with
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

/// Bytes on their way to the client: kept until a chunk is full, then sent
/// through the channel (blocking: the producer runs on a blocking thread).
struct ChunkWriter {
    sender: mpsc::Sender<Vec<u8>>,
    buffer: Vec<u8>,
}

const CHUNK: usize = 16 * 1024;

impl ChunkWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if !self.buffer.is_empty() {
            let chunk = std::mem::take(&mut self.buffer);
            self.sender.blocking_send(chunk).map_err(|_| {
                std::io::Error::new(
                    std::io::ErrorKind::BrokenPipe,
                    "export interrompu par le client",
                )
            })?;
        }
        Ok(())
    }
}

impl std::io::Write for ChunkWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An XLSX workbook of one sheet in rust_xlsxwriter's constant-memory mode:
/// each row goes to a temporary file as soon as the next one starts, and the
/// finished file is zipped straight into the response (the zip is written as
/// a stream, it needs no seeking), so no export is ever whole in memory.
struct Sheet {
    workbook: rust_xlsxwriter::Workbook,
    next_row: u32,
    bold: rust_xlsxwriter::Format,
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::Internal(format!("XLSX : {e}"))
}

impl Sheet {
    fn new(name: &str) -> AppResult<Sheet> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let worksheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_error)?;
        let name: String = name
            .chars()
            .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
            .take(31)
            .collect();
        worksheet.set_name(name).map_err(xlsx_error)?;
        Ok(Sheet {
            workbook,
            next_row: 0,
            bold: rust_xlsxwriter::Format::new().set_bold(),
        })
    }

    /// Writes one row of text cells, neutralised; the first one in bold.
    fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> AppResult<()> {
        let r = self.next_row;
        let worksheet = self.workbook.worksheet_from_index(0).map_err(xlsx_error)?;
        for (c, cell) in cells.iter().enumerate() {
            let value = neutralise(cell.as_ref());
            let c = u16::try_from(c)
                .map_err(|_| AppError::Internal("XLSX : trop de colonnes".into()))?;
            if r == 0 {
                worksheet
                    .write_string_with_format(r, c, value, &self.bold)
                    .map_err(xlsx_error)?;
            } else {
                worksheet.write_string(r, c, value).map_err(xlsx_error)?;
            }
        }
        self.next_row += 1;
        Ok(())
    }
}

/// Where a producer writes its rows; they leave in chunks as they come.
pub struct Sink {
    out: ChunkWriter,
    sheet: Option<Sheet>,
}

impl Sink {
    /// Writes the header row or any row.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> AppResult<()> {
        match &mut self.sheet {
            None => {
                use std::io::Write as _;
                self.out
                    .write_all(csv_line(cells).as_bytes())
                    .map_err(|e| AppError::Internal(e.to_string()))?;
            }
            Some(sheet) => sheet.row(cells)?,
        }
        Ok(())
    }

    /// Sends what is left; returns the writer, whose end closes the stream.
    fn finish(mut self) -> AppResult<ChunkWriter> {
        if let Some(mut sheet) = self.sheet.take() {
            sheet
                .workbook
                .save_to_writer(&mut self.out)
                .map_err(xlsx_error)?;
        }
        self.out
            .send()
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(self.out)
    }
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
                    out: ChunkWriter {
                        sender,
                        buffer: if format == Format::Csv {
                            "\u{feff}".as_bytes().to_vec()
                        } else {
                            Vec::new()
                        },
                    },
                    sheet: match format {
                        Format::Csv => None,
                        Format::Xlsx => Some(Sheet::new(&sheet)?),
                    },
                };
                produce(conn, &mut sink)?;
                sink.finish()
            })
            .await;
        // The download ends when the writer is dropped, here, once the
        // connection is back in the pool: the next request of the same
        // person finds it there, with its prepared statements.
        match outcome {
            Ok(writer) => drop(writer),
            Err(e) => log::warn!("export interrompu : {e}"),
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
