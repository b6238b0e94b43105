import AnimcBasics
import AnimcCache

/// The map of one GIF encoding that the next encoding of the same output splices from: for each
/// encoder transition (adding play-order frame i, then finishing), its key, where its bytes sit in the
/// encoding's object, their digest, and the encoder state after it. See `GIFSplicer`.
struct SpliceIndex: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        /// `GIFSplicer.transitionKey`: the state before, the pending frame, the frame added and its delay.
        var key: Digest
        var offset: Int64
        var length: Int
        /// SHA-256 of the bytes (checked before they are copied; nil when there are none).
        var bytes: Digest?
        /// The encoder's state after the transition (`GIFSplicer.stateDigest`).
        var stateAfter: Digest
        /// The frame was merged into the pending one (it looked the same): the pending frame stays.
        var merged: Bool
        /// The pending frame's delay after the transition.
        var pendingDelay: Int
    }

    /// The GIF object the offsets point into.
    var object: Digest
    var entries: [Entry]

    func encoded() -> [UInt8] {
        var lines: [UInt8] = []
        for e in entries { Self.append(e, to: &lines) }
        return Self.encoded(object: object, count: entries.count, lines: lines)
    }

    /// The index's bytes: a head line, then `lines` (one per entry, as `append` writes them). An encoding
    /// keeps only these lines while it runs (a few hundred bytes a frame).
    static func encoded(object: Digest, count: Int, lines: [UInt8]) -> [UInt8] {
        ObjectKind.spliceMagic + Array(" \(count) \(object.hex)\n".utf8) + lines
    }

    static func append(_ e: Entry, to lines: inout [UInt8]) {
        lines += e.key.hex.utf8
        lines += " \(e.offset) \(e.length) ".utf8
        if let d = e.bytes { lines += d.hex.utf8 } else { lines.append(0x2D) }
        lines.append(0x20)
        lines += e.stateAfter.hex.utf8
        lines += " \(e.merged ? 1 : 0) \(e.pendingDelay)\n".utf8
    }

    static func decode(_ bytes: [UInt8]) -> SpliceIndex? {
        guard bytes.starts(with: ObjectKind.spliceMagic) else { return nil }
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let head = lines[0].split(separator: 0x20)
        guard head.count == 3, let n = Int(String(decoding: head[1], as: UTF8.self)), n >= 0, n == lines.count - 2,
              lines.last!.isEmpty, let object = Digest(hex: String(decoding: head[2], as: UTF8.self)) else { return nil }
        var entries: [Entry] = []
        entries.reserveCapacity(n)
        for line in lines[1...n] {
            let f = line.split(separator: 0x20).map { String(decoding: $0, as: UTF8.self) }
            guard f.count == 7, let key = Digest(hex: f[0]), let offset = Int64(f[1]), offset >= 0,
                  let length = Int(f[2]), length >= 0, let state = Digest(hex: f[4]), f[5] == "0" || f[5] == "1",
                  let delay = Int(f[6]), (0...65535).contains(delay) else { return nil }
            let digest = f[3] == "-" ? nil : Digest(hex: f[3])
            guard (digest == nil) == (length == 0) else { return nil }
            entries.append(Entry(key: key, offset: offset, length: length, bytes: digest, stateAfter: state,
                                 merged: f[5] == "1", pendingDelay: delay))
        }
        return SpliceIndex(object: object, entries: entries)
    }
}
