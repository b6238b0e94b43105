import AnimcBasics
import AnimcCache
import Foundation
import Testing

/// Entries and objects must agree (size, kind, format) on every read and in `verify`.
@Suite struct CacheAgreementTests {
    /// A cache with a real-looking GIF entry and a quantized frame entry.
    func cacheWithGifAndFrame() throws -> (TestCache, gif: CacheEntry, frame: CacheEntry) {
        let t = try TestCache()
        let gif = try t.put("gif", size: 300, kind: "gif")
        let frame = try t.put("frame", size: 200, kind: "quantized")
        return (t, gif, frame)
    }

    /// Rewrites an entry file by hand, as a damaged or tampered cache would have it.
    func rewrite(_ t: TestCache, _ e: CacheEntry) throws {
        try AtomicFile.write(Array(canonicalJSON(e)), to: t.entryPath(e.key))
    }

    @Test func aGifEntryNamingAQuantizedObjectIsAMissWithOneWarning() throws {
        let (t, gif, frame) = try cacheWithGifAndFrame()
        #expect(t.cache.entry(for: gif.key, kind: .gif) != nil)
        var bad = gif
        bad.object = frame.object
        try rewrite(t, bad)
        #expect(t.cache.entry(for: gif.key, kind: .gif) == nil)
        #expect(t.cache.lookup(gif.key, kind: .gif) == nil)
        #expect(t.cache.entry(for: gif.key, kind: .gif) == nil)
        let w = t.cache.takeWarnings()
        #expect(w.count == 1)
        #expect(w.first?.contains("does not match its object") == true)
        #expect(t.cache.sessionCounts == (0, 1))
        // The frame itself is fine, under its own kind only.
        #expect(t.cache.lookup(frame.key, kind: .quantized) != nil)
        #expect(t.cache.entry(for: frame.key, kind: .gif) == nil)
    }

    @Test func theFormatIsCheckedWhenTheSizeWasForgedToo() throws {
        let (t, gif, frame) = try cacheWithGifAndFrame()
        var bad = gif
        bad.object = frame.object
        bad.size = frame.size
        try rewrite(t, bad)
        #expect(t.cache.entry(for: gif.key, kind: .gif) == nil)
        #expect(t.cache.lookup(gif.key, kind: .gif) == nil)
        #expect(t.cache.takeWarnings().first?.contains("holds a quantized frame, not a gif") == true)
        // Copying the quantized object out as a GIF is refused and leaves the target as it was.
        let out = t.dir + "-out.gif"
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Data("old".utf8).write(to: URL(fileURLWithPath: out))
        #expect(try t.cache.copyObject(frame.object, to: out, kind: .gif) == false)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "old")
        #expect(try t.cache.copyObject(gif.object, to: out, kind: .gif))
        #expect(try FileSystem.read(out) == FileSystem.read(t.objectPath(gif.object)))
    }

    @Test func aWrongSizeIsAMiss() throws {
        let (t, _, frame) = try cacheWithGifAndFrame()
        var bad = frame
        bad.size += 1
        try rewrite(t, bad)
        #expect(t.cache.lookup(frame.key, kind: .quantized) == nil)
        #expect(t.cache.takeWarnings().first?.contains("bytes where the entry says") == true)
    }

    @Test func verifyReportsAndRepairsAMismatch() throws {
        let (t, gif, frame) = try cacheWithGifAndFrame()
        var bad = gif
        bad.object = frame.object
        bad.size = frame.size
        try rewrite(t, bad)
        var unknown = frame
        unknown.key = Digest.of("odd kind")
        unknown.kind = "webp"
        try rewrite(t, unknown)

        let r = t.cache.verify(repair: false)
        #expect(!r.ok)
        // (The GIF's own object, which no entry names now, is an orphan.)
        #expect(r.problems.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.mismatch, .mismatch, .orphaned])
        #expect(Set(r.problems.flatMap(\.entries)) == [gif.key, unknown.key])
        #expect(r.problems.contains { $0.detail.contains("gif entry: its object holds a quantized frame, not a gif") })

        let fixed = t.cache.verify(repair: true)
        #expect(fixed.removed.contains(t.cache.relative(t.entryPath(gif.key))))
        #expect(fixed.removed.contains(t.cache.relative(t.entryPath(unknown.key))))
        #expect(!fixed.removed.contains(t.cache.relative(t.objectPath(frame.object))))
        #expect(!t.has("gif") && t.has("frame"))
        #expect(t.cache.verify(repair: false).ok)
    }

    @Test func aTruncatedGifFailsTheFormatCheck() {
        let gif = TestCache.object("gif", [UInt8](repeating: 1, count: 20))
        #expect(ObjectKind.gif.accepts(gif))
        #expect(!ObjectKind.gif.accepts(Array(gif.dropLast())))
        #expect(!ObjectKind.gif.accepts(Array("GIF89a".utf8) + [0x3B]))
        #expect(ObjectKind.quantized.accepts(Array("AQF1".utf8)) && !ObjectKind.quantized.accepts(gif))
        #expect(ObjectKind.palette.accepts(Array("APL2xx".utf8)) && !ObjectKind.palette.accepts(Array("AQF1".utf8)))
    }
}
