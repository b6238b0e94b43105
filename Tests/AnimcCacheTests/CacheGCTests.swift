import AnimcBasics
import AnimcCache
import Foundation
import Testing

/// A cache in a temporary folder with entries whose last use is set by hand.
final class TestCache {
    let dir: String
    let cache: Cache
    var now: Int64 { FileSystem.nowNs() / 1_000_000_000 }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("animc-cache-\(UUID().uuidString)").path
        cache = try Cache(directory: dir)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    /// Stores `size` bytes (filled with `fill`, else bytes zlib cannot shrink, so the object is stored raw and
    /// takes `size` bytes on disk) under a key made from `name`, last used `age` seconds ago.
    @discardableResult
    func put(_ name: String, size: Int = 1000, fill: UInt8? = nil, kind: String = "quantized", age: Int64 = 3600) throws -> CacheEntry {
        let body = fill.map { [UInt8](repeating: $0, count: size) } ?? TestCache.noise(size, seed: name)
        let e = try cache.store(key: Digest.of(name), kind: kind, bytes: TestCache.object(kind, body), description: name)
        try setAge(entryPath(e.key), age)
        try setAge(objectPath(e.object), age)
        return e
    }

    /// `count` pseudo-random bytes from `seed` (xorshift), which zlib cannot compress.
    static func noise(_ count: Int, seed: String) -> [UInt8] {
        var x = UInt64(Digest.of(seed).hex.prefix(16), radix: 16)! | 1
        return (0..<count).map { _ in
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            return UInt8(truncatingIfNeeded: x >> 32)
        }
    }

    /// `body` made into something that passes the format check of `kind` (its magic first; a GIF's trailer last).
    static func object(_ kind: String, _ body: [UInt8]) -> [UInt8] {
        switch kind {
        case "gif": return Array("GIF89a".utf8) + body + [0x3B]
        case "palette": return Array("APL2".utf8) + body
        default: return Array("AQF1".utf8) + body
        }
    }

    func setAge(_ path: String, _ age: Int64) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: TimeInterval(now - age))], ofItemAtPath: path)
    }

    func entryPath(_ k: Digest) -> String { "\(dir)/entries/\(k.hex.prefix(2))/\(k.hex).json" }
    func objectPath(_ d: Digest) -> String { "\(dir)/objects/\(d.hex.prefix(2))/\(d.hex)" }
    func has(_ name: String) -> Bool { FileManager.default.fileExists(atPath: entryPath(Digest.of(name))) }
}

@Suite struct CacheGCTests {
    @Test func sizeLimitEvictsLeastRecentlyUsedFirst() throws {
        let t = try TestCache()
        for i in 0..<10 { try t.put("e\(i)", age: Int64(10_000 - i * 100)) }
        let before = Cache.bytes(under: t.dir)
        let limit = before - 3500
        let r = t.cache.collect(GCPolicy(maxSize: limit))
        #expect(r.limitMet)
        #expect(r.sizeAfter <= limit)
        #expect(r.sizeAfter == Cache.bytes(under: t.dir))
        // Each eviction frees about 1.3 KB, so the three oldest are enough.
        #expect(r.evicted.map(\.description) == ["e0", "e1", "e2"])
        #expect(!t.has("e0") && !t.has("e2") && t.has("e3") && t.has("e9"))
        #expect(t.cache.verify(repair: false).ok)
    }

    @Test func aSharedObjectStaysUntilItsLastEntryGoes() throws {
        let t = try TestCache()
        let a = try t.put("a", fill: 7, age: 5000)
        let b = try t.put("b", fill: 7, age: 10)
        #expect(a.object == b.object)
        var p = GCPolicy(maxAge: 1000)
        let r = t.cache.collect(p)
        #expect(r.evicted.map(\.description) == ["a"])
        #expect(FileManager.default.fileExists(atPath: t.objectPath(a.object)))
        p.maxAge = 0
        _ = t.cache.collect(p)
        #expect(!FileManager.default.fileExists(atPath: t.objectPath(a.object)))
    }

    @Test func protectedEntriesAreKeptAndTheShortfallReported() throws {
        let t = try TestCache()
        let keep = try t.put("keep", size: 5000, kind: "gif", age: 9000)
        let inter = try t.put("inter", size: 3000, age: 9000)
        try t.put("other", size: 3000, age: 10)
        var p = GCPolicy(maxSize: 6000)
        p.essential = [keep.key]
        p.preferred = [inter.key]
        let r = t.cache.collect(p)
        // "other" (unprotected, though recently used) goes first, then the intermediate; the output stays.
        #expect(r.evicted.map(\.description) == ["other", "inter"])
        #expect(r.protectedEvicted == 1)
        #expect(t.has("keep"))
        #expect(r.limitMet && r.sizeAfter <= 6000)
    }

    @Test func essentialAloneOverTheLimit() throws {
        let t = try TestCache()
        let keep = try t.put("keep", size: 5000, kind: "gif")
        var p = GCPolicy(maxSize: 1000)
        p.essential = [keep.key]
        let r = t.cache.collect(p)
        #expect(!r.limitMet)
        #expect(r.evicted.isEmpty)
        #expect(r.protectedBytes >= 5000)
        #expect(t.has("keep"))
    }

    @Test func orphansAreCollectedOnlyWhenOld() throws {
        let t = try TestCache()
        let old = try t.cache.putObject([UInt8](repeating: 1, count: 100))
        let young = try t.cache.putObject([UInt8](repeating: 2, count: 100))
        try t.setAge(t.objectPath(old), 3600)
        let r = t.cache.collect(GCPolicy())
        #expect(r.orphansRemoved == 1)
        #expect(!FileManager.default.fileExists(atPath: t.objectPath(old)))
        #expect(FileManager.default.fileExists(atPath: t.objectPath(young)))
    }

    @Test func dryRunDeletesNothing() throws {
        let t = try TestCache()
        for i in 0..<4 { try t.put("e\(i)") }
        var p = GCPolicy(maxSize: 0)
        p.dryRun = true
        let r = t.cache.collect(p)
        #expect(r.evicted.count == 4)
        #expect((0..<4).allSatisfy { t.has("e\($0)") })
    }

    @Test func clearKeepsTheMarkerAndCounters() throws {
        let t = try TestCache()
        try t.put("x")
        t.cache.recordBuild(.init(hits: 1, misses: 2, finished: 0, durationMs: 5, manifest: "m"))
        #expect(t.cache.clear() > 1000)
        #expect(t.cache.inventory().entries.isEmpty)
        #expect(Cache.exists(at: t.dir))
        #expect(t.cache.counters().lifetime.misses == 2)
    }
}
