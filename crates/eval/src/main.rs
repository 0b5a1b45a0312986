//! `docpipe-eval`: scores the linguistic stages on development data and
//! exits non-zero when a score falls under the floor it is given, so CI can
//! keep quality from regressing silently.
//!
//! ```text
//! docpipe-eval clean     --gold PATH [--min-body-kept PCT] [--min-furniture-removed PCT]
//! docpipe-eval segment   --gold ../shared/data/ud/en_ewt-ud-dev.docs.jsonl [--min-sentence-f1 F] [--min-token-f1 F]
//! docpipe-eval tag       --gold ../shared/data/conll2003/valid.txt [--min-ner-f1 F] [--min-pos-acc A]
//! docpipe-eval summarize --gold ../shared/data/summ/bbc_news_summary.jsonl [--min-rouge1 F] …
//! ```

mod clean;
mod segment;
mod summarize;
mod tag;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "docpipe-eval", about = "Score docpipe's stages on gold data.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Line-level furniture removal of `clean` against a gold file.
    Clean(clean::Args),
    /// Sentence and token boundaries of `segment` against UD gold.
    Segment(segment::Args),
    /// NER F1 and POS accuracy of `segment` → `tag` on a CoNLL file.
    Tag(tag::Args),
    /// ROUGE-1/2/L of `summarize` and Lead-N against reference summaries.
    Summarize(summarize::Args),
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Clean(a) => clean::run(a),
        Command::Segment(a) => segment::run(a),
        Command::Tag(a) => tag::run(a),
        Command::Summarize(a) => summarize::run(a),
    }
}
