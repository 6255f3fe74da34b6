//! Runs the C ABI tests in `ffi-tests/` against real servers (`harness = false`).
//!
//! 1. Finds `libnethttp.so` built by this same `cargo test` run (target/<profile>/deps).
//! 2. Compiles every `ffi-tests/test_*.c` (cc, C11) and `test_*.cpp` (c++, C++17) with
//!    `-Wall -Wextra -Werror`, plus `examples-c/nethttp_fetch.c`,
//!    `examples-c/http_client_download.c` and `examples-c/nethttp_sock.c`; a compile error is
//!    a failure.
//! 3. Starts nginx (tests/servers/start-nginx.sh), the in-process fault server, fault proxy and
//!    WebSocket fault server, and the services the selected tests name (tests/support/services.rs).
//! 4. Runs the tests one after another, each with a timeout, and prints `N passed, N failed`.
//!
//! Arguments (after `cargo test --test ffi --`): substrings selecting tests by name, `--exact`,
//! `--skip SUBSTRING`, `--list`, `--nocapture` (show the output of passing tests too).
//! Environment: NETHTTP_TEST_FILTER (a substring), NETHTTP_TEST_TIMEOUT (default seconds per
//! test, 60), NETHTTP_TEST_SANITIZE=1 (ASan+UBSan for the C side), NETHTTP_TEST_VALGRIND=1
//! (each test under valgrind memcheck, timeouts ×10), NETHTTP_TEST_VERBOSE=1 (like
//! --nocapture), NETHTTP_TEST_KEEP=1 (keep the temporary directory), CC and CXX.
//! The environment each test gets is described in ffi-tests/common.h.

#[path = "support/fault_proxy.rs"]
mod fault_proxy;
#[path = "support/fault_server.rs"]
mod fault_server;
#[path = "support/services.rs"]
mod services;
#[path = "support/ws_fault_server.rs"]
mod ws_fault_server;

use std::ffi::OsString;
use std::fs;
use std::io;
use std::net::TcpListener;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use fault_proxy::FaultProxy;
use fault_server::FaultServer;
use ws_fault_server::WsFaultServer;

const LIB_FILE: &str = "libnethttp.so";
const DEFAULT_TIMEOUT_S: u64 = 60;
/// nginx uses BASEPORT .. BASEPORT + NGINX_PORTS - 1.
const NGINX_PORTS: u16 = 8;
/// Printed on failure: the end of a test's output, at most this many bytes.
const MAX_SHOWN_OUTPUT: usize = 64 * 1024;
/// Proxy variables libcurl would honour; the loopback servers must be reached directly.
const PROXY_VARS: &[&str] = &[
    "http_proxy",
    "HTTP_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "no_proxy",
    "NO_PROXY",
];

/// Set by SIGINT/SIGTERM: stop the running test, clean up, exit.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

fn main() {
    // Tests run in their own process group (so that a timeout can kill all they started), out of
    // reach of a terminal's Ctrl-C: handle it here, stop the test and the servers, then exit.
    let handler = on_signal as extern "C" fn(libc::c_int) as *const () as libc::sighandler_t;
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
    let code = run();
    // Only here, after run() has dropped the servers and the temporary directory.
    std::process::exit(code);
}

struct Options {
    filters: Vec<String>,
    skips: Vec<String>,
    exact: bool,
    list: bool,
    ignored_only: bool,
    verbose: bool,
    sanitize: bool,
    keep: bool,
    default_timeout: Duration,
}

impl Options {
    fn parse() -> Options {
        let mut o = Options {
            filters: Vec::new(),
            skips: Vec::new(),
            exact: false,
            list: false,
            ignored_only: false,
            verbose: env_flag("NETHTTP_TEST_VERBOSE"),
            sanitize: env_flag("NETHTTP_TEST_SANITIZE"),
            keep: env_flag("NETHTTP_TEST_KEEP"),
            default_timeout: Duration::from_secs(
                std::env::var("NETHTTP_TEST_TIMEOUT")
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(DEFAULT_TIMEOUT_S),
            ),
        };
        if let Ok(f) = std::env::var("NETHTTP_TEST_FILTER") {
            if !f.is_empty() {
                o.filters.push(f);
            }
        }
        // Accept what cargo passes on to test binaries; ignore libtest options that do not apply.
        let mut args = std::env::args().skip(1);
        while let Some(a) = args.next() {
            match a.as_str() {
                "--exact" => o.exact = true,
                "--list" => o.list = true,
                "--ignored" => o.ignored_only = true,
                "--nocapture" | "--no-capture" => o.verbose = true,
                "--skip" => o.skips.extend(args.next()),
                "--test-threads" | "--logfile" | "--format" | "--color" | "-Z" => {
                    args.next();
                }
                _ if a.starts_with('-') => {}
                _ => o.filters.push(a),
            }
        }
        o
    }

    fn selects(&self, name: &str) -> bool {
        let matches = |f: &String| {
            if self.exact {
                name == f
            } else {
                name.contains(f.as_str())
            }
        };
        !self.ignored_only
            && (self.filters.is_empty() || self.filters.iter().any(matches))
            && !self.skips.iter().any(|s| name.contains(s.as_str()))
    }
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// One test program.
struct TestCase {
    /// The file name, e.g. `test_smoke.c`.
    name: String,
    /// Relative to the project root.
    source: PathBuf,
    cxx: bool,
    timeout: Duration,
    /// The source text (which servers the test names decides which are started).
    text: String,
}

enum Outcome {
    Passed,
    Failed(String),
}

fn run() -> i32 {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let opts = Options::parse();

    let tests = match collect_tests(&root, &opts) {
        Ok(t) => t,
        Err(e) => return setup_failure(&format!("cannot list ffi-tests: {e}")),
    };
    if opts.list {
        for t in &tests {
            println!("{}: test", t.name);
        }
        return 0;
    }
    if tests.is_empty() {
        println!("ffi: no test selected");
        println!("0 passed, 0 failed");
        return 0;
    }

    let work = match TempDir::new(opts.keep) {
        Ok(w) => w,
        Err(e) => return setup_failure(&format!("cannot create a temporary directory: {e}")),
    };
    let libdir = match find_library(&root) {
        Ok(d) => d,
        Err(e) => return setup_failure(&e),
    };
    println!("ffi: library {}", libdir.join(LIB_FILE).display());

    let compiler = Compiler::new(&root, &libdir, &work.path.join("bin"), opts.sanitize);
    let mut results: Vec<(String, Outcome)> = Vec::new();

    // The example programs the tests drive, each named to the tests by an env variable.
    let mut example_bins: Vec<(&str, PathBuf)> = Vec::new();
    for (src, var) in [
        ("examples-c/nethttp_fetch.c", "NETHTTP_FETCH"),
        (
            "examples-c/http_client_download.c",
            "NETHTTP_CLIENT_DOWNLOAD",
        ),
        ("examples-c/nethttp_sock.c", "NETHTTP_SOCK"),
    ] {
        let src = Path::new(src);
        if !root.join(src).is_file() {
            continue;
        }
        match compiler.compile(src, false, false) {
            Ok(bin) => example_bins.push((var, bin)),
            Err(out) => {
                let name = format!("build {}", src.display());
                let outcome = Outcome::Failed("compile failed".into());
                report(&name, &outcome, Duration::ZERO, &out);
                results.push((name, outcome));
            }
        }
    }

    let builds = compiler.compile_tests(&tests);

    let servers = Servers::start(&root, &work.path);
    if let Err(e) = &servers {
        println!("ffi: servers did not start:\n{e}");
    }

    let mut env: Vec<(String, OsString)> = Vec::new();
    let mut extra = services::Services::default();
    if let Ok(s) = &servers {
        env = s.env();
        if opts.sanitize {
            // LeakSanitizer does not look inside mimalloc's heaps (src/alloc.rs).
            env.push(("NETHTTP_MALLOC".into(), "system".into()));
        }
        let sources: String = tests.iter().map(|t| t.text.as_str()).collect();
        extra =
            services::Services::start(&root, &work.path, &s.nginx.rundir.join("certs"), &sources);
        env.extend(extra.env.iter().cloned());
        for (var, bin) in &example_bins {
            env.push((var.to_string(), bin.clone().into()));
        }
    }

    for (test, build) in tests.iter().zip(builds) {
        if INTERRUPTED.load(Ordering::SeqCst) {
            break;
        }
        let start = Instant::now();
        let (outcome, output) = match (build, &servers) {
            (Err(out), _) => (Outcome::Failed("compile failed".into()), out),
            (Ok(_), Err(_)) => (
                Outcome::Failed("servers did not start, see above".into()),
                String::new(),
            ),
            (Ok(bin), Ok(_)) => run_test(&root, &work.path, test, &bin, &env),
        };
        report(&test.name, &outcome, start.elapsed(), &output);
        if opts.verbose && matches!(outcome, Outcome::Passed) {
            print_output(&output);
        }
        results.push((test.name.clone(), outcome));
    }

    drop(extra);
    drop(servers);
    if opts.keep {
        println!("ffi: kept {}", work.path.display());
    }

    let failed: Vec<&String> = results
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Failed(_)))
        .map(|(n, _)| n)
        .collect();
    let passed = results.len() - failed.len();
    if !failed.is_empty() {
        println!("\nfailures:");
        for n in &failed {
            println!("    {n}");
        }
    }
    println!();
    println!("{passed} passed, {} failed", failed.len());
    if INTERRUPTED.load(Ordering::SeqCst) {
        println!("ffi: interrupted");
        return 130;
    }
    i32::from(!failed.is_empty())
}

fn setup_failure(msg: &str) -> i32 {
    println!("ffi: {msg}");
    println!("0 passed, 1 failed");
    1
}

fn report(name: &str, outcome: &Outcome, elapsed: Duration, output: &str) {
    match outcome {
        Outcome::Passed => println!("{name} ... ok ({:.2}s)", elapsed.as_secs_f64()),
        Outcome::Failed(why) => {
            println!("{name} ... FAILED ({why}, {:.2}s)", elapsed.as_secs_f64());
            print_output(output);
        }
    }
}

fn print_output(output: &str) {
    if output.is_empty() {
        return;
    }
    let shown = if output.len() > MAX_SHOWN_OUTPUT {
        let mut cut = output.len() - MAX_SHOWN_OUTPUT;
        while !output.is_char_boundary(cut) {
            cut += 1;
        }
        println!("    [... {cut} bytes of output left out ...]");
        &output[cut..]
    } else {
        output
    };
    for line in shown.lines() {
        println!("    {line}");
    }
}

fn collect_tests(root: &Path, opts: &Options) -> io::Result<Vec<TestCase>> {
    let dir = root.join("ffi-tests");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut tests = Vec::new();
    for entry in fs::read_dir(&dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        let cxx = name.ends_with(".cpp");
        if !name.starts_with("test_") || !(cxx || name.ends_with(".c")) || !opts.selects(&name) {
            continue;
        }
        let source = Path::new("ffi-tests").join(&name);
        let text = fs::read_to_string(root.join(&source))?;
        let timeout = timeout_marker(&text)
            .map(Duration::from_secs)
            .unwrap_or(opts.default_timeout);
        // valgrind runs a program some ten times slower.
        let timeout = if env_flag("NETHTTP_TEST_VALGRIND") {
            timeout * 10
        } else {
            timeout
        };
        tests.push(TestCase {
            name,
            source,
            cxx,
            timeout,
            text,
        });
    }
    tests.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(tests)
}

/// `nethttp-test-timeout: SECONDS` anywhere in a test's source.
fn timeout_marker(source: &str) -> Option<u64> {
    const MARK: &str = "nethttp-test-timeout:";
    let rest = &source[source.find(MARK)? + MARK.len()..];
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The directory holding an up-to-date libnethttp.so.
///
/// `cargo test` builds the library's cdylib in the same rustc invocation as the rlib this test
/// links, into target/<profile>/deps (next to this executable), but does not copy it up to
/// target/<profile>/ as `cargo build` does. So deps/ is the place; a libnethttp.so directly in
/// target/<profile>/ may be stale. When deps/ has none (this binary run by hand after a clean),
/// build it with cargo: the build lock is free while cargo runs test binaries.
fn find_library(root: &Path) -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
    let deps = exe.parent().ok_or("test executable has no directory")?;
    if deps.join(LIB_FILE).is_file() {
        return Ok(deps.to_path_buf());
    }
    let profile_dir = deps.parent().ok_or("deps/ has no parent")?;
    let profile = match profile_dir.file_name().and_then(|n| n.to_str()) {
        Some("debug") => "dev",
        Some(p) => p,
        None => return Err("cannot tell the cargo profile".into()),
    };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    println!(
        "ffi: {LIB_FILE} not in {}; running cargo build",
        deps.display()
    );
    let status = Command::new(cargo)
        .args(["build", "--lib", "--profile", profile, "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .status()
        .map_err(|e| format!("cannot run cargo build: {e}"))?;
    if !status.success() {
        return Err(format!("cargo build failed: {status}"));
    }
    if profile_dir.join(LIB_FILE).is_file() {
        Ok(profile_dir.to_path_buf())
    } else {
        Err(format!(
            "cargo build made no {LIB_FILE} in {}",
            profile_dir.display()
        ))
    }
}

struct Compiler {
    root: PathBuf,
    bindir: PathBuf,
    cc: OsString,
    cxx: OsString,
    /// Flags for compiling and linking, before the sources.
    cflags: Vec<String>,
    /// After the sources.
    ldflags: Vec<String>,
    /// ffi-tests/common.c compiled once; None when there is no common.c.
    common: Result<Option<PathBuf>, String>,
}

impl Compiler {
    fn new(root: &Path, libdir: &Path, bindir: &Path, sanitize: bool) -> Compiler {
        let mut cflags: Vec<String> = ["-Wall", "-Wextra", "-Werror", "-O1", "-g", "-Iinclude"]
            .map(String::from)
            .to_vec();
        if sanitize {
            cflags.extend(
                [
                    "-fsanitize=address,undefined",
                    "-fno-sanitize-recover=undefined",
                    "-fno-omit-frame-pointer",
                ]
                .map(String::from),
            );
        }
        let libdir = libdir.display();
        let ldflags = vec![
            format!("-L{libdir}"),
            "-lnethttp".into(),
            format!("-Wl,-rpath,{libdir}"),
            "-lpthread".into(),
        ];
        let mut c = Compiler {
            root: root.to_path_buf(),
            bindir: bindir.to_path_buf(),
            cc: std::env::var_os("CC").unwrap_or_else(|| "cc".into()),
            cxx: std::env::var_os("CXX").unwrap_or_else(|| "c++".into()),
            cflags,
            ldflags,
            common: Ok(None),
        };
        c.common = c.compile_common();
        c
    }

    fn compile_common(&self) -> Result<Option<PathBuf>, String> {
        let src = Path::new("ffi-tests/common.c");
        if !self.root.join(src).is_file() {
            return Ok(None);
        }
        fs::create_dir_all(&self.bindir).map_err(|e| e.to_string())?;
        let obj = self.bindir.join("common.o");
        let mut cmd = Command::new(&self.cc);
        cmd.arg("-std=c11")
            .args(&self.cflags)
            .arg("-c")
            .arg(src)
            .arg("-o")
            .arg(&obj);
        self.invoke(cmd)
            .map(|()| Some(obj))
            .map_err(|e| format!("ffi-tests/common.c:\n{e}"))
    }

    /// Compiles and links one program; Err holds the compiler's output.
    fn compile(&self, src: &Path, cxx: bool, with_common: bool) -> Result<PathBuf, String> {
        let common = match (&self.common, with_common) {
            (Err(e), true) => return Err(e.clone()),
            (Ok(c), true) => c.clone(),
            (_, false) => None,
        };
        fs::create_dir_all(&self.bindir).map_err(|e| e.to_string())?;
        let file = src.file_name().unwrap_or_default().to_string_lossy();
        let bin = self.bindir.join(file.replace('.', "_"));
        let mut cmd = Command::new(if cxx { &self.cxx } else { &self.cc });
        cmd.arg(if cxx { "-std=c++17" } else { "-std=c11" })
            .args(&self.cflags)
            .arg("-Iffi-tests")
            .arg(src)
            .args(common)
            .arg("-o")
            .arg(&bin)
            .args(&self.ldflags);
        self.invoke(cmd).map(|()| bin)
    }

    fn invoke(&self, mut cmd: Command) -> Result<(), String> {
        let line = format!("{cmd:?}");
        let out = cmd
            .current_dir(&self.root)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("{line}\ncannot run the compiler: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{line}\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// Compiles every test, a few at a time; results in the order of `tests`.
    fn compile_tests(&self, tests: &[TestCase]) -> Vec<Result<PathBuf, String>> {
        let results: Mutex<Vec<Option<Result<PathBuf, String>>>> =
            Mutex::new(tests.iter().map(|_| None).collect());
        let next = AtomicUsize::new(0);
        let workers = thread::available_parallelism().map_or(2, |n| n.get());
        thread::scope(|s| {
            for _ in 0..workers.min(tests.len()) {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(t) = tests.get(i) else { break };
                    let r = self.compile(&t.source, t.cxx, true);
                    results.lock().unwrap()[i] = Some(r);
                });
            }
        });
        results
            .into_inner()
            .unwrap()
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err("not compiled".into())))
            .collect()
    }
}

/// Runs one compiled test; returns the outcome and its combined stdout+stderr.
fn run_test(
    root: &Path,
    work: &Path,
    test: &TestCase,
    bin: &Path,
    env: &[(String, OsString)],
) -> (Outcome, String) {
    let stem = test.name.replace('.', "_");
    let tmp = work.join("tmp").join(&stem);
    let log = work.join("out").join(format!("{stem}.log"));
    let result = (|| -> io::Result<(Outcome, String)> {
        fs::create_dir_all(&tmp)?;
        fs::create_dir_all(log.parent().unwrap())?;
        let out = fs::File::create(&log)?;
        // NETHTTP_TEST_VALGRIND=1: each test under memcheck (definite leaks and memory errors
        // fail it with status 99), on the C library's allocator.
        let mut cmd = if env_flag("NETHTTP_TEST_VALGRIND") {
            let mut c = Command::new("valgrind");
            c.args([
                "--quiet",
                "--error-exitcode=99",
                "--leak-check=full",
                "--errors-for-leak-kinds=definite",
                "--trace-children=no",
                "--suppressions=tests/valgrind.supp",
            ])
            .arg(bin)
            .env("NETHTTP_MALLOC", "system");
            c
        } else {
            Command::new(bin)
        };
        cmd.current_dir(root)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .env("NETHTTP_TEST_TMP", &tmp)
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            // Own process group: a timeout kills the test and anything it started.
            .process_group(0);
        for v in PROXY_VARS {
            cmd.env_remove(v);
        }
        // cargo puts target/<profile> (possibly holding a stale libnethttp.so) first on
        // LD_LIBRARY_PATH, which would override the binaries' rpath to the fresh library.
        cmd.env_remove("LD_LIBRARY_PATH");
        let mut child = cmd.spawn()?;
        let group = child.id() as i32;
        let deadline = Instant::now() + test.timeout;
        let mut pause = Duration::from_millis(1);
        let status = loop {
            if let Some(status) = child.try_wait()? {
                break Some(status);
            }
            if Instant::now() >= deadline || INTERRUPTED.load(Ordering::SeqCst) {
                kill_group(group);
                child.wait()?;
                break None;
            }
            thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(20));
        };
        kill_group(group); // leftovers of a finished test
        let output = String::from_utf8_lossy(&fs::read(&log)?).into_owned();
        let outcome = match status {
            Some(s) if s.success() => Outcome::Passed,
            Some(s) => Outcome::Failed(describe(s)),
            None if INTERRUPTED.load(Ordering::SeqCst) => Outcome::Failed("interrupted".into()),
            None => Outcome::Failed(format!("timed out after {} s", test.timeout.as_secs())),
        };
        Ok((outcome, output))
    })();
    result.unwrap_or_else(|e| (Outcome::Failed(format!("cannot run: {e}")), String::new()))
}

fn describe(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(c), _) => format!("exit status {c}"),
        (None, Some(sig)) => format!("killed by signal {sig}"),
        _ => status.to_string(),
    }
}

fn kill_group(group: i32) {
    // SAFETY: plain syscall; a group that no longer exists gives ESRCH, which is fine.
    unsafe {
        libc::kill(-group, libc::SIGKILL);
    }
}

/// A temporary directory removed on drop (unless kept for debugging).
struct TempDir {
    path: PathBuf,
    keep: bool,
}

impl TempDir {
    fn new(keep: bool) -> io::Result<TempDir> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path =
            std::env::temp_dir().join(format!("nethttp-ffi-{}-{nanos:09}", std::process::id()));
        fs::create_dir(&path)?;
        Ok(TempDir { path, keep })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !self.keep {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// nginx and the in-process servers; all stopped on drop (also when a panic unwinds).
struct Servers {
    nginx: Nginx,
    base: u16,
    fault: FaultServer,
    /// Relays to nginx's HTTP/1.1 port with TCP faults (tests/support/fault_proxy.rs).
    fault_proxy: FaultProxy,
    /// A WebSocket server that misbehaves on purpose (tests/support/ws_fault_server.rs).
    ws_fault: WsFaultServer,
}

struct Nginx {
    script_dir: PathBuf,
    rundir: PathBuf,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let status = Command::new("bash")
            .arg(self.script_dir.join("stop-nginx.sh"))
            .arg(&self.rundir)
            .stdin(Stdio::null())
            .status();
        if !status.as_ref().is_ok_and(|s| s.success()) {
            eprintln!("ffi: stop-nginx.sh failed: {status:?}");
        }
    }
}

impl Servers {
    fn start(root: &Path, work: &Path) -> Result<Servers, String> {
        let script_dir = root.join("tests/servers");
        let rundir = work.join("nginx");
        let mut errors = String::new();
        // A port found free can be taken before nginx binds it: try a few bases.
        for attempt in 0..3u16 {
            let Some(base) = free_base_port(attempt) else {
                return Err("no free range of ports for nginx".into());
            };
            let out = Command::new("bash")
                .arg(script_dir.join("start-nginx.sh"))
                .arg(&rundir)
                .arg(base.to_string())
                .stdin(Stdio::null())
                .output()
                .map_err(|e| format!("cannot run start-nginx.sh: {e}"))?;
            if out.status.success() {
                let nginx = Nginx { script_dir, rundir };
                let fault = FaultServer::start().map_err(|e| format!("fault server: {e}"))?;
                let fault_proxy = FaultProxy::start(([127, 0, 0, 1], base).into())
                    .map_err(|e| format!("fault proxy: {e}"))?;
                let ws_fault =
                    WsFaultServer::start().map_err(|e| format!("WebSocket fault server: {e}"))?;
                return Ok(Servers {
                    nginx,
                    base,
                    fault,
                    fault_proxy,
                    ws_fault,
                });
            }
            errors.push_str(&format!(
                "start-nginx.sh {} {base}: {}\n{}{}",
                rundir.display(),
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Err(errors)
    }

    fn env(&self) -> Vec<(String, OsString)> {
        let run = &self.nginx.rundir;
        let p = |offset: u16| self.base + offset;
        let mut env: Vec<(String, OsString)> = [
            ("NETHTTP_TEST_HTTP", format!("http://127.0.0.1:{}", p(0))),
            ("NETHTTP_TEST_H2C", format!("http://127.0.0.1:{}", p(1))),
            ("NETHTTP_TEST_HTTPS", format!("https://localhost:{}", p(2))),
            (
                "NETHTTP_TEST_HTTPS_EXPIRED",
                format!("https://localhost:{}", p(3)),
            ),
            (
                "NETHTTP_TEST_HTTPS_SELFSIGNED",
                format!("https://localhost:{}", p(4)),
            ),
            (
                "NETHTTP_TEST_HTTPS_MTLS",
                format!("https://localhost:{}", p(5)),
            ),
            (
                "NETHTTP_TEST_HTTPS_WRONGHOST",
                format!("https://localhost:{}", p(6)),
            ),
            (
                "NETHTTP_TEST_HTTPS_INCOMPLETE",
                format!("https://localhost:{}", p(7)),
            ),
            ("NETHTTP_TEST_FAULT", self.fault.url()),
            ("NETHTTP_TEST_FAULT_PROXY", self.fault_proxy.url()),
            ("NETHTTP_TEST_WS_FAULT", self.ws_fault.url()),
            ("NETHTTP_TEST_WS_FAULT_LOG", self.ws_fault.log_url()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.into()))
        .collect();
        for (k, path) in [
            ("NETHTTP_TEST_CA", run.join("certs/ca.pem")),
            ("NETHTTP_TEST_CERTS", run.join("certs")),
            ("NETHTTP_TEST_WWW", run.join("www")),
            ("NETHTTP_TEST_ACCESS_LOG", run.join("logs/access.log")),
        ] {
            env.push((k.to_string(), path.into()));
        }
        env
    }
}

/// The first BASEPORT, from a start that depends on our pid (parallel runs spread out), whose
/// NGINX_PORTS ports are free. Stays below 32768, where Linux's ephemeral ports begin.
fn free_base_port(attempt: u16) -> Option<u16> {
    const LOW: u32 = 20000;
    const SPAN: u32 = 12000;
    let start = (std::process::id() + u32::from(attempt) * 1009) % SPAN / 10 * 10;
    (0..SPAN / 10)
        .map(|i| (LOW + (start + i * 10) % SPAN) as u16)
        .find(|&base| (base..base + NGINX_PORTS).all(port_free))
}

fn port_free(port: u16) -> bool {
    // ::1 too: clients of https://localhost:P may try ::1 first and must not find another server.
    let v6_free = match TcpListener::bind(("::1", port)) {
        Ok(_) => true,
        Err(e) => e.kind() != io::ErrorKind::AddrInUse,
    };
    v6_free && TcpListener::bind(("127.0.0.1", port)).is_ok()
}
