//! The memory allocator of nethttp's own code and of its private libcurl: mimalloc.
//!
//! libcurl makes ~80 allocations per request, most of them with `calloc`. In a process with
//! more than one thread (every nethttp process: the worker) glibc's `calloc` takes the arena
//! lock and bypasses the per-thread cache, and frees that overflow the cache take the lock
//! too; on the benchmark's HTTP/2 workload glibc's allocator was 11-12 % of the client's CPU
//! time against 8 % for the same libcurl in a single-threaded program. mimalloc's per-thread
//! heaps take no lock on either path (bench/findings.md, fifth round).
//!
//! libcurl is linked statically and privately (feature `static-curl`), so nothing but
//! nethttp allocates or frees through it, and its allocator can be replaced with
//! `curl_global_init_mem`. That must happen before libcurl allocates anything that lives
//! on; the curl crate initialises libcurl from a load-time constructor, so this module's own
//! constructor (run when the library is loaded, before the application can call into it)
//! shuts that first initialisation down again and initialises libcurl with mimalloc's
//! functions. With `system-curl` the process-wide libcurl may be shared with the
//! application, so its allocator is left alone. The application's own `malloc` is never
//! touched: everything nethttp hands out is released by nethttp's functions.
//!
//! `NETHTTP_MALLOC=system` in the environment (read once, at the library's first allocation)
//! keeps both on the C library's `malloc`: for leak checkers and memory debuggers (ASan/LSan,
//! valgrind memcheck), which do not see inside mimalloc's heaps. The test suite's sanitizer
//! run sets it.

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU8, Ordering};

/// mimalloc, or the C library's allocator when `NETHTTP_MALLOC=system`; decided at the first
/// allocation and never changed after, so every block is freed by the allocator that made it.
struct Allocator;

#[global_allocator]
static GLOBAL: Allocator = Allocator;

const UNDECIDED: u8 = 0;
const MIMALLOC: u8 = 1;
const SYSTEM: u8 = 2;
static MODE: AtomicU8 = AtomicU8::new(UNDECIDED);

#[inline]
fn system() -> bool {
    match MODE.load(Ordering::Relaxed) {
        MIMALLOC => false,
        SYSTEM => true,
        _ => decide(),
    }
}

#[cold]
fn decide() -> bool {
    // SAFETY: getenv allocates nothing; the string is only read here.
    let v = unsafe { libc::getenv(c"NETHTTP_MALLOC".as_ptr()) };
    // SAFETY: a non-NULL getenv result is a NUL-terminated string.
    let sys = !v.is_null() && unsafe { std::ffi::CStr::from_ptr(v) }.to_bytes() == b"system";
    let mode = if sys { SYSTEM } else { MIMALLOC };
    // Two threads deciding at once read the same environment; the first store wins.
    match MODE.compare_exchange(UNDECIDED, mode, Ordering::Relaxed, Ordering::Relaxed) {
        Ok(_) => sys,
        Err(m) => m == SYSTEM,
    }
}

// SAFETY: each call goes to one of two conforming allocators, the same one for the whole
// process (`MODE` never changes once decided).
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        if system() {
            System.alloc(l)
        } else {
            mimalloc::MiMalloc.alloc(l)
        }
    }
    #[inline]
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        if system() {
            System.alloc_zeroed(l)
        } else {
            mimalloc::MiMalloc.alloc_zeroed(l)
        }
    }
    #[inline]
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        if system() {
            System.dealloc(p, l)
        } else {
            mimalloc::MiMalloc.dealloc(p, l)
        }
    }
    #[inline]
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        if system() {
            System.realloc(p, l, n)
        } else {
            mimalloc::MiMalloc.realloc(p, l, n)
        }
    }
}

/// mimalloc v3's `mi_option_arena_eager_commit` (not named by libmimalloc-sys).
const MI_OPTION_ARENA_EAGER_COMMIT: mi::mi_option_t = 4;

/// Runs from the load-time constructor below (once per load of the library).
fn install() {
    if system() {
        return;
    }
    // Arenas committed up front count in the resident size at once (+6 MiB for an idle
    // process here); committed as they are used, mimalloc costs ~0.6 MiB over glibc.
    // SAFETY: sets a plain option value.
    unsafe { mi::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0) };
    #[cfg(feature = "static-curl")]
    curl_mem::install();
}

#[used]
#[cfg_attr(
    any(target_os = "linux", target_os = "freebsd", target_os = "android"),
    link_section = ".init_array"
)]
#[cfg_attr(target_os = "macos", link_section = "__DATA,__mod_init_func")]
#[cfg_attr(target_os = "windows", link_section = ".CRT$XCU")]
static CTOR: extern "C" fn() = {
    extern "C" fn ctor() {
        install();
    }
    ctor
};

#[cfg(feature = "static-curl")]
mod curl_mem {
    use super::mi;
    use libc::{c_char, c_void, size_t};

    extern "C" fn malloc(n: size_t) -> *mut c_void {
        // SAFETY: plain allocation call.
        unsafe { mi::mi_malloc(n) }
    }
    extern "C" fn free(p: *mut c_void) {
        // SAFETY: p is NULL or came from one of these functions (see `install`).
        unsafe { mi::mi_free(p) }
    }
    extern "C" fn realloc(p: *mut c_void, n: size_t) -> *mut c_void {
        // SAFETY: as for free.
        unsafe { mi::mi_realloc(p, n) }
    }
    extern "C" fn strdup(s: *const c_char) -> *mut c_char {
        // SAFETY: libcurl passes a NUL-terminated string.
        unsafe { mi::mi_strdup(s) }
    }
    extern "C" fn calloc(n: size_t, size: size_t) -> *mut c_void {
        // SAFETY: plain allocation call.
        unsafe { mi::mi_calloc(n, size) }
    }

    /// Re-initialises libcurl with mimalloc as its allocator. Runs at load time, before any
    /// libcurl object exists: the only libcurl memory then is its global state from the
    /// curl crate's initialisation, which `curl_global_cleanup` frees with the allocator
    /// that made it. (Whichever of the two constructors runs first, `curl::init` has run
    /// once when this starts, and never initialises again.)
    pub(super) fn install() {
        curl::init();
        // SAFETY: at load time, while no libcurl handle exists (nethttp creates none
        // before it is called, and this libcurl is private to it).
        unsafe {
            curl_sys::curl_global_cleanup();
            let rc = curl_sys::curl_global_init_mem(
                curl_sys::CURL_GLOBAL_ALL,
                malloc,
                free,
                realloc,
                strdup,
                calloc,
            );
            if rc != curl_sys::CURLE_OK {
                // Not expected; libcurl with its default allocator works as before.
                curl_sys::curl_global_init(curl_sys::CURL_GLOBAL_ALL);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::mi;

    #[test]
    fn rust_and_libcurl_allocate_from_mimalloc() {
        let v: Box<[u8]> = vec![1u8; 100].into_boxed_slice();
        if super::system() {
            // NETHTTP_MALLOC=system: neither allocates from mimalloc.
            // SAFETY: a query on a live pointer.
            assert!(!unsafe { mi::mi_is_in_heap_region(v.as_ptr().cast()) });
            return;
        }
        // SAFETY: queries on live pointers; the escaped string is released with curl_free.
        unsafe {
            assert!(mi::mi_is_in_heap_region(v.as_ptr().cast()));
            let mut easy = curl::easy::Easy::new();
            let escaped = curl_sys::curl_easy_escape(easy.raw(), c"a b".as_ptr(), 3);
            assert!(!escaped.is_null());
            #[cfg(feature = "static-curl")]
            assert!(
                mi::mi_is_in_heap_region(escaped.cast()),
                "libcurl does not allocate through mimalloc"
            );
            curl_sys::curl_free(escaped.cast());
            easy.reset();
        }
    }
}
