import AnimcBasics
import Foundation

/// What `gc` may remove, and what it must keep.
public struct GCPolicy: Sendable {
    /// Evict least-recently-used entries until the cache's size is at most this many bytes.
    public var maxSize: Int64?
    /// Evict entries not used for this many seconds.
    public var maxAge: Int64?
    /// Keys a next build of the kept manifests needs to have nothing to do (encoded outputs): never evicted.
    public var essential: Set<Digest> = []
    /// Keys that keep those builds cheap after a small change (quantized frames, palettes): evicted only when
    /// the size limit cannot be met otherwise, after every unprotected entry.
    public var preferred: Set<Digest> = []
    /// Objects and stray files younger than this are a concurrent build's writes, never orphans.
    public var graceSeconds: Int64 = Cache.orphanGraceSeconds
    /// Report what would be removed; remove nothing.
    public var dryRun = false

    public init(maxSize: Int64? = nil, maxAge: Int64? = nil) {
        self.maxSize = maxSize
        self.maxAge = maxAge
    }
}

public struct GCReport: Sendable, Codable {
    public struct Evicted: Sendable, Codable, Hashable {
        public var key: Digest
        public var kind: String
        public var description: String
        /// Bytes freed by this eviction: the entry file, and its object when no other entry named it.
        public var bytes: Int64
        /// "age", "size", "size (kept manifest's frames)".
        public var reason: String
    }

    public var sizeBefore: Int64 = 0
    public var sizeAfter: Int64 = 0
    public var freedBytes: Int64 { sizeBefore - sizeAfter }
    public var evicted: [Evicted] = []
    /// Objects no entry named, and stray temporary files, removed.
    public var orphansRemoved = 0
    /// Entries that were kept because a kept manifest needs them, and their bytes (objects included).
    public var protectedEntries = 0
    public var protectedBytes: Int64 = 0
    /// Bytes gc never removes: build records, counters, the marker and the lock.
    public var bookkeepingBytes: Int64 = 0
    /// Entries of kept manifests evicted because the limit could not be met otherwise.
    public var protectedEvicted = 0
    /// False when the size limit could not be met without evicting what a kept manifest needs.
    public var limitMet = true
    public var dryRun = false
}

extension Cache {
    /// Collects garbage under `policy`. Hold the exclusive `CacheLock` while calling it (builds hold it shared):
    /// then no build is writing; as a second guard, every entry is re-checked before it is deleted (one used
    /// since the walk is kept) and young objects are never treated as orphans.
    public func collect(_ policy: GCPolicy) -> GCReport {
        var policy = policy
        if readOnly { policy.dryRun = true }
        let inv = inventory()
        let now = FileSystem.nowNs() / 1_000_000_000
        var report = GCReport()
        report.dryRun = policy.dryRun
        report.sizeBefore = inv.totalBytes
        report.bookkeepingBytes = inv.totalBytes - inv.entries.reduce(0) { $0 + $1.fileSize }
            - inv.objects.values.reduce(0) { $0 + $1.size } - inv.strayFiles.reduce(0) { $0 + $1.size }
            - inv.badEntries.reduce(0) { $0 + (FileSystem.status($1)?.size ?? 0) }
        var size = inv.totalBytes
        var refs = inv.references

        func removeFile(_ path: String) {
            if !policy.dryRun { FileSystem.remove(path) }
        }

        // Orphans first: they help nobody.
        for (d, o) in inv.objects.sorted(by: { $0.key < $1.key }) where refs[d] == nil && now - o.modified >= policy.graceSeconds {
            if !policy.dryRun, let st = FileSystem.status(o.path), st.mtimeNs / 1_000_000_000 > now - policy.graceSeconds { continue }
            removeFile(o.path)
            size -= o.size
            report.orphansRemoved += 1
        }
        for s in inv.strayFiles where now - s.modified >= policy.graceSeconds {
            removeFile(s.path)
            size -= s.size
            report.orphansRemoved += 1
        }
        for p in inv.badEntries {
            let sz = FileSystem.status(p)?.size ?? 0
            removeFile(p)
            size -= sz
            report.orphansRemoved += 1
        }

        /// Evicts one entry; false when it turned out to be in use since the walk.
        func evict(_ e: EntryInfo, reason: String) -> Bool {
            if !policy.dryRun {
                guard let st = FileSystem.status(e.path), st.mtimeNs / 1_000_000_000 <= e.lastUsed else { return false }
            }
            removeFile(e.path)
            var freed = e.fileSize
            refs[e.entry.object, default: 1] -= 1
            if refs[e.entry.object] == 0, let o = inv.objects[e.entry.object] {
                removeFile(o.path)
                freed += o.size
                refs[e.entry.object] = nil
            }
            size -= freed
            report.evicted.append(.init(key: e.entry.key, kind: e.entry.kind, description: e.entry.description,
                                        bytes: freed, reason: reason))
            return true
        }

        // Least recently used first; ties by key so the order is stable.
        let lru = inv.entries.sorted { ($0.lastUsed, $0.entry.key) < ($1.lastUsed, $1.entry.key) }
        let isProtected = { (e: EntryInfo) in policy.essential.contains(e.entry.key) || policy.preferred.contains(e.entry.key) }
        var remaining: [EntryInfo] = []
        for e in lru {
            if !isProtected(e), let maxAge = policy.maxAge, now - e.lastUsed > maxAge, evict(e, reason: "age") { continue }
            remaining.append(e)
        }
        if let maxSize = policy.maxSize {
            for e in remaining where !isProtected(e) {
                if size <= maxSize { break }
                _ = evict(e, reason: "size")
            }
            for e in remaining where policy.preferred.contains(e.entry.key) && !policy.essential.contains(e.entry.key) {
                if size <= maxSize { break }
                if evict(e, reason: "size (kept manifest's intermediate)") { report.protectedEvicted += 1 }
            }
            report.limitMet = size <= maxSize
        }
        let evictedKeys = Set(report.evicted.map(\.key))
        var protectedObjects = Set<Digest>()
        for e in inv.entries where isProtected(e) && !evictedKeys.contains(e.entry.key) {
            report.protectedEntries += 1
            report.protectedBytes += e.fileSize
            protectedObjects.insert(e.entry.object)
        }
        report.protectedBytes += protectedObjects.reduce(0) { $0 + (inv.objects[$1]?.size ?? 0) }
        report.sizeAfter = policy.dryRun ? size : Cache.bytes(under: directory)
        if let maxSize = policy.maxSize { report.limitMet = report.sizeAfter <= maxSize }
        return report
    }

    /// Removes every entry, object and build record (keeps the marker, the lock and the lifetime counters).
    /// A cache of another format (opened with `anyFormat`) is emptied of everything but its lock files, and
    /// marked with this animc's format last. Returns the bytes freed. Take the exclusive `CacheLock` first.
    /// A read-only cache is left as it is.
    @discardableResult
    public func clear() -> Int64 {
        guard !readOnly else { return 0 }
        let before = Cache.bytes(under: directory)
        if markedFormat == Cache.format {
            for sub in ["objects", "entries", "records"] {
                try? FileManager.default.removeItem(atPath: Paths.join(directory, sub))
            }
        } else {
            // Another format's files are all animc's (the folder has its marker), but this animc cannot read them.
            let keep: Set<String> = ["lock", "stats.lock", Cache.markerName]
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where !keep.contains(name) {
                try? FileManager.default.removeItem(atPath: Paths.join(directory, name))
            }
            do {
                try AtomicFile.write(Cache.tagText, to: Paths.join(directory, Cache.tagName))
                try AtomicFile.write(Cache.markerText, to: Paths.join(directory, Cache.markerName))
            } catch {
                noteWriteFailure(describe(error))
            }
        }
        return before - Cache.bytes(under: directory)
    }
}
