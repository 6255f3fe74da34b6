//! `dnsServers`: resolving a request's host through the DNS servers it names, on a resolver
//! thread of its own (the bundled libcurl has no c-ares, and the worker thread must never
//! wait for DNS). Lookups use hickory-resolver on a single-threaded tokio runtime, several
//! at once. The first address found is handed to libcurl as a CURLOPT_CONNECT_TO entry for
//! the request's host and port (so Host, SNI and certificate checks keep the name); then the
//! job goes to the engine. A failed lookup also goes to the engine, which delivers it like
//! any other failure (2300006) on the usual thread.

use crate::core::curl::url::CurlUrl;
use crate::core::error::{Error, CURL_BASE};
use crate::http::netopts::AddressFamily;
use crate::http::transfer::Job;
use hickory_resolver::config::{LookupIpStrategy, NameServerConfig, ResolveHosts, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::Resolver;
use once_cell::sync::OnceCell;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::time::Duration;
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

/// Work for the resolver thread: an HTTP job, or another module's lookup.
enum Task {
    Job(Box<Job>),
    Other(Pin<Box<dyn Future<Output = ()> + Send>>),
}

static RESOLVER: OnceCell<UnboundedSender<Task>> = OnceCell::new();

/// Longest wait for one DNS server's answer (one try per server).
const QUERY_TIMEOUT: Duration = Duration::from_secs(2);

/// Resolves the job's host through its `dnsServers`, then submits it to the engine.
pub fn submit(job: Box<Job>) {
    if let Err(e) = sender().send(Task::Job(job)) {
        // The resolver thread is gone (it never exits while the sender lives): fail the job.
        if let Task::Job(mut job) = e.0 {
            job.pre_error = Some(Error::new(
                crate::core::error::UNKNOWN,
                "dnsServers: the resolver thread is not running",
            ));
            crate::http::worker::submit(job);
        }
    }
}

/// Runs another module's lookup (a future that hands its result on itself) on the resolver
/// thread. False when that thread is not running.
pub fn spawn(f: impl Future<Output = ()> + Send + 'static) -> bool {
    sender().send(Task::Other(Box::pin(f))).is_ok()
}

fn sender() -> &'static UnboundedSender<Task> {
    RESOLVER.get_or_init(|| {
        let (tx, mut rx) = unbounded_channel::<Task>();
        std::thread::Builder::new()
            .name("nethttp-resolver".into())
            .spawn(move || {
                crate::core::error::quiet_thread();
                let rt = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        // No runtime: fail every job rather than hang it (a dropped
                        // lookup of another module reports its own failure).
                        while let Some(task) = rx.blocking_recv() {
                            if let Task::Job(mut job) = task {
                                job.pre_error = Some(Error::new(
                                    crate::core::error::UNKNOWN,
                                    format!("dnsServers: cannot start the resolver: {e}"),
                                ));
                                crate::http::worker::submit(job);
                            }
                        }
                        return;
                    }
                };
                rt.block_on(async move {
                    while let Some(task) = rx.recv().await {
                        match task {
                            Task::Job(job) => tokio::spawn(resolve_and_submit(job)),
                            Task::Other(f) => tokio::spawn(f),
                        };
                    }
                });
            })
            .expect("spawn nethttp resolver thread");
        tx
    })
}

async fn resolve_and_submit(mut job: Box<Job>) {
    if !job.shared.is_cancelled() {
        match connect_to_entry(
            &job.url,
            &job.opts.net.dns_servers,
            job.opts.net.address_family,
        )
        .await
        {
            Ok(entry) => job.connect_to = entry,
            Err(e) => job.pre_error = Some(e),
        }
    }
    crate::http::worker::submit(job);
}

/// `host:port:address:port` for CURLOPT_CONNECT_TO, or None when the URL's host is an IP.
pub async fn connect_to_entry(
    url: &str,
    servers: &[IpAddr],
    family: AddressFamily,
) -> Result<Option<String>, Error> {
    let u = CurlUrl::parse(url)?;
    let host = u.host();
    if host.parse::<IpAddr>().is_ok() {
        return Ok(None);
    }
    let port = u
        .port()
        .ok_or_else(|| Error::new(CURL_BASE + 3, "url: no port for the scheme"))?;
    let ip = lookup(&host, servers, family).await?;
    let addr = match ip {
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => format!("[{a}]"),
    };
    let name = if host.contains(':') {
        format!("[{host}]")
    } else {
        host
    };
    Ok(Some(format!("{name}:{port}:{addr}:{port}")))
}

/// The first address of `host` according to `servers` (system resolver and hosts file
/// not consulted).
pub async fn lookup(
    host: &str,
    servers: &[IpAddr],
    family: AddressFamily,
) -> Result<IpAddr, Error> {
    let config = ResolverConfig::from_parts(
        None,
        Vec::new(),
        servers
            .iter()
            .map(|ip| NameServerConfig::udp_and_tcp(*ip))
            .collect(),
    );
    let mut builder = Resolver::builder_with_config(config, TokioRuntimeProvider::default());
    let o = builder.options_mut();
    o.timeout = QUERY_TIMEOUT;
    o.attempts = 1;
    o.use_hosts_file = ResolveHosts::Never;
    o.ndots = 0;
    o.ip_strategy = match family {
        AddressFamily::Default => LookupIpStrategy::Ipv4thenIpv6,
        AddressFamily::OnlyV4 => LookupIpStrategy::Ipv4Only,
        AddressFamily::OnlyV6 => LookupIpStrategy::Ipv6Only,
    };
    let resolver = builder
        .build()
        .map_err(|e| Error::new(CURL_BASE + 6, format!("dnsServers: {e}")))?;
    let fqdn = if host.ends_with('.') {
        host.to_string()
    } else {
        format!("{host}.")
    };
    let found = resolver.lookup_ip(fqdn.as_str()).await.map_err(|e| {
        Error::new(
            CURL_BASE + 6,
            format!("could not resolve {host} through dnsServers: {e}"),
        )
    })?;
    found.iter().next().ok_or_else(|| {
        Error::new(
            CURL_BASE + 6,
            format!("could not resolve {host} through dnsServers: no address"),
        )
    })
}
