@testable import AnimcBuild
import AnimcRemote
import Foundation
import Testing

/// The remote cache's address: user info becomes a header and never a printed string; only 64 lowercase hex
/// digits reach a URL; shards are a pure function of the name.
@Suite struct RemoteConfigTests {
    @Test func userInfoIsKeptOutOfTheDisplayedAddress() throws {
        let c = try RemoteConfig(url: "https://ci:p%40ss-word@cache.example.com:8443/animc/v1/")
        #expect(c.display == "https://cache.example.com:8443/animc/v1")
        #expect(!c.display.contains("p%40ss") && !c.display.contains("ci:"))
        #expect(c.base.user == nil && c.base.password == nil)
        #expect(RemoteConfig.redact("http://u:secret@h/x") == "http://***@h/x")
        #expect(RemoteConfig.redact("http://h/x") == "http://h/x")
    }

    @Test func badAddressesAreRefusedWithoutTheirSecrets() {
        for text in ["ftp://u:topsecret@h/x", "http://u:topsecret@/x", "http://u:topsecret@h/x?a=1", "cache.example.com", ""] {
            do {
                _ = try RemoteConfig(url: text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(!error.message.contains("topsecret"), "\(error.message)")
            }
        }
    }

    @Test func onlySixtyFourLowercaseHexDigitsAreDigests() {
        let good = String(repeating: "ab12", count: 16)
        #expect(RemoteConfig.isDigest(good))
        for bad in [good.uppercased(), String(good.dropLast()), good + "0", "../" + good.dropFirst(3), String(repeating: "g", count: 64), ""] {
            #expect(!RemoteConfig.isDigest(bad), "\(bad)")
        }
    }

    @Test func shardsFollowTheSHA256OfTheName() {
        // sha256("walk") starts with 7a6c4fac6c5cd720, which is 0 modulo 4 (shard 1 of 4): pinned so a change of rule is seen.
        #expect(Shard.of("walk", count: 4) == 1)
        let names = (0..<200).map { "anim\($0)" }
        for n in [1, 2, 3, 7] {
            let groups = Dictionary(grouping: names) { Shard.of($0, count: n) }
            #expect(Set(groups.keys).isSubset(of: Set(1...n)))
            #expect(groups.values.reduce(0) { $0 + $1.count } == names.count)
        }
        #expect(Shard("2/4") == Shard(index: 2, count: 4))
        for bad in ["0/4", "5/4", "1/0", "a/b", "1/2/3", " 1/2", "1/", "/2", "+1/2"] { #expect(Shard(bad) == nil, "\(bad)") }
    }
}
