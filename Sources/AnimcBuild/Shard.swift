import AnimcBasics

/// `--shard K/N`: the animations whose stable hash falls in shard K (1…N) of N. The hash is the SHA-256 of the
/// animation's name (never Swift's per-process seeded `Hasher`), so shards are disjoint, cover every animation,
/// and are the same on every machine and in every run.
public struct Shard: Sendable, Equatable {
    /// 1…count.
    public let index: Int
    public let count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, count <= 10_000, index >= 1, index <= count else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } && $0.count <= 5 }),
              let k = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: k, count: n)
    }

    /// The shard (1…count) an animation belongs to: the first 8 bytes of SHA-256(name), big-endian, modulo count.
    public static func of(_ name: String, count: Int) -> Int {
        let hex = Digest.of(name).hex
        let value = UInt64(hex.prefix(16), radix: 16)!
        return Int(value % UInt64(count)) + 1
    }

    public func contains(_ name: String) -> Bool { Shard.of(name, count: count) == index }
}
