//! Files nethttp persists (the response cache, the cookie jar, the HSTS and Alt-Svc caches):
//! replaced atomically, so a crash or a full disk during a save leaves the previous file
//! whole.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// This process's temporary file beside `path` (`<path>.tmp-<pid>`).
pub fn temp_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(format!(".tmp-{}", std::process::id()));
    PathBuf::from(s)
}

/// Replaces `path` with `bytes` atomically: a temporary file beside it, written and fsynced,
/// renamed over it, then the directory fsynced. `before_write` runs on the temporary file
/// first (a test hook of the caller's).
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    before_write: impl FnOnce(&[u8], &mut File),
) -> io::Result<()> {
    let tmp = temp_path(path);
    let written = (|| {
        let mut f = File::create(&tmp)?;
        before_write(bytes, &mut f);
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
        return written;
    }
    // The rename is durable once the directory is synced; failing that is not an error of
    // the data, which is complete either way.
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// [`write_atomic_with`] without a hook.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, |_, _| {})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("nethttp-file-{}", std::process::id()));
        let _ = fs::create_dir_all(&dir);
        let p = dir.join("state.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two two");
        assert!(!temp_path(&p).exists());
        // A directory that does not exist: an error, nothing left behind.
        assert!(write_atomic(&dir.join("no/such/dir/x"), b"x").is_err());
        let _ = fs::remove_dir_all(&dir);
    }
}
