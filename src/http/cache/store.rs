//! The in-memory store: entries (one per URL and `Vary` variant) in least-recently-used
//! order, bounded by a byte size.

use crate::http::response::HeaderBlock;
use http_cache_semantics::CachePolicy;
use lru::LruCache;
use std::collections::HashMap;
use std::sync::Arc;

/// One stored response.
pub struct Entry {
    /// The request URL (without fragment): the cache key, with the `Vary` variant.
    pub url: String,
    pub head: HeaderBlock,
    /// The decoded body, as the application received it.
    pub body: Arc<[u8]>,
    /// "1.0", "1.1", "2" or "3".
    pub http_version: String,
    /// Freshness and revalidation rules (http-cache-semantics).
    pub policy: CachePolicy,
    /// What the entry counts against the cache size.
    pub size: u64,
}

impl Entry {
    pub fn new(
        url: String,
        head: HeaderBlock,
        body: Arc<[u8]>,
        http_version: String,
        policy: CachePolicy,
    ) -> Entry {
        let size = entry_size(&url, &head, &body);
        Entry {
            url,
            head,
            body,
            http_version,
            policy,
            size,
        }
    }
}

/// Body bytes plus the text of the URL, status line and header fields (4 bytes per field
/// for ": " and CRLF). The file written by flush is slightly larger (it also holds the
/// request fields the freshness rules need).
pub fn entry_size(url: &str, head: &HeaderBlock, body: &[u8]) -> u64 {
    let fields: usize = head.fields().map(|(n, v)| n.len() + v.len() + 4).sum();
    (url.len() + head.status_line().len() + fields + body.len()) as u64
}

pub struct Store {
    lru: LruCache<u64, Arc<Entry>>,
    by_url: HashMap<String, Vec<u64>>,
    next_id: u64,
    bytes: u64,
    capacity: u64,
}

impl Store {
    pub fn new(capacity: u64) -> Store {
        Store {
            lru: LruCache::unbounded(),
            by_url: HashMap::new(),
            next_id: 1,
            bytes: 0,
            capacity,
        }
    }

    pub fn capacity(&self) -> u64 {
        self.capacity
    }

    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    pub fn len(&self) -> usize {
        self.lru.len()
    }

    /// Ids of the stored variants of a URL.
    pub fn ids(&self, url: &str) -> Vec<u64> {
        self.by_url.get(url).cloned().unwrap_or_default()
    }

    /// An entry without changing its recency.
    pub fn peek(&self, id: u64) -> Option<&Arc<Entry>> {
        self.lru.peek(&id)
    }

    /// An entry, marked most recently used.
    pub fn get(&mut self, id: u64) -> Option<&Arc<Entry>> {
        self.lru.get(&id)
    }

    pub fn remove(&mut self, id: u64) {
        if let Some(e) = self.lru.pop(&id) {
            self.bytes -= e.size;
            if let Some(ids) = self.by_url.get_mut(&e.url) {
                ids.retain(|&x| x != id);
                if ids.is_empty() {
                    self.by_url.remove(&e.url);
                }
            }
        }
    }

    /// Removes every variant of a URL.
    pub fn remove_url(&mut self, url: &str) {
        for id in self.ids(url) {
            self.remove(id);
        }
    }

    /// Stores an entry as the most recently used one, after removing `replace` (the
    /// variants it supersedes), then evicts least-recently-used entries until the store
    /// fits its size. An entry larger than the whole cache is not stored (false).
    pub fn insert(&mut self, e: Entry, replace: &[u64]) -> bool {
        for &id in replace {
            self.remove(id);
        }
        if e.size > self.capacity {
            return false;
        }
        let id = self.next_id;
        self.next_id += 1;
        self.bytes += e.size;
        self.by_url.entry(e.url.clone()).or_default().push(id);
        self.lru.put(id, Arc::new(e));
        self.evict();
        true
    }

    fn evict(&mut self) {
        while self.bytes > self.capacity {
            let Some((&id, _)) = self.lru.peek_lru() else {
                break;
            };
            self.remove(id);
        }
    }

    /// Every entry, least recently used first (the order flush writes and load restores).
    pub fn entries_lru_first(&self) -> Vec<Arc<Entry>> {
        self.lru.iter().rev().map(|(_, e)| e.clone()).collect()
    }

    pub fn clear(&mut self) {
        self.lru.clear();
        self.by_url.clear();
        self.bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn entry(url: &str, body_len: usize) -> Entry {
        let req = http::Request::get(url).body(()).unwrap();
        let res = http::Response::builder()
            .status(200)
            .header("cache-control", "max-age=60")
            .body(())
            .unwrap();
        let policy = CachePolicy::new(&req, &res);
        let mut head = HeaderBlock::default();
        head.push_line(b"HTTP/1.1 200 OK\r\n");
        head.push_line(b"Cache-Control: max-age=60\r\n");
        head.end_block();
        Entry::new(
            url.into(),
            head,
            vec![7u8; body_len].into(),
            "1.1".into(),
            policy,
        )
    }

    #[test]
    fn lru_eviction_and_size() {
        let one = entry("http://h/a", 100).size;
        let mut s = Store::new(one * 3);
        assert!(s.insert(entry("http://h/a", 100), &[]));
        assert!(s.insert(entry("http://h/b", 100), &[]));
        assert!(s.insert(entry("http://h/c", 100), &[]));
        assert_eq!(s.len(), 3);
        // a becomes the most recently used: b is evicted next.
        let a = s.ids("http://h/a")[0];
        assert!(s.get(a).is_some());
        assert!(s.insert(entry("http://h/d", 100), &[]));
        assert_eq!(s.len(), 3);
        assert!(s.ids("http://h/b").is_empty());
        assert_eq!(s.ids("http://h/a").len(), 1);
        assert!(s.bytes() <= s.capacity());
        // larger than the whole cache: not stored, nothing evicted
        assert!(!s.insert(entry("http://h/big", 1000), &[]));
        assert_eq!(s.len(), 3);
        let order: Vec<String> = s
            .entries_lru_first()
            .iter()
            .map(|e| e.url.clone())
            .collect();
        assert_eq!(order, ["http://h/c", "http://h/a", "http://h/d"]);
        s.remove_url("http://h/a");
        assert_eq!(s.len(), 2);
        assert_eq!(s.bytes(), one * 2);
        s.clear();
        assert_eq!((s.len(), s.bytes()), (0, 0));
    }

    #[test]
    fn replace_variant() {
        let mut s = Store::new(1 << 20);
        s.insert(entry("http://h/a", 10), &[]);
        let old = s.ids("http://h/a");
        s.insert(entry("http://h/a", 20), &old);
        let ids = s.ids("http://h/a");
        assert_eq!(ids.len(), 1);
        assert_eq!(s.peek(ids[0]).unwrap().body.len(), 20);
    }
}
