import AnimcBasics
import AnimcCache
import Foundation
import Testing

/// A cache that cannot be written warns once and stores nothing; a read-only cache changes nothing.
/// (Tests run as root, which ignores permission bits: a file where a folder must go is the failure used.)
@Suite struct CacheWriteFailureTests {
    /// Puts a regular file where the cache's `sub` folder goes.
    func block(_ t: TestCache, _ sub: String) throws {
        try? FileManager.default.removeItem(atPath: "\(t.dir)/\(sub)")
        try Data("in the way".utf8).write(to: URL(fileURLWithPath: "\(t.dir)/\(sub)"))
    }

    @Test func storesDoNotThrowWarnOnceAndLookupsMiss() throws {
        let t = try TestCache()
        try block(t, "objects")
        #expect(t.cache.writable)
        try t.cache.store(key: Digest.of("a"), kind: "quantized", bytes: Array("AQF1 a".utf8), description: "a")
        try t.cache.store(key: Digest.of("b"), kind: "quantized", bytes: Array("AQF1 b".utf8), description: "b")
        try t.cache.putObject(Array("AQF1 c".utf8))
        try t.cache.storeEntry(key: Digest.of("d"), kind: "gif", object: Digest.of("x"), size: 1, description: "d")
        #expect(!t.cache.writable)
        let w = t.cache.takeWarnings()
        #expect(w.count == 1)
        #expect(w.first == "cache at \(t.dir) cannot be written (objects: Not a directory); outputs are built without caching")
        #expect(t.cache.writeFailure == "objects: Not a directory")
        #expect(t.cache.lookup(Digest.of("a"), kind: .quantized) == nil)
        #expect(t.cache.sessionCounts == (0, 1))
        // No entry names an object that is not there.
        #expect(!FileManager.default.fileExists(atPath: "\(t.dir)/entries"))
    }

    @Test func aFailingEntryFolderToo() throws {
        let t = try TestCache()
        try block(t, "entries")
        try t.cache.store(key: Digest.of("a"), kind: "palette", bytes: Array("APL2 a".utf8), description: "a")
        #expect(!t.cache.writable)
        #expect(t.cache.takeWarnings() == ["cache at \(t.dir) cannot be written (entries: Not a directory); outputs are built without caching"])
        #expect(t.cache.lookup(Digest.of("a"), kind: .palette) == nil)
    }

    @Test func anObjectWriterOnAnUnwritableCacheStillHashes() throws {
        let t = try TestCache()
        try block(t, "objects")
        let w = try t.cache.makeObjectWriter()
        try w.write(Array("GIF89a".utf8))
        try w.write([1, 2, 3, 0x3B])
        let c = w.commit()
        #expect(c == .init(digest: Digest.of(Array("GIF89a".utf8) + [1, 2, 3, 0x3B]), stored: false))
        #expect(w.size == 10)
        let warnings = t.cache.takeWarnings()
        #expect(warnings == ["cache at \(t.dir) cannot be written (cannot create a temporary file in objects/: Not a directory); outputs are built without caching"])
        #expect(!warnings.joined().contains("incoming"))
    }

    @Test func anObjectWriterStopsWhenTheCacheFailsMeanwhile() throws {
        let t = try TestCache()
        let w = try t.cache.makeObjectWriter()
        try w.write(Array("GIF89a".utf8))
        // Another step finds the cache unwritable while this object is being streamed.
        try block(t, "entries")
        try t.cache.store(key: Digest.of("a"), kind: "palette", bytes: Array("APL2 a".utf8), description: "a")
        try w.write([7, 0x3B])
        let c = w.commit()
        #expect(!c.stored)
        #expect(c.digest == Digest.of(Array("GIF89a".utf8) + [7, 0x3B]))
        #expect(!FileManager.default.fileExists(atPath: t.objectPath(c.digest)))
        // The temporary file is gone too.
        #expect(Cache.bytes(under: "\(t.dir)/objects") == 6)  // only palette "APL2 a"
    }

    @Test func anObjectWriterStoresWhenItCan() throws {
        let t = try TestCache()
        let w = try t.cache.makeObjectWriter()
        let gif = TestCache.object("gif", [1, 2, 3, 4, 5, 6, 7, 8])
        try w.write(gif)
        let c = w.commit()
        #expect(c.stored && c.digest == Digest.of(gif))
        try t.cache.storeEntry(key: Digest.of("g"), kind: "gif", object: c.digest, size: w.size, description: "g")
        #expect(t.cache.lookup(Digest.of("g"), kind: .gif)?.bytes == gif)
        #expect(t.cache.takeWarnings().isEmpty)
    }
}

@Suite struct CacheReadOnlyTests {
    /// Every file under `dir` with its size and modification time.
    func snapshot(_ dir: String) throws -> [String: [Int64]] {
        var out: [String: [Int64]] = [:]
        for rel in try FileManager.default.subpathsOfDirectory(atPath: dir) {
            guard let st = FileSystem.status("\(dir)/\(rel)") else { continue }
            out[rel] = [st.size, st.isDirectory ? 0 : st.mtimeNs]
        }
        return out
    }

    @Test func aReadOnlyCacheNeverWritesTouchesOrDeletes() throws {
        let t = try TestCache()
        let good = try t.put("good", size: 100, kind: "quantized", age: 5000)
        let corrupt = try t.put("corrupt", size: 100, kind: "gif", age: 5000)
        var bytes = try FileSystem.read(t.objectPath(corrupt.object))
        bytes[10] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: t.objectPath(corrupt.object)))
        try t.setAge(t.objectPath(corrupt.object), 5000)
        try AtomicFile.write(Array("{}".utf8), to: t.entryPath(Digest.of("unreadable")))
        let orphan = try t.cache.putObject(Array("AQF1 orphan".utf8))
        try t.setAge(t.objectPath(orphan), 5000)
        let before = try snapshot(t.dir)

        let ro = try Cache(directory: t.dir, readOnly: true)
        #expect(!ro.writable && ro.writeFailure == nil)
        #expect(ro.lookup(good.key, kind: .quantized)?.entry == good)
        #expect(ro.entry(for: good.key, kind: .quantized) != nil)
        #expect(ro.lookup(corrupt.key, kind: .gif) == nil)
        #expect(ro.entry(for: Digest.of("unreadable"), kind: .gif) == nil)
        #expect(try ro.copyObject(corrupt.object, to: t.dir + "-out.gif", kind: .gif) == false)
        try ro.store(key: Digest.of("new"), kind: "palette", bytes: Array("APL2 new".utf8), description: "new")
        let w = try ro.makeObjectWriter()
        try w.write(TestCache.object("gif", [1]))
        #expect(!w.commit().stored)
        ro.saveRecord(BuildRecord(), id: "animc.yaml")
        ro.recordBuild(.init(hits: 1, misses: 1, finished: 0, durationMs: 0, manifest: "animc.yaml"))
        #expect(!ro.verify(repair: true).ok)
        #expect(ro.collect(GCPolicy(maxSize: 0)).evicted.count > 0)
        #expect(ro.clear() == 0)
        #expect(ro.sessionCounts == (1, 1))

        #expect(try snapshot(t.dir) == before)
        #expect(!FileManager.default.fileExists(atPath: t.dir + "-out.gif"))
    }

    @Test func aReadOnlyCacheIsNeverCreated() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("animc-ro-\(UUID().uuidString)").path
        let ro = try Cache(directory: dir, create: true, readOnly: true)
        #expect(ro.lookup(Digest.of("k"), kind: .gif) == nil)
        try ro.store(key: Digest.of("k"), kind: "palette", bytes: Array("APL2".utf8), description: "k")
        #expect(!FileManager.default.fileExists(atPath: dir))
        #expect(ro.takeWarnings().isEmpty)
    }
}

/// A full disk: a 64 KiB tmpfs (needs the right to mount, which CI as root in a container may not have: skipped then).
@Suite struct CacheDiskFullTests {
    /// Mounts a tiny tmpfs, runs `body` on a cache inside it, unmounts. False when mounting is not allowed.
    static func onFullDisk(_ body: (String) throws -> Void) throws -> Bool {
        let mountPoint = FileManager.default.temporaryDirectory.appendingPathComponent("animc-full-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: mountPoint) }
        func run(_ args: [String]) -> Bool {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = args
            p.standardError = FileHandle.nullDevice
            guard (try? p.run()) != nil else { return false }
            p.waitUntilExit()
            return p.terminationStatus == 0
        }
        guard run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint]) else { return false }
        defer { _ = run(["umount", mountPoint]) }
        try body("\(mountPoint)/.animc-cache")
        return true
    }

    @Test func aFullDiskWarnsOnceAndLeavesNoTemporaryFiles() throws {
        let ran = try Self.onFullDisk { dir in
            let cache = try Cache(directory: dir)
            #expect(cache.writable)
            // The disk fills while a GIF is streamed in; then a frame is stored.
            let w = try cache.makeObjectWriter()
            for _ in 0..<50 { try w.write(TestCache.object("gif", [UInt8](repeating: 3, count: 4000))) }
            let c = w.commit()
            #expect(!c.stored && w.size == 50 * 4007)
            let big = Array("AQF1".utf8) + [UInt8](repeating: 7, count: 200_000)
            try cache.store(key: Digest.of("big"), kind: "quantized", bytes: big, description: "big")
            #expect(!cache.writable)
            let warnings = cache.takeWarnings()
            #expect(warnings.count == 1)
            #expect(warnings.first?.contains("No space left on device") == true, "\(warnings)")
            #expect(warnings.first?.contains("(writing objects/") == true, "\(warnings)")
            #expect(cache.lookup(Digest.of("big"), kind: .quantized) == nil)
            // Nothing half-written stays behind.
            #expect(Cache.bytes(under: "\(dir)/objects") == 0)
            #expect(cache.verify(repair: false, graceSeconds: 0).ok)
        }
        if !ran { print("skipped: mounting a tmpfs is not allowed here") }
    }
}
