//! Where log lines go: stderr, through a buffer. Writing each line with its own system call
//! (every request's access-log line) cost about a quarter of a small request's CPU time.

use std::{
    io::{self, BufWriter, Stderr, Write},
    sync::{Arc, Mutex, MutexGuard, OnceLock},
    time::Duration,
};

use tracing::{Level, Metadata};
use tracing_subscriber::fmt::MakeWriter;

/// How long an info line may wait in the buffer; warnings and errors go out at once.
const FLUSH_EVERY: Duration = Duration::from_millis(100);

#[derive(Clone)]
pub struct BufferedStderr(Arc<Mutex<BufWriter<Stderr>>>);

static OUTPUT: OnceLock<BufferedStderr> = OnceLock::new();

impl BufferedStderr {
    /// The process's log output, with a thread that writes the buffer out every
    /// `FLUSH_EVERY`.
    pub fn get() -> Self {
        OUTPUT
            .get_or_init(|| {
                let out = Self(Arc::new(Mutex::new(BufWriter::with_capacity(
                    64 * 1024,
                    io::stderr(),
                ))));
                let flusher = out.clone();
                std::thread::Builder::new()
                    .name("log-flush".into())
                    .spawn(move || {
                        loop {
                            std::thread::sleep(FLUSH_EVERY);
                            flusher.flush();
                        }
                    })
                    .expect("starting the log thread");
                out
            })
            .clone()
    }

    /// Writes out what is buffered (before the process exits).
    pub fn flush_all() {
        if let Some(out) = OUTPUT.get() {
            out.flush();
        }
    }

    fn flush(&self) {
        let _ = self.lock().flush();
    }

    fn lock(&self) -> MutexGuard<'_, BufWriter<Stderr>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// One log line being written; flushed when it is dropped if it is urgent.
pub struct Line<'a> {
    out: MutexGuard<'a, BufWriter<Stderr>>,
    urgent: bool,
}

impl Write for Line<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Drop for Line<'_> {
    fn drop(&mut self) {
        if self.urgent {
            let _ = self.out.flush();
        }
    }
}

impl<'a> MakeWriter<'a> for BufferedStderr {
    type Writer = Line<'a>;

    fn make_writer(&'a self) -> Line<'a> {
        Line {
            out: self.lock(),
            urgent: true,
        }
    }

    fn make_writer_for(&'a self, meta: &Metadata<'_>) -> Line<'a> {
        Line {
            out: self.lock(),
            // Levels order by verbosity: WARN and ERROR are the ones below INFO.
            urgent: *meta.level() <= Level::WARN,
        }
    }
}
