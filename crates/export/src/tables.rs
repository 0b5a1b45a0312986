//! The CSV tables (RFC 4180, through the `csv` crate): documents.csv,
//! entities.csv and, on request, sentences.csv, streamed row by row.
//!
//! Offsets are code points, like the JSONL artifacts.

use crate::error::ExportError;
use crate::options::{Field, OutputPaths};
use crate::output::OutputFile;
use crate::record::DocView;
use std::path::{Path, PathBuf};

/// Header of entities.csv.
pub(crate) const ENTITY_COLUMNS: [&str; 7] =
    ["doc", "start", "end", "text", "label", "canonical", "value"];
/// Header of sentences.csv.
pub(crate) const SENTENCE_COLUMNS: [&str; 5] = ["doc", "index", "start", "end", "text"];

/// One document's rows of every CSV table, as the bytes the tables append.
#[derive(Debug, Default)]
pub(crate) struct CsvRows {
    documents: Vec<u8>,
    entities: Vec<u8>,
    sentences: Vec<u8>,
}

impl CsvRows {
    /// Renders a document's row of documents.csv (`fields`), its rows of
    /// entities.csv and, when `sentences`, of sentences.csv.
    pub(crate) fn render(
        view: &DocView<'_>,
        fields: &[Field],
        sentences: bool,
        paths: &OutputPaths,
    ) -> Result<Self, ExportError> {
        let mut documents = RowWriter::new(&paths.documents_csv);
        documents.row(
            fields
                .iter()
                .map(|f| view.cell(f))
                .collect::<Vec<_>>()
                .iter()
                .map(|c| c.as_bytes()),
        )?;
        let id = view.doc.id.as_str();
        let mut entities = RowWriter::new(&paths.entities_csv);
        for m in &view.mentions {
            let (start, end) = (m.start.to_string(), m.end.to_string());
            let value = m.value_cell().unwrap_or_default();
            entities.row([id, &start, &end, m.text, m.label, m.canonical, &value])?;
        }
        let mut rows = Vec::new();
        if sentences {
            let mut table = RowWriter::new(&paths.sentences_csv);
            for (i, s) in view.doc.sentences.iter().flatten().enumerate() {
                let start = view.offsets.to_char(s.start).to_string();
                let end = view.offsets.to_char(s.end).to_string();
                let text = view.doc.slice(*s);
                table.row([id, &i.to_string(), &start, &end, text])?;
            }
            rows = table.bytes()?;
        }
        Ok(Self {
            documents: documents.bytes()?,
            entities: entities.bytes()?,
            sentences: rows,
        })
    }
}

/// Writes CSV records into memory, as every table's file has them.
struct RowWriter<'a> {
    name: &'a str,
    out: csv::Writer<Vec<u8>>,
}

impl<'a> RowWriter<'a> {
    /// A writer for rows of the table in file `name`, in every table's
    /// dialect: RFC 4180 with CRLF line ends.
    fn new(name: &'a str) -> Self {
        Self {
            name,
            out: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new()),
        }
    }

    fn error(&self, source: csv::Error) -> ExportError {
        ExportError::Csv {
            path: PathBuf::from(self.name),
            source,
        }
    }

    fn row<I, T>(&mut self, cells: I) -> Result<(), ExportError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.out.write_record(cells).map_err(|e| self.error(e))
    }

    fn bytes(self) -> Result<Vec<u8>, ExportError> {
        let name = self.name;
        self.out.into_inner().map_err(|e| ExportError::Io {
            path: PathBuf::from(name),
            source: std::io::Error::other(e.to_string()),
        })
    }
}

/// One CSV file being written: its header, then rows rendered elsewhere.
struct Table {
    out: OutputFile,
}

impl Table {
    fn create(dir: &Path, name: &str, header: &[&str]) -> Result<Self, ExportError> {
        let mut head = RowWriter::new(name);
        head.row(header)?;
        let mut out = OutputFile::create(dir, name)?;
        out.write(&head.bytes()?)?;
        Ok(Self { out })
    }
}

/// The CSV tables of one run.
pub(crate) struct CsvTables {
    documents: Table,
    entities: Table,
    sentences: Option<Table>,
}

impl CsvTables {
    /// Creates the files and writes their headers.
    pub(crate) fn create(
        dir: &Path,
        fields: &[Field],
        sentences: bool,
        paths: &OutputPaths,
    ) -> Result<Self, ExportError> {
        let header: Vec<&str> = fields.iter().map(Field::column).collect();
        Ok(Self {
            documents: Table::create(dir, &paths.documents_csv, &header)?,
            entities: Table::create(dir, &paths.entities_csv, &ENTITY_COLUMNS)?,
            sentences: sentences
                .then(|| Table::create(dir, &paths.sentences_csv, &SENTENCE_COLUMNS))
                .transpose()?,
        })
    }

    /// Appends a document's rows to every table.
    pub(crate) fn append(&mut self, rows: &CsvRows) -> Result<(), ExportError> {
        self.documents.out.write(&rows.documents)?;
        self.entities.out.write(&rows.entities)?;
        if let Some(table) = &mut self.sentences {
            table.out.write(&rows.sentences)?;
        }
        Ok(())
    }

    /// Flushes every table.
    pub(crate) fn finish(self) -> Result<(), ExportError> {
        self.documents.out.finish()?;
        self.entities.out.finish()?;
        if let Some(t) = self.sentences {
            t.out.finish()?;
        }
        Ok(())
    }
}
