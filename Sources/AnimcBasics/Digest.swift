import Crypto
import Foundation

/// A SHA-256 digest, printed as 64 lowercase hex characters. Keys of plan steps and names of cache objects.
public struct Digest: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let hex: String

    public init?(hex: String) {
        // ASCII checks on the UTF-8 bytes: Character properties are far slower, and records hold thousands of digests.
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            return nil
        }
        self.hex = hex
    }

    init(_ digest: SHA256.Digest) {
        let digits: StaticString = "0123456789abcdef"
        self.hex = String(unsafeUninitializedCapacity: 64) { buf in
            digits.withUTF8Buffer { d in
                var i = 0
                for byte in digest {
                    buf[i] = d[Int(byte >> 4)]
                    buf[i + 1] = d[Int(byte & 0xf)]
                    i += 2
                }
            }
            return 64
        }
    }

    public var short: String { String(hex.prefix(12)) }
    public var description: String { hex }
    public static func < (a: Digest, b: Digest) -> Bool { a.hex < b.hex }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let d = Digest(hex: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a SHA-256 hex digest: \(s)")
        }
        self = d
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(hex)
    }

    /// SHA-256 of raw bytes.
    public static func of(_ bytes: some DataProtocol) -> Digest {
        Digest(SHA256.hash(data: bytes))
    }

    public static func of(_ string: String) -> Digest { of(Array(string.utf8)) }

    /// SHA-256 of a canonical encoding of `value`: JSON with sorted keys, so the same value always gives the
    /// same key in every process (never Swift's per-process seeded `Hashable`).
    public static func key(of value: some Encodable) -> Digest {
        of(canonicalJSON(value))
    }
}

/// Sorted-key JSON, the canonical form used for keys and for files animc writes.
public func canonicalJSON(_ value: some Encodable, pretty: Bool = false) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
    // Encoding our own plain value types cannot fail; a failure is a programming error.
    return try! encoder.encode(value)
}

/// Incremental SHA-256 for data that arrives in pieces.
public struct StreamingDigest {
    private var hasher = SHA256()
    public init() {}
    public mutating func update(_ bytes: some DataProtocol) { hasher.update(data: bytes) }
    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }
    public func finalize() -> Digest { Digest(hasher.finalize()) }
}
