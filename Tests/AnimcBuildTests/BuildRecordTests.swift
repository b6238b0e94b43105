import AnimcBasics
import AnimcCache
import Testing

@Test func buildRecordsRoundTripThroughTheirLineFormat() {
    var r = BuildRecord()
    let d = Digest.of("x")
    r.files["frames/a\tb.png"] = .init(status: FileStatus(size: 10, mtimeNs: 123, ctimeNs: 456, inode: 789, isRegular: true, isDirectory: false),
                                       digest: d, hashedAtNs: 999)
    r.outputs["walk\nline"] = "out/walk\\x.gif"
    r.steps["quantize walk#0"] = .init(key: d, params: ["dither": "none", "odd\tname": "v\\"], inputs: ["frame": d])
    r.steps["encode walk"] = .init(key: Digest.of("y"), params: [:], inputs: [:])
    let bytes = r.serialized()
    #expect(BuildRecord(serialized: bytes) == r)
    #expect(BuildRecord(serialized: bytes)?.serialized() == bytes)
}

@Test func aDamagedRecordIsIgnored() {
    #expect(BuildRecord(serialized: Array("not a record\n".utf8)) == nil)
    #expect(BuildRecord(serialized: Array("animc-record 1\nF\tshort\n".utf8)) == nil)
    #expect(BuildRecord(serialized: Array("animc-record 1\nS\tid\tnothex\n".utf8)) == nil)
}
