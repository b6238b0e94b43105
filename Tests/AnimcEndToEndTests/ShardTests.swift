import Foundation
import Testing

/// `--shard K/N`: disjoint, covering, the same in every process, and shards sharing a remote cache leave a full
/// build nothing to do.
@Suite struct ShardTests {
    static let names = (0..<12).map { "anim\($0)" }

    /// The animation names a shard builds, from its dry run.
    static func members(_ p: Project, _ shard: String) throws -> Set<String> {
        let run = try p.animc("build", "--dry-run", "--json", "--shard", shard)
        #expect(run.status == 0, "\(run.stderr)")
        return Set(run.statuses.keys)
    }

    @Test func shardsAreDisjointCoverAndAreStableAcrossProcesses() throws {
        let p = try RemoteCacheTests.project(names: Self.names)
        var seen: [String: Int] = [:]
        for k in 1...3 {
            let m = try Self.members(p, "\(k)/3")
            #expect(try Self.members(p, "\(k)/3") == m, "the same in another process")
            for n in m { seen[n, default: 0] += 1 }
        }
        #expect(Set(seen.keys) == Set(Self.names))
        #expect(seen.values.allSatisfy { $0 == 1 })
        // The documented rule, computed by another SHA-256 implementation: first 8 bytes, big-endian, mod N, plus 1.
        let script = "import hashlib,sys\nfor n in sys.argv[1:]: print(n, int(hashlib.sha256(n.encode()).hexdigest()[:16], 16) % 3 + 1)"
        let py = try Animc.execute(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + Self.names, in: p.root)
        for line in py.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ")
            #expect(try Self.members(p, "\(parts[1])/3").contains(String(parts[0])))
        }
        for bad in ["0/3", "4/3", "1/0", "x/2", "1/2/3", "-1/2", "1"] {
            #expect(try p.animc("build", "--shard", bad).status == 64, "\(bad)")
        }
    }

    @Test func twoShardsAtOnceThenAFullBuildRunsNothing() throws {
        let nginx = try Nginx.get()
        let id = RemoteCacheTests.id()
        let names = Array(Self.names.prefix(6))
        let source = try RemoteCacheTests.project(names: names)
        let one = try RemoteCacheTests.clone(source), two = try RemoteCacheTests.clone(source)
        let group = DispatchGroup()
        nonisolated(unsafe) var runs: [Animc.Run?] = [nil, nil]
        for (i, p) in [one, two].enumerated() {
            group.enter()
            DispatchQueue.global().async {
                runs[i] = try? p.animc("build", "--json", "--shard", "\(i + 1)/2", "--remote-cache", nginx.base(id: id))
                group.leave()
            }
        }
        group.wait()
        let built = runs.compactMap { $0 }.map { Set($0.statuses.keys) }
        #expect(built.count == 2)
        #expect(built[0].isDisjoint(with: built[1]) && built[0].union(built[1]) == Set(names))
        for r in runs { #expect(r?.status == 0, "\(r?.stderr ?? "")") }

        let full = try RemoteCacheTests.clone(source)
        let run = try full.animc("build", "--json", "--remote-cache", nginx.base(id: id))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.steps == (0, 0, 0))
        #expect(Set(run.statuses.values) == ["restored"])
        #expect(try full.animc("check").status == 0)
    }
}
