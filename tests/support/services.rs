//! Third-party servers some C tests need besides nginx: forward proxies (tinyproxy, squid),
//! a DNS server (dnsmasq on 127.0.0.2:53), a DNS-over-HTTPS server (dnsdist), httpbin
//! (gunicorn from a Python venv) and a WebSocket echo server (tests/servers/ws_echo.py, PyPI
//! `websockets`, from the same venv). Each runs in the foreground as a child of the runner, with
//! a config rendered from `tests/servers/<name>.conf.in` into its own directory, and is
//! stopped (SIGTERM, then SIGKILL after 5 s) when dropped.
//!
//! A service is started only when a selected test's source names its environment variable.
//! One that cannot start (package missing, port taken) is reported with the reason, and its
//! variables stay unset, so the tests that need it fail with that message above them.

use std::ffi::OsString;
use std::fs;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// A running service.
pub struct Service {
    name: &'static str,
    child: Child,
}

impl Drop for Service {
    fn drop(&mut self) {
        let pid = self.child.id() as i32;
        // SAFETY: signalling our own child.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => return,
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(20)),
                _ => break,
            }
        }
        eprintln!("ffi: {} ignored SIGTERM for 5 s; killing it", self.name);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every started service and the environment the tests get from them.
#[derive(Default)]
pub struct Services {
    running: Vec<Service>,
    pub env: Vec<(String, OsString)>,
}

/// An unused TCP port on 127.0.0.1 (released at once; the service binds it right after).
fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Like [`free_port`], not one of `taken`, and free on ::1 too: a client of
/// `wss://localhost:P` may try ::1 first and must not find another server there.
fn free_port_both(taken: &[u16]) -> std::io::Result<u16> {
    let mut last = None;
    for _ in 0..20 {
        let v4 = TcpListener::bind("127.0.0.1:0")?;
        let port = v4.local_addr()?.port();
        if taken.contains(&port) {
            continue;
        }
        match TcpListener::bind(("::1", port)) {
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => last = Some(port),
            _ => return Ok(port),
        }
    }
    Err(std::io::Error::other(format!(
        "no port free on both 127.0.0.1 and ::1 (last tried {last:?})"
    )))
}

/// Whether `text` names the variable `var` exactly (not as the prefix of a longer name).
fn names_var(text: &str, var: &str) -> bool {
    text.match_indices(var).any(|(i, _)| {
        !text[i + var.len()..]
            .bytes()
            .next()
            .is_some_and(|b| b == b'_' || b.is_ascii_alphanumeric())
    })
}

/// Waits until the service's output (in `log`) has a line `ready`, at most `within`.
fn wait_ready(child: &mut Child, name: &str, log: &Path, within: Duration) -> Result<(), String> {
    let deadline = Instant::now() + within;
    loop {
        let text = fs::read_to_string(log).unwrap_or_default();
        if text.lines().any(|l| l.trim() == "ready") {
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!(
                "{name} exited during startup ({status}):\n{}",
                tail(log)
            ));
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "{name} did not print \"ready\" within {} s:\n{}",
                within.as_secs(),
                tail(log)
            ));
        }
        thread::sleep(Duration::from_millis(50));
    }
}

fn wait_tcp(child: &mut Child, addr: SocketAddr, name: &str, log: &Path) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!(
                "{name} exited during startup ({status}):\n{}",
                tail(log)
            ));
        }
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "{name} did not accept connections on {addr} within 15 s:\n{}",
                tail(log)
            ));
        }
        thread::sleep(Duration::from_millis(50));
    }
}

fn tail(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin", "/usr/bin"].map(PathBuf::from))
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

struct Spec<'a> {
    name: &'static str,
    /// Debian package that provides the program (for the message when it is missing).
    package: &'static str,
    program: PathBuf,
    args: Vec<OsString>,
    config: Option<&'static str>,
    vars: &'a [(&'a str, String)],
    ready: SocketAddr,
}

impl Services {
    /// Starts the services whose variables appear in `sources` (the selected tests' text).
    pub fn start(root: &Path, work: &Path, certs: &Path, sources: &str) -> Services {
        let mut s = Services::default();
        let wants = |var: &str| sources.contains(var);
        let servers = root.join("tests/servers");
        let report = |r: Result<(), String>| {
            if let Err(e) = r {
                println!("ffi: {e}");
            }
        };
        if wants("NETHTTP_TEST_TINYPROXY") {
            report(s.proxy(
                &servers,
                work,
                "tinyproxy",
                "tinyproxy",
                "NETHTTP_TEST_TINYPROXY",
            ));
            report(s.proxy(
                &servers,
                work,
                "tinyproxy-auth",
                "tinyproxy",
                "NETHTTP_TEST_TINYPROXY_AUTH",
            ));
        }
        if wants("NETHTTP_TEST_SQUID") {
            report(s.proxy(&servers, work, "squid", "squid", "NETHTTP_TEST_SQUID"));
        }
        if wants("NETHTTP_TEST_DNS_SERVER") {
            report(s.dnsmasq(&servers, work));
        }
        if wants("NETHTTP_TEST_DOH") {
            report(s.dnsdist(&servers, work, certs));
        }
        if wants("NETHTTP_TEST_HTTPBIN") {
            report(s.httpbin(root, work));
        }
        // Not a substring match: NETHTTP_TEST_WS_FAULT is the in-process server of tests/ffi.rs.
        if [
            "NETHTTP_TEST_WS",
            "NETHTTP_TEST_WSS",
            "NETHTTP_TEST_WSS_MTLS",
        ]
        .iter()
        .any(|v| names_var(sources, v))
        {
            report(s.ws_echo(root, work, certs));
        }
        s
    }

    fn dir(work: &Path, name: &str) -> Result<PathBuf, String> {
        let dir = work.join("services").join(name);
        fs::create_dir_all(&dir).map_err(|e| format!("{name}: {e}"))?;
        // The proxies drop root for nobody/proxy and must still write their logs here.
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o777))
            .map_err(|e| format!("{name}: {e}"))?;
        Ok(dir)
    }

    fn launch(&mut self, servers: &Path, dir: &Path, spec: Spec) -> Result<(), String> {
        let name = spec.name;
        if !spec.program.is_file() {
            return Err(format!(
                "{name} not found ({}): install the Debian package {} (.ci/run does)",
                spec.program.display(),
                spec.package
            ));
        }
        if let Some(template) = spec.config {
            let text = fs::read_to_string(servers.join(template))
                .map_err(|e| format!("{name}: {template}: {e}"))?;
            let mut text = text.replace("@DIR@", &dir.display().to_string());
            for (k, v) in spec.vars {
                text = text.replace(k, v);
            }
            fs::write(dir.join(template.trim_end_matches(".in")), text)
                .map_err(|e| format!("{name}: {e}"))?;
        }
        let out_path = dir.join("stdout.log");
        let out = fs::File::create(&out_path).map_err(|e| format!("{name}: {e}"))?;
        let err = out.try_clone().map_err(|e| format!("{name}: {e}"))?;
        let mut child = Command::new(&spec.program)
            .args(&spec.args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("{name}: cannot run {}: {e}", spec.program.display()))?;
        wait_tcp(&mut child, spec.ready, name, &out_path)?;
        self.running.push(Service { name, child });
        Ok(())
    }

    fn proxy(
        &mut self,
        servers: &Path,
        work: &Path,
        name: &'static str,
        program: &'static str,
        var: &str,
    ) -> Result<(), String> {
        let dir = Self::dir(work, name)?;
        let port = free_port().map_err(|e| format!("{name}: {e}"))?;
        let config = if name == "tinyproxy-auth" {
            "tinyproxy-auth.conf.in"
        } else if program == "squid" {
            "squid.conf.in"
        } else {
            "tinyproxy.conf.in"
        };
        let conf = dir.join(config.trim_end_matches(".in"));
        // The log must exist and be writable by the unprivileged user before it starts.
        let log = dir.join("proxy.log");
        fs::write(&log, "").map_err(|e| format!("{name}: {e}"))?;
        fs::set_permissions(&log, fs::Permissions::from_mode(0o666))
            .map_err(|e| format!("{name}: {e}"))?;
        let args: Vec<OsString> = if program == "squid" {
            vec!["-N".into(), "-f".into(), conf.into()]
        } else {
            vec!["-d".into(), "-c".into(), conf.into()]
        };
        let spec = Spec {
            name,
            package: program,
            program: find_program(program).unwrap_or_else(|| PathBuf::from(program)),
            args,
            config: Some(config),
            vars: &[("@PORT@", port.to_string())],
            ready: SocketAddr::from(([127, 0, 0, 1], port)),
        };
        self.launch(servers, &dir, spec)?;
        self.env
            .push((var.to_string(), format!("127.0.0.1:{port}").into()));
        self.env.push((format!("{var}_LOG"), log.into()));
        Ok(())
    }

    fn dnsmasq(&mut self, servers: &Path, work: &Path) -> Result<(), String> {
        let name = "dnsmasq";
        let dir = Self::dir(work, name)?;
        let conf = dir.join("dnsmasq.conf");
        let spec = Spec {
            name,
            package: "dnsmasq-base",
            program: find_program("dnsmasq").unwrap_or_else(|| PathBuf::from("dnsmasq")),
            args: vec![
                "--keep-in-foreground".into(),
                format!("--conf-file={}", conf.display()).into(),
            ],
            config: Some("dnsmasq.conf.in"),
            vars: &[],
            ready: SocketAddr::from(([127, 0, 0, 2], 53)),
        };
        self.launch(servers, &dir, spec)?;
        self.env
            .push(("NETHTTP_TEST_DNS_SERVER".into(), "127.0.0.2".into()));
        self.env.push((
            "NETHTTP_TEST_DNS_SERVER_LOG".into(),
            dir.join("dns.log").into(),
        ));
        Ok(())
    }

    fn dnsdist(&mut self, servers: &Path, work: &Path, certs: &Path) -> Result<(), String> {
        let name = "dnsdist";
        let dir = Self::dir(work, name)?;
        let port = free_port().map_err(|e| format!("{name}: {e}"))?;
        let port2 = free_port().map_err(|e| format!("{name}: {e}"))?;
        let conf = dir.join("dnsdist.conf");
        let spec = Spec {
            name,
            package: "dnsdist",
            program: find_program("dnsdist").unwrap_or_else(|| PathBuf::from("dnsdist")),
            args: vec![
                "--supervised".into(),
                "--disable-syslog".into(),
                "-C".into(),
                conf.into(),
            ],
            config: Some("dnsdist.conf.in"),
            vars: &[
                ("@PORT2@", port2.to_string()),
                ("@PORT@", port.to_string()),
                ("@CERTS@", certs.display().to_string()),
            ],
            ready: SocketAddr::from(([127, 0, 0, 1], port)),
        };
        self.launch(servers, &dir, spec)?;
        self.env.push((
            "NETHTTP_TEST_DOH".into(),
            format!("https://127.0.0.1:{port}/dns-query").into(),
        ));
        self.env
            .push(("NETHTTP_TEST_DOH_LOG".into(), dir.join("dns.log").into()));
        Ok(())
    }

    fn httpbin(&mut self, root: &Path, work: &Path) -> Result<(), String> {
        let name = "httpbin";
        let dir = Self::dir(work, name)?;
        let venv = venv(root);
        let gunicorn = venv.join("bin/gunicorn");
        if !gunicorn.is_file() {
            return Err(format!(
                "httpbin: {} not found: create the venv with `python3 -m venv {0}` and \
                 `{0}/bin/pip install httpbin gunicorn` (.ci/run does)",
                venv.display()
            ));
        }
        let port = free_port().map_err(|e| format!("{name}: {e}"))?;
        let spec = Spec {
            name,
            package: "python3-venv (then pip install httpbin gunicorn)",
            program: gunicorn,
            args: vec![
                "-b".into(),
                format!("127.0.0.1:{port}").into(),
                "-w".into(),
                "1".into(),
                "-k".into(),
                "gthread".into(),
                "--threads".into(),
                "8".into(),
                "--control-socket".into(),
                dir.join("gunicorn.ctl").into(),
                "httpbin:app".into(),
            ],
            config: None,
            vars: &[],
            ready: SocketAddr::from(([127, 0, 0, 1], port)),
        };
        self.launch(root, &dir, spec)?;
        self.env.push((
            "NETHTTP_TEST_HTTPBIN".into(),
            format!("http://127.0.0.1:{port}").into(),
        ));
        Ok(())
    }

    /// tests/servers/ws_echo.py on three ports: ws, wss (the run's localhost leaf certificate,
    /// as nginx uses) and wss requiring a client certificate from the test CA.
    fn ws_echo(&mut self, root: &Path, work: &Path, certs: &Path) -> Result<(), String> {
        let name = "ws_echo";
        let dir = Self::dir(work, name)?;
        let python = venv(root).join("bin/python");
        let has_websockets = Command::new(&python)
            .args(["-c", "import websockets"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !has_websockets {
            return Err(format!(
                "ws_echo: {} cannot import websockets: run scripts/install-deps.sh (.ci/run \
                 does), or `pip install websockets` into that venv",
                python.display()
            ));
        }
        let port = |what: &str, taken: &[u16]| {
            free_port_both(taken).map_err(|e| format!("{name}: {what} port: {e}"))
        };
        let ws = port("ws", &[])?;
        let wss = port("wss", &[ws])?;
        let mtls = port("mTLS wss", &[ws, wss])?;
        let out_path = dir.join("stdout.log");
        let out = fs::File::create(&out_path).map_err(|e| format!("{name}: {e}"))?;
        let err = out.try_clone().map_err(|e| format!("{name}: {e}"))?;
        let mut child = Command::new(&python)
            // Unbuffered, so "ready" reaches the log at once.
            .arg("-u")
            .arg(root.join("tests/servers/ws_echo.py"))
            .args(["--host", "127.0.0.1", "--port", &ws.to_string()])
            .args([
                "--tls-port",
                &wss.to_string(),
                "--mtls-port",
                &mtls.to_string(),
            ])
            .arg("--cert")
            .arg(certs.join("leaf.pem"))
            .arg("--key")
            .arg(certs.join("leaf.key"))
            .arg("--ca")
            .arg(certs.join("ca.pem"))
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("{name}: cannot run {}: {e}", python.display()))?;
        wait_ready(&mut child, name, &out_path, Duration::from_secs(20))?;
        self.running.push(Service { name, child });
        for (var, url) in [
            ("NETHTTP_TEST_WS", format!("ws://127.0.0.1:{ws}")),
            ("NETHTTP_TEST_WSS", format!("wss://localhost:{wss}")),
            ("NETHTTP_TEST_WSS_MTLS", format!("wss://localhost:{mtls}")),
        ] {
            self.env.push((var.to_string(), url.into()));
        }
        Ok(())
    }
}

/// The Python venv of httpbin and ws_echo.py: $NETHTTP_TEST_VENV or target/test-venv.
fn venv(root: &Path) -> PathBuf {
    std::env::var_os("NETHTTP_TEST_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/test-venv"))
}
