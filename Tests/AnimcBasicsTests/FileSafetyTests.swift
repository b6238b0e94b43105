import Foundation
import Testing
@testable import AnimcBasics

/// Real paths, the process umask and temporary-file names: what the "never write outside, never
/// world-writable" promises stand on.
@Suite struct FileSafetyTests {
    func tempFolder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("animc-basics-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return RealPath.resolve(dir)!
    }

    @Test func realPathsFollowLinksEvenDanglingOnesAndFoldDotDotWhereItLeads() throws {
        let root = try tempFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/project/real", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/elsewhere/deep", withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: root + "/project/out", withDestinationPath: root + "/elsewhere/deep")
        try fm.createSymbolicLink(atPath: root + "/project/rel", withDestinationPath: "../elsewhere")
        try fm.createSymbolicLink(atPath: root + "/project/dangling", withDestinationPath: root + "/nowhere/yet")
        try fm.createSymbolicLink(atPath: root + "/project/loop", withDestinationPath: root + "/project/loop")

        #expect(RealPath.resolve(root + "/project/out/a.gif") == root + "/elsewhere/deep/a.gif")
        // `..` after a link goes up from where the link leads, not from the link's folder.
        #expect(RealPath.resolve(root + "/project/out/../x.gif") == root + "/elsewhere/x.gif")
        #expect(RealPath.resolve(root + "/project/rel/deep/new/b.gif") == root + "/elsewhere/deep/new/b.gif")
        #expect(RealPath.resolve(root + "/project/dangling/c.gif") == root + "/nowhere/yet/c.gif")
        #expect(RealPath.resolve(root + "/project/missing/../real/d.gif") == root + "/project/real/d.gif")
        #expect(RealPath.resolve(root + "/project/loop/e.gif") == nil)
        // A link at the end: `location` is the link itself (what rename and unlink act on).
        #expect(RealPath.location(root + "/project/out") == root + "/project/out")
        #expect(RealPath.resolve(root + "/project/out") == root + "/elsewhere/deep")

        #expect(RealPath.isInside(root + "/project/a", root + "/project"))
        #expect(!RealPath.isInside(root + "/project-b/a", root + "/project"))
        #expect(RealPath.isInside(root + "/project", root + "/project"))
    }

    /// Issue #10 item 4: worker threads reading the umask with umask(0)/umask(old) left it at 0 when two
    /// interleaved. Many threads committing atomic files must leave the process umask as it was.
    @Test func manyThreadsCommittingLeaveTheUmaskAlone() throws {
        let root = try tempFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let before = try Self.umaskFromProc()
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            for i in 0..<300 {
                try? AtomicFile.write([UInt8(i & 0xFF)], to: "\(root)/t\(t)/sub\(i % 16)/f\(i)")
            }
        }
        #expect(try Self.umaskFromProc() == before)
        #expect(ProcessUmask.value == before)
        let e = FileManager.default.enumerator(atPath: root)!
        var checked = 0
        for case let rel as String in e {
            var st = stat()
            #expect(lstat(root + "/" + rel, &st) == 0)
            if before & 0o002 != 0 { #expect(st.st_mode & 0o002 == 0, "\(rel) is world-writable") }
            checked += 1
        }
        #expect(checked == 8 * (1 + 16 + 300))
    }

    static func umaskFromProc() throws -> mode_t {
        let text = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = text.split(separator: "\n").first { $0.hasPrefix("Umask:") }!
        return mode_t(line.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8)!
    }

    @Test func temporaryNamesAreExactlyAtomicFileWritersOwn() throws {
        #expect(AtomicFile.isTemporaryName(".a.gif.animc-tmp-Ab12Zz", for: "a.gif"))
        #expect(!AtomicFile.isTemporaryName(".a.gif.animc-tmp-Ab12Z", for: "a.gif"))
        #expect(!AtomicFile.isTemporaryName(".a.gif.animc-tmp-Ab12Zz.bak", for: "a.gif"))
        #expect(!AtomicFile.isTemporaryName("a.gif.animc-tmp-Ab12Zz", for: "a.gif"))
        #expect(!AtomicFile.isTemporaryName(".a.gif.animc-tmp-Ab-2Zz", for: "a.gif"))
        #expect(!AtomicFile.isTemporaryName(".b.gif.animc-tmp-Ab12Zz", for: "a.gif"))
        // While it writes, a writer's file has no name (Linux: O_TMPFILE) or a name of the pattern.
        let root = try tempFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var w = try AtomicFileWriter(path: root + "/x.gif")
        try w.write([1, 2, 3])
        let during = try FileManager.default.contentsOfDirectory(atPath: root)
        #expect(during.isEmpty || (during.count == 1 && AtomicFile.isTemporaryName(during[0], for: "x.gif")), "\(during)")
        try w.commit(durable: true)
        #expect(try FileSystem.read(root + "/x.gif") == [1, 2, 3])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["x.gif"])
        // Replacing an existing file, and leaving one in place when asked not to replace it.
        try AtomicFile.write([4], to: root + "/x.gif")
        #expect(try FileSystem.read(root + "/x.gif") == [4])
        var keep = try AtomicFileWriter(path: root + "/x.gif")
        try keep.write([5])
        try keep.commit(as: root + "/x.gif", replacing: false)
        #expect(try FileSystem.read(root + "/x.gif") == [4])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["x.gif"])
        // A writer that is dropped uncommitted leaves nothing.
        do {
            var dropped = try AtomicFileWriter(path: root + "/y.gif")
            try dropped.write([9])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["x.gif"])
    }

    /// A named temporary file whose writer is gone is removed at once; a locked one (a live writer) is kept.
    @Test func abandonedTemporaryFilesAreTheUnlockedOnes() throws {
        let root = try tempFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let abandoned = root + "/.r.record.animc-tmp-Ab12Zz", live = root + "/.r.record.animc-tmp-Cd34Yy"
        try AtomicFile.write([1], to: abandoned)
        try AtomicFile.write([2], to: live)
        let fd = open(live, O_RDONLY)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        try AtomicFile.write([3], to: root + "/r.record")
        #expect(AtomicFile.removeAbandonedTemporaries(in: root) == [abandoned])
        #expect(FileSystem.exists(live) && FileSystem.exists(root + "/r.record"))
    }
}
