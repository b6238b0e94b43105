import AnimcBasics
import AnimcCache
import Testing

@Test func buildRecordsRoundTripThroughTheirLineFormat() {
    var r = BuildRecord()
    let d = Digest.of("x")
    r.files["frames/a\tb.png"] = .init(status: FileStatus(size: 10, mtimeNs: 123, ctimeNs: 456, inode: 789, isRegular: true, isDirectory: false),
                                       digest: d, hashedAtNs: 999)
    r.outputs["out/walk\\x.gif"] = "walk\nline"
    r.steps["quantize walk#0"] = .init(key: d, params: ["dither": "none", "odd\tname": "v\\"], inputs: ["frame": d])
    r.steps["encode walk"] = .init(key: Digest.of("y"), params: [:], inputs: [:])
    r.tiles["sheets/hero\t1.png"] = .init(sheet: Digest.of("sheet"), digests: ["0,0,16,16": d, "16,0,16,16": Digest.of("z")])
    let bytes = r.serialized()
    #expect(BuildRecord(serialized: bytes) == r)
    #expect(BuildRecord(serialized: bytes)?.serialized() == bytes)
}

@Test func aDamagedRecordIsIgnored() {
    #expect(BuildRecord(serialized: Array("not a record\n".utf8)) == nil)
    #expect(BuildRecord(serialized: Array("animc-record 1\nF\tshort\n".utf8)) == nil)
    #expect(BuildRecord(serialized: Array("animc-record 1\nS\tid\tnothex\n".utf8)) == nil)
}

/// git's "racy clean" case: a file changed within the timestamp granularity of its hashing could
/// change again without its stat moving, so its record is not trusted until it is safely older.
@Test func statRecordsTakenRacilyAreNotTrusted() {
    let second: Int64 = 1_000_000_000
    let st = FileStatus(size: 10, mtimeNs: 100 * second, ctimeNs: 100 * second, inode: 7, isRegular: true, isDirectory: false)
    let racy = BuildRecord.FileRecord(status: st, digest: Digest.of("x"), hashedAtNs: 100 * second + second / 2)
    let settled = BuildRecord.FileRecord(status: st, digest: Digest.of("x"), hashedAtNs: 103 * second)
    #expect(!racy.matches(st))
    #expect(settled.matches(st))
    // Any change of size, mtime, ctime or inode means: hash again.
    var moved = st
    moved.inode = 8
    #expect(!settled.matches(moved))
    moved = st
    moved.mtimeNs += 1
    #expect(!settled.matches(moved))
}
