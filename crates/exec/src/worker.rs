//! One long-lived copy of the external program and the three threads that
//! move bytes to and from it.
//!
//! A writer thread feeds stdin (so a program that stops reading can never
//! block the caller), a reader thread turns stdout into lines on a channel
//! (so the caller can wait with a timeout), and a stderr thread logs every
//! line through `tracing` and keeps the last few for error messages.

use crate::error::ExecError;
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How many stderr lines a worker keeps for error messages.
const STDERR_KEEP: usize = 8;
/// The longest stderr line kept; the rest of a longer one is skipped.
const STDERR_LINE_MAX: usize = 4096;
/// How many stderr lines of one worker are logged; later ones are counted.
const STDERR_LOG_LINES: usize = 20;
/// How long a worker that closed its stdout gets to exit before it is
/// killed, when its exit status is wanted for an error message.
const EXIT_GRACE: Duration = Duration::from_millis(500);
/// How long a worker gets to exit after its stdin is closed on shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(250);

/// How to start the program.
#[derive(Debug, Clone)]
pub(crate) struct Launch {
    /// argv; never empty (checked when the stage is built).
    pub argv: Vec<String>,
    /// Extra environment variables.
    pub env: Vec<(String, String)>,
    /// Working directory.
    pub cwd: Option<PathBuf>,
}

impl Launch {
    /// argv\[0\], for messages.
    pub fn program(&self) -> &str {
        self.argv.first().map_or("", String::as_str)
    }
}

/// What the worker's threads report.
enum Event {
    /// One line of stdout, without its newline.
    Line(Vec<u8>),
    /// stdout reached its end.
    Eof,
    /// A stdout line went past the cap; the reader stopped there.
    TooLong,
    /// Reading stdout failed.
    ReadFailed(std::io::Error),
    /// Writing stdin failed (the program is gone or closed stdin).
    WriteFailed(std::io::Error),
}

/// Why a request got no reply.
pub(crate) enum Failure {
    /// No reply within the time limit; the worker must be killed.
    Timeout,
    /// The reply line went past the cap; the worker must be killed.
    TooLong,
    /// The program is gone or stopped talking.
    Exited(ExecError),
}

/// A running program.
pub(crate) struct Worker {
    index: usize,
    program: String,
    child: Child,
    to_stdin: Option<Sender<Vec<u8>>>,
    events: Receiver<Event>,
    /// The longest stdout line the reader accepts, set per request.
    reply_cap: Arc<AtomicUsize>,
    stderr: Arc<Mutex<VecDeque<String>>>,
    stderr_done: Receiver<()>,
}

impl Worker {
    /// Starts the program with piped stdin, stdout and stderr.
    pub fn spawn(index: usize, launch: &Launch) -> Result<Worker, ExecError> {
        let program = launch.program().to_owned();
        let mut cmd = Command::new(&program);
        // Its own process group, so that killing it (kill_group) also ends
        // what it started: sh wrappers, launchers, multiprocessing pools.
        cmd.process_group(0);
        cmd.args(launch.argv.iter().skip(1))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in &launch.env {
            cmd.env(k, v);
        }
        if let Some(dir) = &launch.cwd {
            cmd.current_dir(dir);
        }
        let mut child = cmd.spawn().map_err(|source| ExecError::Spawn {
            program: program.clone(),
            source,
        })?;
        let pid = child.id();
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            // invariant: all three were asked for as pipes just above.
            let _ = child.kill();
            let _ = child.wait();
            return Err(ExecError::Spawn {
                program,
                source: std::io::Error::other("missing stdio pipe"),
            });
        };
        tracing::debug!(stage = "exec", worker = index, pid, program = %program, "Worker started.");

        let (events_tx, events) = crossbeam_channel::bounded(16);
        let (to_stdin, stdin_rx) = crossbeam_channel::unbounded::<Vec<u8>>();
        let writer_events = events_tx.clone();
        spawn_thread(format!("exec-{index}-stdin"), move || {
            write_stdin(stdin, &stdin_rx, &writer_events);
        });
        let reply_cap = Arc::new(AtomicUsize::new(usize::MAX));
        let cap_for_reader = Arc::clone(&reply_cap);
        spawn_thread(format!("exec-{index}-stdout"), move || {
            read_stdout(stdout, &cap_for_reader, &events_tx);
        });

        let kept = Arc::new(Mutex::new(VecDeque::with_capacity(STDERR_KEEP)));
        let (done_tx, stderr_done) = crossbeam_channel::bounded::<()>(0);
        let span = tracing::Span::current();
        let kept_by_thread = Arc::clone(&kept);
        let name = program.clone();
        spawn_thread(format!("exec-{index}-stderr"), move || {
            let _entered = span.enter();
            read_stderr(stderr, &kept_by_thread, index, pid, &name);
            drop(done_tx);
        });

        Ok(Worker {
            index,
            program,
            child,
            to_stdin: Some(to_stdin),
            events,
            reply_cap,
            stderr: kept,
            stderr_done,
        })
    }

    /// The worker's index in the pool.
    pub fn index(&self) -> usize {
        self.index
    }

    /// Sends one line (the newline is added here) and waits up to
    /// `timeout` for the next non-blank line of stdout, of at most `cap`
    /// bytes.
    pub fn request(
        &mut self,
        mut line: Vec<u8>,
        timeout: Duration,
        cap: usize,
    ) -> Result<Vec<u8>, Failure> {
        // Set before the line goes out: the answer cannot start earlier.
        self.reply_cap.store(cap, Ordering::Relaxed);
        line.push(b'\n');
        let sent = self
            .to_stdin
            .as_ref()
            .is_some_and(|tx| tx.send(line).is_ok());
        if !sent {
            return Err(Failure::Exited(self.exited("closed its stdin")));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(Event::Line(l)) if l.iter().all(u8::is_ascii_whitespace) => {}
                Ok(Event::Line(l)) => return Ok(l),
                Ok(Event::Eof) => return Err(Failure::Exited(self.exited("closed its stdout"))),
                Ok(Event::TooLong) => return Err(Failure::TooLong),
                Ok(Event::ReadFailed(e)) => {
                    return Err(Failure::Exited(
                        self.exited(&format!("failed reading its stdout ({e})")),
                    ));
                }
                Ok(Event::WriteFailed(e)) => {
                    return Err(Failure::Exited(
                        self.exited(&format!("stopped reading its stdin ({e})")),
                    ));
                }
                Err(RecvTimeoutError::Timeout) => return Err(Failure::Timeout),
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(Failure::Exited(self.exited("closed its stdout")));
                }
            }
        }
    }

    /// Builds the error for a program that stopped talking: waits briefly
    /// for its exit status and its last stderr lines, killing it if needed.
    fn exited(&mut self, what: &str) -> ExecError {
        let status = match wait_for(&mut self.child, EXIT_GRACE) {
            Some(status) => format!("exited ({status})"),
            None => {
                kill_group(&mut self.child);
                format!("{what} and was killed")
            }
        };
        // The stderr thread ends when the pipe closes; give it a moment to
        // collect the final lines.
        let _ = self.stderr_done.recv_timeout(EXIT_GRACE);
        ExecError::Exited {
            worker: self.index,
            program: self.program.clone(),
            status,
            stderr: self.stderr_tail(),
        }
    }

    /// The last lines the program wrote to stderr.
    pub fn stderr_tail(&self) -> Vec<String> {
        self.stderr
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .cloned()
            .collect()
    }

    /// The program's name (argv\[0\]).
    pub fn program(&self) -> &str {
        &self.program
    }

    /// Closes the program's stdin: a well-behaved program then exits.
    pub fn close_stdin(&mut self) {
        self.to_stdin = None;
    }

    /// Kills the program at once (after a timeout or garbage).
    pub fn kill(mut self) {
        self.to_stdin = None;
        kill_group(&mut self.child);
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing stdin asks a well-behaved program to finish; whatever is
        // still running after a short grace is killed, so no child outlives
        // the stage.
        self.to_stdin = None;
        if wait_for(&mut self.child, SHUTDOWN_GRACE).is_none() {
            kill_group(&mut self.child);
        }
        // The stderr thread drains what the program wrote last and then
        // logs how many lines it did not: let it, or a busy machine ends
        // the run before that count is written.
        let _ = self.stderr_done.recv_timeout(EXIT_GRACE);
        tracing::debug!(stage = "exec", worker = self.index, "Worker stopped.");
    }
}

/// Kills `child` and every process of its group (it leads its own, see
/// `spawn`), then reaps it. Called before the child is reaped, so its pid
/// still names our group. std has no way to signal a group and the
/// workspace forbids `unsafe` (so no `kill(2)` through libc): this runs
/// `kill(1)`, and falls back to killing the child alone if that fails.
fn kill_group(child: &mut Child) {
    let group = format!("-{}", child.id());
    let _ = Command::new("kill")
        .args(["-s", "KILL", "--", &group])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

/// Polls `child` until it exits or `grace` passes.
fn wait_for(child: &mut Child, grace: Duration) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + grace;
    let mut pause = Duration::from_micros(200);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            Ok(None) | Err(_) => return None,
        }
    }
}

fn spawn_thread(name: String, f: impl FnOnce() + Send + 'static) {
    let shown = name.clone();
    // A thread that cannot be spawned leaves its pipe unserved: the worker
    // then fails its first request (at worst by timing out), never hangs.
    if let Err(e) = std::thread::Builder::new().name(name).spawn(f) {
        tracing::error!(stage = "exec", thread = %shown, error = %e, "Could not start a worker thread.");
    }
}

fn write_stdin(mut stdin: ChildStdin, lines: &Receiver<Vec<u8>>, events: &Sender<Event>) {
    for line in lines {
        if let Err(e) = stdin.write_all(&line).and_then(|()| stdin.flush()) {
            let _ = events.send(Event::WriteFailed(e));
            return;
        }
    }
}

/// How a capped line read ended.
#[derive(Debug, PartialEq, Eq)]
enum Took {
    /// A whole line (its newline consumed, not stored), or the last bytes
    /// before end of input.
    Line,
    /// `cap` bytes came without a newline; the rest of the line is unread.
    Over,
    /// End of input, nothing read.
    Eof,
}

/// Appends the next line to `line` (without its newline), reading
/// incrementally so that at most `cap` bytes are ever buffered, however
/// long the line: `read_until` would grow without bound on a program that
/// never writes a newline.
///
/// `cap` is read each time bytes arrive, not once per line: the reader
/// waits for a line before the request that sets the cap is made.
fn read_line_capped(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
    cap: &AtomicUsize,
) -> std::io::Result<Took> {
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(if line.is_empty() {
                Took::Eof
            } else {
                Took::Line
            });
        }
        let newline = buf.iter().position(|&b| b == b'\n');
        let content = newline.unwrap_or(buf.len());
        let room = cap.load(Ordering::Relaxed).saturating_sub(line.len());
        if content > room {
            line.extend_from_slice(&buf[..room]);
            reader.consume(room);
            return Ok(Took::Over);
        }
        line.extend_from_slice(&buf[..content]);
        match newline {
            Some(at) => {
                reader.consume(at + 1);
                return Ok(Took::Line);
            }
            None => reader.consume(content),
        }
    }
}

fn read_stdout(stdout: impl Read, cap: &AtomicUsize, events: &Sender<Event>) {
    let mut reader = BufReader::with_capacity(64 * 1024, stdout);
    loop {
        let mut line = Vec::new();
        let event = match read_line_capped(&mut reader, &mut line, cap) {
            Ok(Took::Eof) => Event::Eof,
            Ok(Took::Line) => {
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                Event::Line(line)
            }
            // The worker is killed for this; reading on would only fill
            // memory with the rest of the line.
            Ok(Took::Over) => Event::TooLong,
            Err(e) => Event::ReadFailed(e),
        };
        let last = !matches!(event, Event::Line(_));
        if events.send(event).is_err() || last {
            return;
        }
    }
}

fn read_stderr(
    stderr: impl Read,
    kept: &Mutex<VecDeque<String>>,
    worker: usize,
    pid: u32,
    program: &str,
) {
    let mut reader = BufReader::new(stderr);
    let mut buf = Vec::new();
    let cap = AtomicUsize::new(STDERR_LINE_MAX);
    let mut logged = 0usize;
    let mut unlogged = 0usize;
    loop {
        buf.clear();
        // Capped like stdout: a program that writes stderr without a
        // newline must not fill memory.
        let cut = match read_line_capped(&mut reader, &mut buf, &cap) {
            Ok(Took::Eof) | Err(_) => break,
            Ok(Took::Line) => false,
            Ok(Took::Over) => match skip_line(&mut reader) {
                Ok(()) => true,
                Err(_) => break,
            },
        };
        let mut line = String::from_utf8_lossy(&buf).trim_end().to_owned();
        if line.is_empty() {
            continue;
        }
        if cut {
            line.push_str(" … (line cut)");
        }
        // A chatty program must not flood the log: the first lines are
        // logged, the rest counted (and the last few kept for the error
        // message of a document that fails).
        if logged < STDERR_LOG_LINES {
            logged += 1;
            tracing::warn!(stage = "exec", worker, pid, program, line = %line, "Worker wrote to stderr.");
            if logged == STDERR_LOG_LINES {
                tracing::warn!(
                    stage = "exec",
                    worker,
                    pid,
                    program,
                    "Worker wrote {STDERR_LOG_LINES} lines to stderr; its further lines are counted, not logged."
                );
            }
        } else {
            unlogged += 1;
        }
        let mut kept = kept.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.len() == STDERR_KEEP {
            kept.pop_front();
        }
        kept.push_back(line);
    }
    if unlogged > 0 {
        tracing::warn!(
            stage = "exec",
            worker,
            pid,
            program,
            "Worker wrote {unlogged} more lines to stderr that were not logged."
        );
    }
}

/// Consumes the rest of a line (through its newline, or to the end of
/// input) without keeping it, [`STDERR_LINE_MAX`] bytes at a time.
fn skip_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    let piece = AtomicUsize::new(STDERR_LINE_MAX);
    let mut scratch = Vec::new();
    while read_line_capped(reader, &mut scratch, &piece)? == Took::Over {
        scratch.clear();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_lines_stop_at_the_cap() {
        let mut r = BufReader::with_capacity(4, &b"ab\ncdefgh\nij"[..]);
        let mut line = Vec::new();
        let five = AtomicUsize::new(5);
        assert_eq!(
            read_line_capped(&mut r, &mut line, &five).unwrap(),
            Took::Line
        );
        assert_eq!(line, b"ab");
        line.clear();
        assert_eq!(
            read_line_capped(&mut r, &mut line, &five).unwrap(),
            Took::Over
        );
        assert_eq!(line, b"cdefg", "exactly the cap is kept");
        line.clear();
        // A line exactly at the cap is fine.
        assert_eq!(
            read_line_capped(&mut r, &mut line, &AtomicUsize::new(1)).unwrap(),
            Took::Line
        );
        assert_eq!(line, b"h");
        line.clear();
        assert_eq!(
            read_line_capped(&mut r, &mut line, &five).unwrap(),
            Took::Line
        );
        assert_eq!(line, b"ij", "the last bytes without a newline");
        line.clear();
        assert_eq!(
            read_line_capped(&mut r, &mut line, &five).unwrap(),
            Took::Eof
        );
    }
}
