import AnimcBasics
import AnimcCache
import AnimcRemote

/// The Decider's three questions to the caches: local first (no network), then the remote, whose answers
/// are downloaded, verified and stored locally before they count, so the executor reads only the local cache.
/// A remote hit is a hit (counted, listed and reported as one); a dry run or `check` stores nothing locally.
extension Decider {
    func entry(_ key: Digest, kind: ObjectKind) -> CacheEntry? {
        cache.peekEntry(key, kind: kind) ?? remote?.fetch(key, kind: kind)
    }

    func has(_ key: Digest, kind: ObjectKind) -> Bool {
        cache.hasEntry(key) || remote?.fetch(key, kind: kind) != nil
    }

    func object(_ d: Digest) -> [UInt8]? {
        cache.peekObject(d) ?? remote?.stagedObject(d)
    }

    /// Asks the remote, all at once, for the keys of `wanted` the local cache lacks (none with `--force`).
    func prefetch(_ wanted: [(Digest, ObjectKind)]) {
        guard let remote, !force else { return }
        remote.prefetch(wanted.filter { !cache.hasEntry($0.0) })
    }
}
