import AnimcBasics
import AnimcCache
import Foundation
import Testing

@Suite struct CacheVerifyTests {
    @Test func findsFlippedAndTruncatedObjectsAndRepairs() throws {
        let t = try TestCache()
        let a = try t.put("a", size: 500)
        let b = try t.put("b", size: 500)
        try t.put("c", size: 500)
        var bytes = try FileSystem.read(t.objectPath(a.object))
        bytes[100] ^= 0x01
        try AtomicFile.write(bytes, to: t.objectPath(a.object))
        let cut = try FileSystem.read(t.objectPath(b.object))
        try AtomicFile.write(Array(cut.prefix(200)), to: t.objectPath(b.object))

        let r = t.cache.verify(repair: false)
        #expect(!r.ok)
        #expect(Set(r.problems.map(\.kind)) == [.corrupt, .truncated])
        #expect(r.problems.first { $0.kind == .corrupt }?.entries == [a.key])
        #expect(r.removed.isEmpty && t.has("a"))

        let fixed = t.cache.verify(repair: true)
        #expect(fixed.problems.count == 2)
        #expect(!t.has("a") && !t.has("b") && t.has("c"))
        #expect(t.cache.verify(repair: false).ok)
    }

    @Test func orphansDanglingEntriesAndJunk() throws {
        let t = try TestCache()
        let orphan = try t.cache.putObject([9, 9, 9])
        try t.setAge(t.objectPath(orphan), 3600)
        let e = try t.put("dangling")
        try FileManager.default.removeItem(atPath: t.objectPath(e.object))
        try AtomicFile.write(Array("{}".utf8), to: t.entryPath(Digest.of("junk")))
        let r = t.cache.verify(repair: true)
        #expect(Set(r.problems.map(\.kind)) == [.orphaned, .missingObject, .badEntry])
        #expect(t.cache.verify(repair: false).ok)
    }

    @Test func anExclusiveLockKeepsBuildsOut() throws {
        let t = try TestCache()
        let gc = try CacheLock(directory: t.dir, mode: .exclusive, timeout: 1)
        #expect(throws: CacheError.self) { try CacheLock(directory: t.dir, mode: .shared, timeout: 0.2) }
        gc.release()
        let b1 = try CacheLock(directory: t.dir, mode: .shared, timeout: 1)
        let b2 = try CacheLock(directory: t.dir, mode: .shared, timeout: 1)
        #expect(throws: CacheError.self) { try CacheLock(directory: t.dir, mode: .exclusive, timeout: 0.2) }
        b1.release(); b2.release()
        _ = try CacheLock(directory: t.dir, mode: .exclusive, timeout: 1)
    }
}
