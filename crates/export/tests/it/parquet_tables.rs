//! The Parquet tables, read back with the parquet crate's Arrow reader.

use crate::fixtures::{all_formats, export, small};
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::path::Path;

fn read_table(path: &Path) -> RecordBatch {
    let file = std::fs::File::open(path).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
    arrow_select_concat(&batches)
}

/// Concatenates batches without arrow-select: the tests' tables are small
/// enough to come back as one batch; assert that.
fn arrow_select_concat(batches: &[RecordBatch]) -> RecordBatch {
    assert_eq!(batches.len(), 1, "one batch expected");
    batches[0].clone()
}

#[test]
fn documents_parquet_has_proper_types() {
    let tmp = tempfile::tempdir().unwrap();
    export(tmp.path(), all_formats(), &small());
    let batch = read_table(&tmp.path().join("documents.parquet"));
    let schema = batch.schema();
    let ty = |name: &str| schema.field_with_name(name).unwrap().data_type().clone();
    assert_eq!(ty("id"), DataType::Utf8);
    assert_eq!(ty("date"), DataType::Date32);
    assert_eq!(ty("chars"), DataType::Int64);
    assert!(matches!(ty("keyphrases"), DataType::List(f) if *f.data_type() == DataType::Utf8));
    assert!(
        matches!(ty("entities"), DataType::List(f) if matches!(f.data_type(), DataType::Struct(_)))
    );
    assert_eq!(batch.num_rows(), 3);

    let dates = batch
        .column_by_name("date")
        .unwrap()
        .as_primitive::<Date32Type>();
    assert_eq!(dates.value(0), 19_844); // 2024-05-01
    assert!(dates.is_null(2));
    let chars = batch
        .column_by_name("chars")
        .unwrap()
        .as_primitive::<Int64Type>();
    assert_eq!(chars.value(0), small()[0].text.chars().count() as i64);
    let titles = batch.column_by_name("title").unwrap().as_string::<i32>();
    assert_eq!(titles.value(0), "Việt Nam, ASEAN and \"1995\"");
    let keyphrases = batch.column_by_name("keyphrases").unwrap().as_list::<i32>();
    assert_eq!(
        keyphrases.value(0).as_string::<i32>().value(1),
        "regional integration"
    );
    assert!(keyphrases.is_null(2));
    let entities = batch.column_by_name("entities").unwrap().as_list::<i32>();
    let first = entities.value(0);
    let first = first.as_struct();
    assert_eq!(first.len(), 4);
    let canon = first
        .column_by_name("canonical")
        .unwrap()
        .as_string::<i32>();
    assert_eq!(canon.value(0), "Việt Nam");
    assert_eq!(entities.value(2).len(), 0);
    assert!(!entities.is_null(2));
}

#[test]
fn entities_and_sentences_parquet_match_the_csv() {
    let tmp = tempfile::tempdir().unwrap();
    export(tmp.path(), all_formats(), &small());
    let batch = read_table(&tmp.path().join("entities.parquet"));
    let mut csv = csv::Reader::from_path(tmp.path().join("entities.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(batch.num_rows(), rows.len());
    let doc = batch.column_by_name("doc").unwrap().as_string::<i32>();
    let start = batch
        .column_by_name("start")
        .unwrap()
        .as_primitive::<Int64Type>();
    let value = batch.column_by_name("value").unwrap().as_string::<i32>();
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(doc.value(i), &row[0]);
        assert_eq!(start.value(i).to_string(), row[1]);
        assert_eq!(if value.is_null(i) { "" } else { value.value(i) }, &row[6]);
    }
    let sentences = read_table(&tmp.path().join("sentences.parquet"));
    let text = sentences.column_by_name("text").unwrap().as_string::<i32>();
    assert_eq!(text.value(0), "Việt Nam joined ASEAN in 1995.");
    assert_eq!(
        sentences
            .schema()
            .field_with_name("end")
            .unwrap()
            .data_type(),
        &DataType::Int64
    );
}

#[test]
fn large_runs_are_written_in_several_row_groups() {
    let tmp = tempfile::tempdir().unwrap();
    let docs: Vec<_> = (0..5_000)
        .map(|i| {
            let mut d = small()[i % 3].clone();
            d.id = format!("d{i}");
            d
        })
        .collect();
    export(
        tmp.path(),
        serde_json::json!({"formats": ["parquet"]}),
        &docs,
    );
    let file = std::fs::File::open(tmp.path().join("documents.parquet")).unwrap();
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
    assert_eq!(builder.metadata().file_metadata().num_rows(), 5_000);
    let ids: Vec<String> = builder
        .build()
        .unwrap()
        .flat_map(|b| {
            let b = b.unwrap();
            let ids = b.column_by_name("id").unwrap().as_string::<i32>().clone();
            (0..ids.len())
                .map(move |i| ids.value(i).to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(ids.len(), 5_000);
    assert_eq!(ids[4_999], "d4999");
}
