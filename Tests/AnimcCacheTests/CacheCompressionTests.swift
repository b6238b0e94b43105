import AnimcBasics
@testable import AnimcCache
import Foundation
import Testing

/// Objects are stored zlib-compressed (encoded outputs raw), named and verified by their logical bytes.
@Suite struct CacheCompressionTests {
    /// A quantized frame as a screen recording gives it: long runs of a few indices.
    static let frame: [UInt8] = Array("AQF1".utf8) + (0..<20_000).map { UInt8(($0 / 97) % 5) }

    func file(_ t: TestCache, _ d: Digest) throws -> [UInt8] { try FileSystem.read(t.objectPath(d)) }

    @Test func aQuantizedFrameIsStoredCompressedAndReadBackExactly() throws {
        let t = try TestCache()
        let e = try t.cache.store(key: Digest.of("k"), kind: "quantized", bytes: Self.frame, description: "f")
        #expect(e.object == Digest.of(Self.frame))
        #expect(e.size == Int64(Self.frame.count))
        let stored = try file(t, e.object)
        #expect(stored.starts(with: StoredObject.magic))
        #expect(stored.count * 10 < Self.frame.count, "\(stored.count) bytes on disk")
        #expect(t.cache.lookup(Digest.of("k"), kind: .quantized)?.bytes == Self.frame)
        #expect(t.cache.getObject(e.object) == Self.frame)
        #expect(t.cache.peekObject(e.object) == Self.frame)
        #expect(t.cache.objectBytes(e.object) == Self.frame)
        #expect(t.cache.verify(repair: false).ok)
        // Stored once: a second store of the same bytes finds it in place.
        _ = try t.cache.putObject(Self.frame)
        #expect(try file(t, e.object) == stored)
    }

    @Test func anEncodedOutputIsStoredRawSoRestoringItIsACopy() throws {
        let t = try TestCache()
        let gif = Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 5000) + [0x3B]
        let e = try t.cache.store(key: Digest.of("g"), kind: "gif", bytes: gif, description: "g")
        #expect(try file(t, e.object) == gif)
        let out = t.dir + "/restored.gif"
        #expect(try t.cache.copyObject(e.object, to: out, kind: .gif))
        #expect(try FileSystem.read(out) == gif)
    }

    @Test func bytesThatStartWithTheMagicAreAlwaysCompressed() throws {
        let odd = StoredObject.magic + [1, 2, 3]
        let stored = StoredObject.encode(odd)
        #expect(stored != odd)
        #expect(StoredObject.decode(stored) == odd)
        // Incompressible bytes without the magic stay raw.
        let noise = TestCache.noise(4000, seed: "n")
        #expect(StoredObject.encode(noise) == noise)
        #expect(StoredObject.decode(noise) == noise)
    }

    @Test func aDamagedCompressedObjectIsAMissAndVerifySaysWhich() throws {
        let t = try TestCache()
        let a = try t.cache.store(key: Digest.of("a"), kind: "quantized", bytes: Self.frame, description: "a")
        let other = Self.frame + [9, 9, 9]
        let b = try t.cache.store(key: Digest.of("b"), kind: "quantized", bytes: other, description: "b")
        var flipped = try file(t, a.object)
        flipped[flipped.count - 20] ^= 0x40
        try AtomicFile.write(flipped, to: t.objectPath(a.object))
        try AtomicFile.write(Array(try file(t, b.object).dropLast(10)), to: t.objectPath(b.object))
        let report = t.cache.verify(repair: false)
        let kinds = Dictionary(uniqueKeysWithValues: report.problems.map { ($0.path, $0.kind) })
        #expect(kinds[t.cache.relative(t.objectPath(a.object))] == .corrupt)
        #expect(kinds[t.cache.relative(t.objectPath(b.object))] == .truncated)
        #expect(t.cache.lookup(Digest.of("a"), kind: .quantized) == nil)
        #expect(t.cache.lookup(Digest.of("b"), kind: .quantized) == nil)
        #expect(!t.cache.takeWarnings().isEmpty)
    }

    @Test func aHeaderAnnouncingAHugeObjectIsRefusedBeforeAllocating() {
        var stored = StoredObject.encode(Self.frame)
        for i in 4..<12 { stored[i] = 0xff }
        #expect(StoredObject.decode(stored) == nil)
    }

    @Test func aFormatOneCacheIsReadAndMarkedFormatTwo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("animc-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // What animc of format 1 left: a raw quantized object and its entry.
        let key: Digest
        do {
            let c = try Cache(directory: dir)
            let d = Digest.of(Self.frame)
            let path = "\(dir)/objects/\(d.hex.prefix(2))/\(d.hex)"
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try AtomicFile.write(Self.frame, to: path)
            key = Digest.of("old")
            try c.storeEntry(key: key, kind: "quantized", object: d, size: Int64(Self.frame.count), description: "old")
        }
        try AtomicFile.write(Array("{\"format\":1}\n".utf8), to: dir + "/animc-cache.json")
        let readOnly = try Cache(directory: dir, readOnly: true)
        #expect(readOnly.markedFormat == 1)
        #expect(readOnly.lookup(key, kind: .quantized)?.bytes == Self.frame)
        let c = try Cache(directory: dir)
        #expect(c.markedFormat == Cache.format)
        #expect(String(decoding: try FileSystem.read(dir + "/animc-cache.json"), as: UTF8.self).contains("\"format\":2"))
        #expect(c.lookup(key, kind: .quantized)?.bytes == Self.frame)
        #expect(c.verify(repair: false).ok)
    }

    /// A quantized frame of camera footage: sensor noise, which zlib cannot squeeze below half.
    static let noisy: [UInt8] = {
        var x: UInt32 = 12345
        return Array("AQF1".utf8) + (0..<20_000).map { _ in x = x &* 1_664_525 &+ 1_013_904_223; return UInt8(x >> 24) }
    }()

    @Test func aResultThatWouldNotStayCompactIsNotStored() throws {
        let t = try TestCache()
        let none = try t.cache.storeIfCompact(key: Digest.of("n"), kind: "quantized", bytes: Self.noisy,
                                              maxStoredFraction: 0.5, description: "n")
        #expect(none == nil)
        #expect(!FileSystem.exists(t.objectPath(Digest.of(Self.noisy))))
        #expect(t.cache.lookup(Digest.of("n"), kind: .quantized) == nil)
        // A compact one is stored as `store` would, compressed, and read back exactly.
        let e = try #require(try t.cache.storeIfCompact(key: Digest.of("k"), kind: "quantized", bytes: Self.frame,
                                                        maxStoredFraction: 0.5, description: "f"))
        #expect(try file(t, e.object).starts(with: StoredObject.magic))
        #expect(t.cache.lookup(Digest.of("k"), kind: .quantized)?.bytes == Self.frame)
        // An object already there (another step stored it) costs nothing more: the entry is written.
        _ = try t.cache.putObject(Self.noisy)
        #expect(try t.cache.storeIfCompact(key: Digest.of("n"), kind: "quantized", bytes: Self.noisy,
                                           maxStoredFraction: 0.5, description: "n") != nil)
        #expect(t.cache.lookup(Digest.of("n"), kind: .quantized)?.bytes == Self.noisy)
        #expect(t.cache.verify(repair: false).ok)
    }

    /// Large frames are judged on slices first (`StoredObject.likelyOver`): the judgement agrees with
    /// compressing the whole frame on noise (over half), on flat frames and on frames half noise, half
    /// flat (compressing whole decides), and the result is the same as before for each.
    @Test func largeFramesAreJudgedOnSlicesAsTheWholeWouldBe() throws {
        var x: UInt32 = 777
        func noise(_ n: Int) -> [UInt8] { (0..<n).map { _ in x = x &* 1_664_525 &+ 1_013_904_223; return UInt8(x >> 24) } }
        let noisy = Array("AQF1".utf8) + noise(110_592)
        let flat = Array("AQF1".utf8) + (0..<110_592).map { UInt8(($0 / 384) % 7) }
        let halves = Array("AQF1".utf8) + noise(55_296) + (0..<55_296).map { UInt8(($0 / 384) % 7) }
        #expect(StoredObject.likelyOver(noisy, fraction: 0.5))
        #expect(!StoredObject.likelyOver(flat, fraction: 0.5))
        #expect(!StoredObject.likelyOver(Array(noisy.prefix(60_000)), fraction: 0.5))  // small: never judged
        let t = try TestCache()
        for (name, bytes) in [("noisy", noisy), ("flat", flat), ("halves", halves)] {
            let whole = StoredObject.encode(bytes)
            let compact = Double(whole.count) <= 0.5 * Double(bytes.count)
            let e = try t.cache.storeIfCompact(key: Digest.of(name), kind: "quantized", bytes: bytes,
                                               maxStoredFraction: 0.5, description: name)
            #expect((e != nil) == compact, "\(name)")
            #expect(t.cache.lookup(Digest.of(name), kind: .quantized)?.bytes == (compact ? bytes : nil))
        }
    }
}
