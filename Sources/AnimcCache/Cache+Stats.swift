#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AnimcBasics
import Foundation

/// `stats.json`: what the last build asked of the cache, and the sums over every build since the cache was made
/// (or since the counters were started).
public struct CacheCounters: Sendable, Codable, Equatable {
    public var lifetime = Totals()
    public var lastBuild: Build?

    public init() {}

    public struct Totals: Sendable, Codable, Equatable {
        public var builds = 0
        public var hits = 0
        public var misses = 0
        public init() {}
    }

    public struct Build: Sendable, Codable, Equatable {
        public var hits: Int
        public var misses: Int
        /// Seconds since the epoch when the build finished.
        public var finished: Int64
        /// Wall-clock milliseconds the build took.
        public var durationMs: Int64
        /// The manifest, as named in its build record.
        public var manifest: String
        /// What the build did with a remote cache, when it used one.
        public var remote: RemoteFigures?
        public init(hits: Int, misses: Int, finished: Int64, durationMs: Int64, manifest: String, remote: RemoteFigures? = nil) {
            self.hits = hits; self.misses = misses; self.finished = finished
            self.durationMs = durationMs; self.manifest = manifest; self.remote = remote
        }
    }
}

extension Cache {
    var statsPath: String { Paths.join(directory, "stats.json") }

    /// The counters; zeroes when there are none yet (or the file is unreadable).
    public func counters() -> CacheCounters {
        guard let data = try? FileSystem.read(statsPath),
              let c = try? JSONDecoder().decode(CacheCounters.self, from: Data(data)) else { return CacheCounters() }
        return c
    }

    /// Records a finished build and adds it to the lifetime counters. Serialised by its own lock
    /// (`stats.lock`), so concurrent builds sharing the cache do not lose each other's counts.
    /// Best effort: statistics never fail a build.
    public func recordBuild(_ build: CacheCounters.Build) {
        guard writable else { return }
        let path = Paths.join(directory, "stats.lock")
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }
        var c = counters()
        c.lifetime.builds += 1
        c.lifetime.hits += build.hits
        c.lifetime.misses += build.misses
        c.lastBuild = build
        try? AtomicFile.write(Array(canonicalJSON(c, pretty: true)), to: statsPath)
    }
}

/// What `animc cache stats` shows.
public struct CacheStats: Sendable, Codable {
    public struct Kind: Sendable, Codable, Equatable {
        public var kind: String
        public var entries: Int
        /// Bytes of the objects the entries name (shared objects counted once per kind).
        public var bytes: Int64
    }

    public var directory: String
    public var totalBytes: Int64
    public var entries: Int
    public var objects: Int
    public var objectBytes: Int64
    public var kinds: [Kind]
    /// Seconds since the epoch: when the oldest and newest entries were created; nil when empty.
    public var oldestEntry: Int64?
    public var newestEntry: Int64?
    /// Seconds since the epoch of the most and least recent use of any entry.
    public var lastUsed: Int64?
    public var counters: CacheCounters
}

extension Cache {
    public func stats(_ inv: Inventory? = nil) -> CacheStats {
        let inv = inv ?? inventory()
        var kinds: [String: (Int, Set<Digest>)] = [:]
        for e in inv.entries {
            kinds[e.entry.kind, default: (0, [])].0 += 1
            kinds[e.entry.kind, default: (0, [])].1.insert(e.entry.object)
        }
        let order = ["quantized", "palette", "gif"]
        let kindList = kinds.map { k, v in
            CacheStats.Kind(kind: k, entries: v.0, bytes: v.1.reduce(0) { $0 + (inv.objects[$1]?.size ?? 0) })
        }.sorted { (order.firstIndex(of: $0.kind) ?? 99, $0.kind) < (order.firstIndex(of: $1.kind) ?? 99, $1.kind) }
        return CacheStats(
            directory: directory, totalBytes: inv.totalBytes, entries: inv.entries.count, objects: inv.objects.count,
            objectBytes: inv.objects.values.reduce(0) { $0 + $1.size }, kinds: kindList,
            oldestEntry: inv.entries.map(\.entry.created).min(), newestEntry: inv.entries.map(\.entry.created).max(),
            lastUsed: inv.entries.map(\.lastUsed).max(), counters: counters())
    }
}
