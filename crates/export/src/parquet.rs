//! The Parquet tables (arrow-rs): documents.parquet, entities.parquet and,
//! on request, sentences.parquet, with proper types — `date` as `Date32`,
//! offsets and counts as `Int64`, keyphrases as `List<Utf8>`, a document's
//! entities as `List<Struct>` — written in row groups as documents come.
//!
//! Offsets are code points, like the JSONL artifacts.

use crate::error::ExportError;
use crate::options::{Field, OutputPaths};
use crate::record::{DocView, Mention};
use arrow_array::builder::StringBuilder;
use arrow_array::{
    ArrayRef, Date32Array, Int64Array, ListArray, RecordBatch, StringArray, StructArray,
};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Field as ArrowField, Fields, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows buffered before they are written as a batch.
const BATCH_ROWS: usize = 4_096;

/// Columns of a list of entity mentions (the struct's children). String
/// columns append into Arrow builders: no allocation per value.
#[derive(Default)]
struct MentionCols {
    start: Vec<i64>,
    end: Vec<i64>,
    text: StringBuilder,
    label: StringBuilder,
    canonical: StringBuilder,
    value: StringBuilder,
}

impl MentionCols {
    fn fields() -> Fields {
        Fields::from(vec![
            ArrowField::new("start", DataType::Int64, false),
            ArrowField::new("end", DataType::Int64, false),
            ArrowField::new("text", DataType::Utf8, false),
            ArrowField::new("label", DataType::Utf8, false),
            ArrowField::new("canonical", DataType::Utf8, false),
            ArrowField::new("value", DataType::Utf8, true),
        ])
    }

    fn push(&mut self, m: &Mention<'_>) {
        self.start.push(m.start as i64);
        self.end.push(m.end as i64);
        self.text.append_value(m.text);
        self.label.append_value(m.label);
        self.canonical.append_value(m.canonical);
        self.value.append_option(m.value_cell());
    }

    fn len(&self) -> usize {
        self.start.len()
    }

    fn take_arrays(&mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(Int64Array::from(std::mem::take(&mut self.start))),
            Arc::new(Int64Array::from(std::mem::take(&mut self.end))),
            Arc::new(self.text.finish()),
            Arc::new(self.label.finish()),
            Arc::new(self.canonical.finish()),
            Arc::new(self.value.finish()),
        ]
    }
}

/// A column of the documents table being buffered.
enum Column {
    Str(StringBuilder),
    Int(Vec<Option<i64>>),
    Date(Vec<Option<i32>>),
    StrList(Vec<Option<usize>>, Vec<String>),
    Mentions(Vec<Option<usize>>, Box<MentionCols>),
}

fn list_field(item: DataType) -> Arc<ArrowField> {
    Arc::new(ArrowField::new("item", item, false))
}

impl Column {
    fn for_field(field: &Field) -> (Column, DataType) {
        match field {
            Field::Id | Field::Meta(_) | Field::Summary => {
                (Column::Str(StringBuilder::new()), DataType::Utf8)
            }
            Field::Chars | Field::Sentences => (Column::Int(Vec::new()), DataType::Int64),
            Field::Date => (Column::Date(Vec::new()), DataType::Date32),
            Field::Keyphrases => (
                Column::StrList(Vec::new(), Vec::new()),
                DataType::List(list_field(DataType::Utf8)),
            ),
            Field::Entities => (
                Column::Mentions(Vec::new(), Box::default()),
                DataType::List(list_field(DataType::Struct(MentionCols::fields()))),
            ),
        }
    }

    fn push(&mut self, field: &Field, view: &DocView<'_>) {
        let doc = view.doc;
        match self {
            Column::Str(b) => match field {
                Field::Id => b.append_value(&doc.id),
                Field::Summary => b.append_option(doc.summary.as_ref().map(|s| &s.text)),
                Field::Meta(key) => b.append_option(view.meta_text(key)),
                _ => b.append_null(),
            },
            Column::Int(v) => v.push(match field {
                Field::Chars => Some(view.chars() as i64),
                _ => doc.sentences.as_ref().map(|s| s.len() as i64),
            }),
            Column::Date(v) => v.push(view.date().map(|d| d.days_since_epoch())),
            Column::StrList(lens, values) => match &doc.keyphrases {
                None => lens.push(None),
                Some(k) => {
                    lens.push(Some(k.len()));
                    values.extend(k.iter().map(|k| k.text.clone()));
                }
            },
            Column::Mentions(lens, cols) => match &doc.entities {
                None => lens.push(None),
                Some(_) => {
                    lens.push(Some(view.mentions.len()));
                    for m in &view.mentions {
                        cols.push(m);
                    }
                }
            },
        }
    }

    fn take_array(&mut self, dtype: &DataType) -> Result<ArrayRef, arrow_schema::ArrowError> {
        let list = |lens: Vec<Option<usize>>, values: ArrayRef| -> Result<ArrayRef, _> {
            let DataType::List(item) = dtype else {
                return Err(arrow_schema::ArrowError::SchemaError(
                    "list column without a list type".into(),
                ));
            };
            let nulls = NullBuffer::from(lens.iter().map(Option::is_some).collect::<Vec<_>>());
            let offsets = OffsetBuffer::<i32>::from_lengths(lens.iter().map(|l| l.unwrap_or(0)));
            Ok(Arc::new(ListArray::try_new(
                item.clone(),
                offsets,
                values,
                Some(nulls),
            )?) as ArrayRef)
        };
        Ok(match self {
            Column::Str(b) => Arc::new(b.finish()),
            Column::Int(v) => Arc::new(Int64Array::from(std::mem::take(v))),
            Column::Date(v) => Arc::new(Date32Array::from(std::mem::take(v))),
            Column::StrList(lens, values) => {
                let values: ArrayRef = Arc::new(StringArray::from(std::mem::take(values)));
                list(std::mem::take(lens), values)?
            }
            Column::Mentions(lens, cols) => {
                let values: ArrayRef = Arc::new(StructArray::try_new(
                    MentionCols::fields(),
                    cols.take_arrays(),
                    None,
                )?);
                list(std::mem::take(lens), values)?
            }
        })
    }
}

/// One Parquet file being written.
struct ParquetFile {
    path: PathBuf,
    schema: SchemaRef,
    writer: ArrowWriter<File>,
}

impl ParquetFile {
    fn create(dir: &Path, name: &str, schema: Schema) -> Result<Self, ExportError> {
        let (path, file) = crate::output::create_file(dir, name)?;
        let schema = Arc::new(schema);
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(concat!("docpipe-export ", env!("CARGO_PKG_VERSION")).to_owned())
            .build();
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(props)).map_err(|source| {
            ExportError::Parquet {
                path: path.clone(),
                source,
            }
        })?;
        Ok(Self {
            path,
            schema,
            writer,
        })
    }

    fn write(&mut self, columns: Vec<ArrayRef>) -> Result<(), ExportError> {
        let batch = RecordBatch::try_new(self.schema.clone(), columns).map_err(|source| {
            ExportError::Arrow {
                path: self.path.clone(),
                source,
            }
        })?;
        self.writer
            .write(&batch)
            .map_err(|source| ExportError::Parquet {
                path: self.path.clone(),
                source,
            })
    }

    fn finish(self) -> Result<(), ExportError> {
        self.writer
            .close()
            .map(|_| ())
            .map_err(|source| ExportError::Parquet {
                path: self.path,
                source,
            })
    }
}

/// The sentence rows buffered for sentences.parquet.
#[derive(Default)]
struct SentenceCols {
    doc: Vec<String>,
    index: Vec<i64>,
    start: Vec<i64>,
    end: Vec<i64>,
    text: Vec<String>,
}

/// The Parquet tables of one run.
pub(crate) struct ParquetTables {
    fields: Vec<Field>,
    types: Vec<DataType>,
    doc_cols: Vec<Column>,
    doc_rows: usize,
    documents: ParquetFile,
    entity_doc: StringBuilder,
    entity_cols: MentionCols,
    entities: ParquetFile,
    sentence_cols: SentenceCols,
    sentences: Option<ParquetFile>,
}

impl ParquetTables {
    /// Creates the files.
    pub(crate) fn create(
        dir: &Path,
        fields: &[Field],
        sentences: bool,
        paths: &OutputPaths,
    ) -> Result<Self, ExportError> {
        let (doc_cols, types): (Vec<Column>, Vec<DataType>) =
            fields.iter().map(Column::for_field).unzip();
        let doc_schema = Schema::new(
            fields
                .iter()
                .zip(&types)
                .map(|(f, t)| ArrowField::new(f.column(), t.clone(), *f != Field::Id))
                .collect::<Vec<_>>(),
        );
        let mut entity_fields = vec![ArrowField::new("doc", DataType::Utf8, false)];
        entity_fields.extend(MentionCols::fields().iter().map(|f| f.as_ref().clone()));
        let sentence_schema = Schema::new(vec![
            ArrowField::new("doc", DataType::Utf8, false),
            ArrowField::new("index", DataType::Int64, false),
            ArrowField::new("start", DataType::Int64, false),
            ArrowField::new("end", DataType::Int64, false),
            ArrowField::new("text", DataType::Utf8, false),
        ]);
        Ok(Self {
            fields: fields.to_vec(),
            types,
            doc_cols,
            doc_rows: 0,
            documents: ParquetFile::create(dir, &paths.documents_parquet, doc_schema)?,
            entity_doc: StringBuilder::new(),
            entity_cols: MentionCols::default(),
            entities: ParquetFile::create(
                dir,
                &paths.entities_parquet,
                Schema::new(entity_fields),
            )?,
            sentence_cols: SentenceCols::default(),
            sentences: sentences
                .then(|| ParquetFile::create(dir, &paths.sentences_parquet, sentence_schema))
                .transpose()?,
        })
    }

    /// Buffers a document's rows, writing a batch when enough are buffered.
    pub(crate) fn write(&mut self, view: &DocView<'_>) -> Result<(), ExportError> {
        for (col, field) in self.doc_cols.iter_mut().zip(&self.fields) {
            col.push(field, view);
        }
        self.doc_rows += 1;
        for m in &view.mentions {
            self.entity_doc.append_value(&view.doc.id);
            self.entity_cols.push(m);
        }
        if self.sentences.is_some() {
            for (i, s) in view.doc.sentences.iter().flatten().enumerate() {
                let c = &mut self.sentence_cols;
                c.doc.push(view.doc.id.clone());
                c.index.push(i as i64);
                c.start.push(view.offsets.to_char(s.start) as i64);
                c.end.push(view.offsets.to_char(s.end) as i64);
                c.text.push(view.doc.slice(*s).to_owned());
            }
        }
        self.flush(false)
    }

    /// Writes buffered rows: every table whose buffer is full, or all of
    /// them when `all`.
    fn flush(&mut self, all: bool) -> Result<(), ExportError> {
        if self.doc_rows > 0 && (all || self.doc_rows >= BATCH_ROWS) {
            let arrays = self
                .doc_cols
                .iter_mut()
                .zip(&self.types)
                .map(|(c, t)| c.take_array(t))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|source| ExportError::Arrow {
                    path: self.documents.path.clone(),
                    source,
                })?;
            self.documents.write(arrays)?;
            self.doc_rows = 0;
        }
        if self.entity_cols.len() > 0 && (all || self.entity_cols.len() >= BATCH_ROWS) {
            let mut arrays: Vec<ArrayRef> = vec![Arc::new(self.entity_doc.finish())];
            arrays.extend(self.entity_cols.take_arrays());
            self.entities.write(arrays)?;
        }
        if let Some(file) = &mut self.sentences {
            let n = self.sentence_cols.doc.len();
            if n > 0 && (all || n >= BATCH_ROWS) {
                let c = std::mem::take(&mut self.sentence_cols);
                file.write(vec![
                    Arc::new(StringArray::from(c.doc)),
                    Arc::new(Int64Array::from(c.index)),
                    Arc::new(Int64Array::from(c.start)),
                    Arc::new(Int64Array::from(c.end)),
                    Arc::new(StringArray::from(c.text)),
                ])?;
            }
        }
        Ok(())
    }

    /// Writes what is buffered and closes every file.
    pub(crate) fn finish(mut self) -> Result<(), ExportError> {
        self.flush(true)?;
        self.documents.finish()?;
        self.entities.finish()?;
        if let Some(f) = self.sentences {
            f.finish()?;
        }
        Ok(())
    }
}
