import AnimcBasics
import AnimcCache
import Testing

/// The record keeps the digest of each output animc wrote (`O <animation> <path> <digest>`), which is what
/// lets `clean` tell its own files from anyone else's; records of an older animc still load.
@Test func outputDigestsRoundTripAndOldOutputLinesStillLoad() {
    var r = BuildRecord()
    r.outputs["out/walk.gif"] = "walk"
    r.outputDigests["out/walk.gif"] = Digest.of("gif bytes")
    r.outputs["out/old.gif"] = "old"
    let bytes = r.serialized()
    #expect(BuildRecord(serialized: bytes) == r)
    let old = BuildRecord(serialized: Array("animc-record 1\nO\twalk\tout/walk.gif\n".utf8))
    #expect(old?.outputs == ["out/walk.gif": "walk"])
    #expect(old?.outputDigests.isEmpty == true)
    #expect(BuildRecord(serialized: Array("animc-record 1\nO\twalk\tout/walk.gif\tnothex\n".utf8)) == nil)
}
