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

use libmimalloc_sys as mi;
use std::sync::Once;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc v3's `mi_option_arena_eager_commit` (not named by libmimalloc-sys).
const MI_OPTION_ARENA_EAGER_COMMIT: mi::mi_option_t = 4;

/// Runs once, from the load-time constructor below.
fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Arenas committed up front count in the resident size at once (+6 MiB for an idle
        // process here); committed as they are used, mimalloc costs ~0.6 MiB over glibc.
        // SAFETY: sets a plain option value.
        unsafe { mi::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0) };
        #[cfg(feature = "static-curl")]
        curl_mem::install();
    });
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
