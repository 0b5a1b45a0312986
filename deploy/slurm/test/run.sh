#!/usr/bin/env bash
# Prove the Slurm path on a real one-node Slurm cluster on this machine:
# install and start Slurm, run deploy/slurm/submit.sh (array job + dependent
# merge job) over a few thousand documents, compare the merged output with a
# single-process run byte for byte, then kill one array task, check that
# `docpipe status` names exactly that shard, resubmit only that index, and
# compare again. Needs root (apt-get, munged, slurmctld, slurmd).
#
#   deploy/slurm/test/run.sh            # from anywhere; see README.md beside it
#
# Environment: DOCPIPE (a built binary; else cargo build --release), DOCS (3000),
# SHARDS (4), WORK (/tmp/docpipe-slurm-test), KEEP=1 (keep WORK and the daemons'
# logs afterwards). Exits non-zero on any failure, including "Slurm can't be set up".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
ROOT="$PWD"
DOCS="${DOCS:-3000}"
SHARDS="${SHARDS:-4}"
WORK="${WORK:-/tmp/docpipe-slurm-test}"
PIPE="deploy/slurm/test/pipeline.toml"
T0=$(date +%s)

say() { echo "[slurm-test +$(( $(date +%s) - T0 ))s] $*"; }
die() { echo "[slurm-test] FAIL: $*" >&2; exit 1; }
cannot() {
  echo "[slurm-test] FAIL: cannot set up Slurm on this machine: $*" >&2
  echo "[slurm-test] (this harness needs root and Debian's slurm-wlm + munge packages; it is not skipped)" >&2
  exit 1
}

# ---------------------------------------------------------------- Slurm
[ "$(id -u)" -eq 0 ] || cannot "not root (uid $(id -u)); run it as root in CI"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge"
  command -v apt-get >/dev/null || cannot "no apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || cannot "apt-get update failed"
  apt-get install -y -qq slurm-wlm munge >/dev/null || cannot "apt-get install -y slurm-wlm munge failed"
fi
command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null \
  || cannot "slurmctld/slurmd/munged not found after install"

rm -rf "$WORK"
mkdir -p "$WORK"/{etc,state,spool,log,run}
STARTED_PIDS=()
cleanup() {
  local rc=$?
  for p in "${STARTED_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for f in "$WORK"/run/slurmd.pid "$WORK"/run/slurmctld.pid; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  if [ -n "${MUNGED_PID:-}" ]; then kill "$MUNGED_PID" 2>/dev/null || true; fi
  if [ "$rc" -ne 0 ]; then
    echo "[slurm-test] exit $rc; daemon logs:" >&2
    tail -n 20 "$WORK"/log/*.log 2>/dev/null >&2 || true
    tail -n 20 "$WORK"/joblogs/* 2>/dev/null >&2 || true
  fi
  [ -n "${KEEP:-}" ] || [ "$rc" -ne 0 ] || rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# munge: a key, and a munged unless one already answers.
if [ ! -s /etc/munge/munge.key ]; then
  mkdir -p /etc/munge
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
fi
chown munge:munge /etc/munge/munge.key 2>/dev/null || true
chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/lib/munge /var/log/munge
chown munge:munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  say "munged already running"
else
  if id munge >/dev/null 2>&1; then
    su -s /bin/sh munge -c "munged --force" 2>"$WORK/log/munged.err" || munged --force 2>>"$WORK/log/munged.err" \
      || cannot "munged would not start: $(cat "$WORK/log/munged.err")"
  else
    munged --force 2>"$WORK/log/munged.err" || cannot "munged would not start: $(cat "$WORK/log/munged.err")"
  fi
  sleep 0.5
  MUNGED_PID="$(cat /run/munge/munged.pid 2>/dev/null || pgrep -n -x munged || true)"
  munge -n | unmunge >/dev/null 2>&1 || cannot "munge does not answer after munged --force"
  say "started munged (pid ${MUNGED_PID:-?})"
fi

HOST="$(hostname -s)"
CPUS="$(nproc)"
MEM_MB="$(free -m | awk '/^Mem:/ {print $2}')"
REALMEM=$(( MEM_MB > 2048 ? MEM_MB - 1024 : MEM_MB * 9 / 10 ))
export SLURM_CONF="$WORK/etc/slurm.conf"
cat >"$SLURM_CONF" <<CONF
# One-node cluster for deploy/slurm/test/run.sh (no cgroup.conf on purpose).
ClusterName=docpipetest
SlurmctldHost=$HOST
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/run/slurmctld.pid
SlurmdPidFile=$WORK/run/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=3600
SchedulerParameters=sched_interval=2
NodeName=$HOST CPUs=$CPUS RealMemory=$REALMEM State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
say "slurm.conf: SlurmctldHost=$HOST, NodeName=$HOST CPUs=$CPUS RealMemory=$REALMEM (slurmd -C: $(slurmd -C 2>/dev/null | head -n 1))"

slurmctld -i 2>"$WORK/log/slurmctld.err" || cannot "slurmctld would not start: $(cat "$WORK/log/slurmctld.err"; tail -n 5 "$WORK/log/slurmctld.log" 2>/dev/null)"
slurmd -N "$HOST" 2>"$WORK/log/slurmd.err" || cannot "slurmd would not start: $(cat "$WORK/log/slurmd.err"; tail -n 5 "$WORK/log/slurmd.log" 2>/dev/null)"
state=""
for _ in $(seq 1 60); do
  state="$(sinfo -h -N -n "$HOST" -o '%T' 2>/dev/null | head -n 1 || true)"
  [ "$state" = "idle" ] && break
  sleep 1
done
[ "$state" = "idle" ] || cannot "node $HOST is '${state:-unknown}', not idle, after 60 s; see $WORK/log"
say "Slurm is up: $(sinfo -h -N -o '%N %T %c CPUs %m MB')"

# ---------------------------------------------------------------- docpipe
if [ -z "${DOCPIPE:-}" ]; then
  say "building docpipe (release)"
  nice cargo build --release --quiet -p docpipe-cli
  DOCPIPE="${CARGO_TARGET_DIR:-$ROOT/target}/release/docpipe"
fi
[ -x "$DOCPIPE" ] || die "no docpipe binary at $DOCPIPE"
export DOCPIPE
say "docpipe: $DOCPIPE"

# A corpus of $DOCS documents: the sample news articles replicated with new
# ids and a numbered line each, in two JSONL files of different sizes (so the
# shards cut across files and inside them).
mkdir -p "$WORK/corpus"
enc=()
for f in corpus/news/*.txt; do enc+=("$(jq -Rs . <"$f")"); done
[ "${#enc[@]}" -gt 0 ] || die "no corpus/news/*.txt"
gen() { # from, to (exclusive)
  local i t
  for ((i = $1; i < $2; i++)); do
    t="${enc[$((i % ${#enc[@]}))]}"
    printf '{"id":"news-%05d","text":%s}\n' "$i" "${t%\"}\\n\\nDispatch number $i.\""
  done
}
gen 0 $(( DOCS / 3 )) >"$WORK/corpus/a.jsonl"
gen $(( DOCS / 3 )) "$DOCS" >"$WORK/corpus/b.jsonl"
say "corpus: $DOCS documents, $(du -sh "$WORK/corpus" | cut -f1) in $(ls "$WORK/corpus" | tr '\n' ' ')"

# ---------------------------------------------------------------- helpers
job_done() { # job id -> 0 when every record of it has left PENDING/RUNNING
  ! scontrol -o show job "$1" 2>/dev/null | grep -Eq 'JobState=(PENDING|RUNNING|CONFIGURING|COMPLETING|SUSPENDED)'
}
wait_job() { # job id, timeout seconds
  local t=0
  until job_done "$1"; do
    sleep 1; t=$((t + 1))
    [ "$t" -lt "$2" ] || die "job $1 still not finished after $2 s: $(scontrol -o show job "$1" | grep -o 'JobState=[A-Z]*' | sort | uniq -c | tr '\n' ' ')"
  done
}
states() { # job id -> one line per record: id, task, state, exit code
  scontrol -o show job "$1" | awk '{
    id=""; task=""; st=""; ex=""; name="";
    for (i = 1; i <= NF; i++) {
      split($i, kv, "=");
      if (kv[1] == "JobId") id = kv[2];
      else if (kv[1] == "ArrayJobId") aj = kv[2];
      else if (kv[1] == "ArrayTaskId") task = kv[2];
      else if (kv[1] == "JobName") name = kv[2];
      else if (kv[1] == "JobState") st = kv[2];
      else if (kv[1] == "ExitCode") ex = kv[2];
    }
    printf "    %-8s %-22s task %-4s %-10s exit %s\n", id, name, (task == "" ? "-" : task), st, ex
  }' | sort -k4,4n
}
state_of() { scontrol -o show job "$1" | grep -o 'JobState=[A-Z_]*' | head -n 1 | cut -d= -f2; }
compare() { # reference dir, merged dir
  local ref="$1" got="$2" n=0 bad=0 f
  while IFS= read -r f; do
    case "$(basename "$f")" in manifest.json|report.html) continue ;; esac
    n=$((n + 1))
    if ! cmp -s "$ref/$f" "$got/$f"; then
      echo "    DIFFERENT: $f" >&2; bad=$((bad + 1))
    fi
  done < <(cd "$ref" && find . -type f | sed 's|^\./||' | sort)
  # and nothing in the merged layout that a single run lacks (besides the parts)
  local extra
  extra="$(cd "$got" && find . -type f | sed 's|^\./||' | grep -Ev '\.part-[0-9]+-of-[0-9]+\.' | sort \
    | while IFS= read -r f; do [ -e "$ref/$f" ] || echo "$f"; done)"
  [ -z "$extra" ] || { echo "    EXTRA in merged output: $extra" >&2; bad=$((bad + 1)); }
  [ "$bad" -eq 0 ] || die "merged output in $got differs from the single run in $ref"
  echo "    $n files byte-identical to the single-process run (manifest.json, report.html hold times and are not compared)"
}

export DOCPIPE_SLURM_LOGS="$WORK/joblogs"
INPUT=(--input "$WORK/corpus")

# ---------------------------------------------------------------- single run
say "single-process reference run"
"$DOCPIPE" run "$PIPE" "${INPUT[@]}" --output "$WORK/single" --quiet
ls "$WORK/single" | sed 's/^/    /'

# ---------------------------------------------------------------- array + merge
say "submit: deploy/slurm/submit.sh $SHARDS $PIPE --input $WORK/corpus --output $WORK/sharded"
sub="$(deploy/slurm/submit.sh "$SHARDS" "$PIPE" "${INPUT[@]}" --output "$WORK/sharded")"
echo "$sub" | sed 's/^/    /'
merge_id="$(echo "$sub" | tail -n 1)"
array_id="$(echo "$sub" | sed -n 's/^array job \([0-9]*\).*/\1/p')"
[ -n "$array_id" ] && [ -n "$merge_id" ] || die "could not read job ids from submit.sh"
wait_job "$merge_id" 300
say "array job $array_id and merge job $merge_id:"
states "$array_id"; states "$merge_id"
[ "$(state_of "$merge_id")" = COMPLETED ] || die "merge job $merge_id is $(state_of "$merge_id")"
say "merge job $merge_id's log:"
sed 's/^/    /' "$DOCPIPE_SLURM_LOGS"/*-merge-"$merge_id".out
scontrol -o show job "$array_id" | grep -v 'JobState=COMPLETED' && die "an array task did not complete"
say "merge comparison:"
compare "$WORK/single" "$WORK/sharded"

# ---------------------------------------------------------------- failure + retry
VICTIM=$(( SHARDS / 2 ))
say "failure: submit again into $WORK/retry and scancel task $VICTIM while it runs"
sub="$(deploy/slurm/submit.sh "$SHARDS" "$PIPE" "${INPUT[@]}" --output "$WORK/retry")"
echo "$sub" | sed 's/^/    /'
merge2="$(echo "$sub" | tail -n 1)"
array2="$(echo "$sub" | sed -n 's/^array job \([0-9]*\).*/\1/p')"
attempt="$WORK/retry/attempt.part-$(printf %05d "$VICTIM")-of-$(printf %05d "$SHARDS").json"
t=0
until [ "$(state_of "${array2}_$VICTIM" 2>/dev/null)" = RUNNING ] && [ -e "$attempt" ]; do
  sleep 0.1; t=$((t + 1))
  [ "$t" -lt 1800 ] || die "task $VICTIM never started running"
  st="$(state_of "${array2}_$VICTIM" 2>/dev/null || true)"
  case "$st" in COMPLETED|FAILED|CANCELLED) die "task $VICTIM finished ($st) before it could be cancelled; make the corpus larger (DOCS)" ;; esac
done
scancel "${array2}_$VICTIM"
say "scancel ${array2}_$VICTIM (it had started: $(basename "$attempt") exists)"
wait_job "$array2" 300
wait_job "$merge2" 60
say "array job $array2 and merge job $merge2 after the cancel:"
states "$array2"; states "$merge2"
[ "$(state_of "${array2}_$VICTIM")" = CANCELLED ] || die "task $VICTIM is $(state_of "${array2}_$VICTIM"), not CANCELLED"
[ "$(state_of "$merge2")" != COMPLETED ] || die "the merge job ran although a task was cancelled"
say "task $VICTIM's log:"
sed 's/^/    /' "$DOCPIPE_SLURM_LOGS"/*-"${array2}_$VICTIM".out

say "docpipe status $WORK/retry:"
set +e
status_out="$("$DOCPIPE" status "$WORK/retry")"; status_rc=$?
set -e
echo "$status_out" | sed 's/^/    /'
[ "$status_rc" -eq 1 ] || die "docpipe status exited $status_rc, expected 1 while a shard remains"
unfinished="$(echo "$status_out" | grep -E '^ +shard [0-9]+/[0-9]+ +(failed|missing)' | awk '{split($2, s, "/"); print s[1]}' | tr '\n' ',' | sed 's/,$//')"
[ "$unfinished" = "$VICTIM" ] || die "status names shards '$unfinished' as unfinished, expected exactly $VICTIM"
echo "$status_out" | grep -q -- "--shard $VICTIM/$SHARDS" || die "status prints no retry command for shard $VICTIM/$SHARDS"

say "retry: deploy/slurm/submit.sh --array=$unfinished $SHARDS $PIPE --input $WORK/corpus --output $WORK/retry"
sub="$(deploy/slurm/submit.sh --array="$unfinished" "$SHARDS" "$PIPE" "${INPUT[@]}" --output "$WORK/retry")"
echo "$sub" | sed 's/^/    /'
merge3="$(echo "$sub" | tail -n 1)"
array3="$(echo "$sub" | sed -n 's/^array job \([0-9]*\).*/\1/p')"
wait_job "$merge3" 300
say "retry array job $array3 and merge job $merge3:"
states "$array3"; states "$merge3"
[ "$(state_of "$merge3")" = COMPLETED ] || die "merge job $merge3 is $(state_of "$merge3")"
say "merge job $merge3's log (status, then merge; merge removes the parts):"
sed 's/^/    /' "$DOCPIPE_SLURM_LOGS"/*-merge-"$merge3".out
say "merge comparison after the retry:"
compare "$WORK/single" "$WORK/retry"

say "PASS: array job, dependent merge, failure and retry on a real Slurm ($(( $(date +%s) - T0 )) s)"
