import AnimcBasics
import Foundation

/// Read-only questions, for deciding what a build will do: nothing is marked used, deleted or counted,
/// so `--dry-run` and `--explain` leave the cache exactly as they found it.
extension Cache {
    /// Whether an entry file exists for `key` (its object is checked when it is used).
    public func hasEntry(_ key: Digest) -> Bool {
        FileSystem.exists(entryPath(key))
    }

    /// The entry for `key` when it is readable, of `kind`, and agrees with its object (size, format);
    /// a disagreement is warned about once, and nothing is deleted.
    public func peekEntry(_ key: Digest, kind: ObjectKind) -> CacheEntry? {
        guard let data = try? FileSystem.read(entryPath(key)),
              let e = try? JSONDecoder().decode(CacheEntry.self, from: Data(data)), e.key == key else { return nil }
        switch agreement(e, kind: kind) {
        case .agrees: return e
        case .objectMissing: return nil
        case .disagrees(let why):
            warnOnce(key, "cache entry \(key.short) (\(e.description)) does not match its object: \(why); rebuilding it")
            return nil
        }
    }

    /// An object's logical bytes when present and intact.
    public func peekObject(_ d: Digest) -> [UInt8]? {
        guard let stored = try? FileSystem.read(objectPath(d)), let bytes = StoredObject.decode(stored),
              Digest.of(bytes) == d else { return nil }
        return bytes
    }

    /// Marks an entry as used now (for least-recently-used collection) without reading it.
    public func markUsed(_ key: Digest) {
        guard !readOnly else { return }
        FileSystem.touch(entryPath(key))
    }
}

extension Cache {
    /// The files behind an entry and its object, for a caller that keeps their stats to notice a change
    /// without reading them (the fast no-op record).
    public func filePaths(key: Digest, object: Digest) -> (entry: String, object: String) {
        (entryPath(key), objectPath(object))
    }
}
