//! The CSV tables (RFC 4180, through the `csv` crate): documents.csv,
//! entities.csv and, on request, sentences.csv, streamed row by row.
//!
//! Offsets are code points, like the JSONL artifacts.

use crate::error::ExportError;
use crate::options::{Field, OutputPaths};
use crate::record::DocView;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Header of entities.csv.
pub(crate) const ENTITY_COLUMNS: [&str; 7] =
    ["doc", "start", "end", "text", "label", "canonical", "value"];
/// Header of sentences.csv.
pub(crate) const SENTENCE_COLUMNS: [&str; 5] = ["doc", "index", "start", "end", "text"];

/// One CSV file being written.
struct Table {
    path: PathBuf,
    out: csv::Writer<File>,
}

impl Table {
    fn create(dir: &Path, name: &str, header: &[&str]) -> Result<Self, ExportError> {
        let (path, file) = crate::output::create_file(dir, name)?;
        let out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(file);
        let mut table = Self { path, out };
        table.row(header)?;
        Ok(table)
    }

    fn row<I, T>(&mut self, cells: I) -> Result<(), ExportError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.out
            .write_record(cells)
            .map_err(|source| ExportError::Csv {
                path: self.path.clone(),
                source,
            })
    }

    fn finish(mut self) -> Result<(), ExportError> {
        self.out.flush().map_err(|source| ExportError::Io {
            path: self.path.clone(),
            source,
        })
    }
}

/// The CSV tables of one run.
pub(crate) struct CsvTables {
    fields: Vec<Field>,
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
            fields: fields.to_vec(),
            documents: Table::create(dir, &paths.documents_csv, &header)?,
            entities: Table::create(dir, &paths.entities_csv, &ENTITY_COLUMNS)?,
            sentences: sentences
                .then(|| Table::create(dir, &paths.sentences_csv, &SENTENCE_COLUMNS))
                .transpose()?,
        })
    }

    /// Appends a document's rows to every table.
    pub(crate) fn write(&mut self, view: &DocView<'_>) -> Result<(), ExportError> {
        let cells: Vec<_> = self.fields.iter().map(|f| view.cell(f)).collect();
        self.documents.row(cells.iter().map(|c| c.as_bytes()))?;
        let id = view.doc.id.as_str();
        for m in &view.mentions {
            let (start, end) = (m.start.to_string(), m.end.to_string());
            let value = m.value_cell().unwrap_or_default();
            self.entities
                .row([id, &start, &end, m.text, m.label, m.canonical, &value])?;
        }
        if let Some(table) = &mut self.sentences {
            for (i, s) in view.doc.sentences.iter().flatten().enumerate() {
                let start = view.offsets.to_char(s.start).to_string();
                let end = view.offsets.to_char(s.end).to_string();
                let text = view.doc.slice(*s);
                table.row([id, &i.to_string(), &start, &end, text])?;
            }
        }
        Ok(())
    }

    /// Flushes every table.
    pub(crate) fn finish(self) -> Result<(), ExportError> {
        self.documents.finish()?;
        self.entities.finish()?;
        if let Some(t) = self.sentences {
            t.finish()?;
        }
        Ok(())
    }
}
