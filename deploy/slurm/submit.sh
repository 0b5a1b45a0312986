#!/usr/bin/env bash
# Submit a docpipe run to Slurm as an N-task array plus a merge job that
# depends on it, and print the merge job's id as the last line.
#
#   deploy/slurm/submit.sh N PIPELINE.toml [run options]
#   deploy/slurm/submit.sh --array=2,5 N PIPELINE.toml [run options]   # retry shards 2 and 5 only
#   deploy/slurm/submit.sh --array=2,5 PIPELINE.toml [run options]     # same, N read from the output dir
#
# Run it from the repository root (the jobs run in the directory you submit
# from, so relative --input/--output paths mean the same thing there).
# [run options] are passed to `docpipe run` as they are (--input, --output,
# --threads, --force, --quiet); --shard is not allowed, the array sets it.
#
# Environment:
#   DOCPIPE                 the docpipe binary (else `docpipe` on PATH, else target/release/docpipe)
#   DOCPIPE_ARRAY           same as --array=LIST
#   DOCPIPE_SLURM_LOGS      directory for the job logs (default: slurm-logs)
#   DOCPIPE_CPUS_PER_TASK   CPUs per array task, passed as --cpus-per-task and
#                           to docpipe as --threads unless you give --threads (default 1)
#   DOCPIPE_SBATCH_ARGS     extra sbatch options for both jobs, e.g. "--partition=batch --time=2:00:00"
#   SBATCH_*                sbatch's own input variables work as usual
# Output: "array job <id> (tasks <list>)", "merge job <id> ...", then the merge job's id alone.
set -euo pipefail

usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
array="${DOCPIPE_ARRAY:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --array=*) array="${1#--array=}"; shift ;;
    --array) [ $# -ge 2 ] || usage; array="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || usage
n=""
case "$1" in
  ''|*[!0-9]*) [ -n "$array" ] || { echo "submit.sh: N (the number of shards) comes first" >&2; usage; } ;;
  *) n="$1"; shift ;;
esac
[ $# -ge 1 ] || usage
pipeline="$1"; shift
[ -f "$pipeline" ] || { echo "submit.sh: no pipeline file '$pipeline' (run from the repository root)" >&2; exit 2; }
case "$array" in *[!0-9,\-]*) echo "submit.sh: --array takes indices like 0-7 or 1,3 (no %, no :step), got '$array'" >&2; exit 2 ;; esac

# The output directory: --output, else the pipeline file's `output`. The merge job needs it.
out=""
threads_given=""
prev=""
for a in "$@"; do
  case "$a" in
    --shard|--shard=*) echo "submit.sh: don't pass --shard; the array index is the shard" >&2; exit 2 ;;
    --output=*) out="${a#--output=}" ;;
    --threads|--threads=*) threads_given=1 ;;
  esac
  [ "$prev" = "--output" ] && out="$a"
  prev="$a"
done
if [ -z "$out" ]; then
  out="$(sed -n 's/^[[:space:]]*output[[:space:]]*=[[:space:]]*"\(.*\)"[[:space:]]*\(#.*\)\{0,1\}$/\1/p' "$pipeline" | head -n 1)"
fi
[ -n "$out" ] || { echo "submit.sh: no --output and no output in $pipeline" >&2; exit 2; }

# A retry without N: the shard count of the earlier run in the output directory.
if [ -z "$n" ]; then
  part="$(ls "$out" 2>/dev/null | sed -n 's/^\(attempt\|manifest\)\.part-[0-9]*-of-\([0-9]*\)\.json$/\2/p' | head -n 1)"
  [ -n "$part" ] || { echo "submit.sh: no N given and no shards of an earlier run in $out" >&2; exit 2; }
  n=$((10#$part))
fi
[ "$n" -ge 1 ] || { echo "submit.sh: N must be at least 1" >&2; exit 2; }
[ -n "$array" ] || array="0-$((n - 1))"

cpus="${DOCPIPE_CPUS_PER_TASK:-1}"
extra=()
[ -n "$threads_given" ] || extra=(--threads "$cpus")
logs="${DOCPIPE_SLURM_LOGS:-slurm-logs}"
mkdir -p "$logs"
# shellcheck disable=SC2206  # word splitting of the user's extra options is intended
sbatch_args=(${DOCPIPE_SBATCH_ARGS:-})
name="docpipe-$(basename "$pipeline" .toml)"

# DOCPIPE_SHARD_COUNT tells the task script N: with --array=2,5 Slurm's
# SLURM_ARRAY_TASK_COUNT would be 2, not N.
array_id="$(sbatch --parsable "${sbatch_args[@]}" \
  --job-name="$name" --array="$array" --cpus-per-task="$cpus" \
  --chdir="$PWD" --output="$logs/%x-%A_%a.out" \
  --export="ALL,DOCPIPE_SHARD_COUNT=$n" \
  "$here/docpipe.sbatch" "$pipeline" "$@" "${extra[@]}")"
array_id="${array_id%%;*}"
echo "array job $array_id (tasks $array of $n) -> $out"

# The merge job runs once every task has succeeded; if one fails, Slurm
# cancels it rather than leaving it pending forever.
merge_id="$(sbatch --parsable "${sbatch_args[@]}" \
  --job-name="$name-merge" --dependency="afterok:$array_id" --kill-on-invalid-dep=yes \
  --chdir="$PWD" --output="$logs/%x-%j.out" \
  "$here/merge.sbatch" "$out")"
merge_id="${merge_id%%;*}"
echo "merge job $merge_id after $array_id: docpipe merge $out (then: docpipe status $out)"
echo "$merge_id"
