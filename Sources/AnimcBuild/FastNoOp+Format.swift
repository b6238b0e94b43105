import AnimcBasics

/// The fast no-op record as text, one item a line; the path (which may hold spaces) comes last. A path
/// with a line break or tab is not recorded (no record is written), and anything unreadable is no record.
/// Read byte by byte: a record of 1000 frames is parsed in well under a millisecond.
extension FastNoOp {
    func serialized() -> [UInt8]? {
        var lines = [Self.header, "version \(version)", "manifest \(manifest.hex)", "cache \(watch.cacheDirectory)"]
        func clean(_ s: String) -> Bool { !s.contains("\n") && !s.contains("\r") && !s.contains("\t") && !s.isEmpty }
        guard clean(version), clean(watch.cacheDirectory) else { return nil }
        for f in files {
            guard clean(f.path) else { return nil }
            lines.append("file \(f.stat.size) \(f.stat.mtimeNs) \(f.stat.ctimeNs) \(f.stat.inode) \(f.path)")
        }
        for e in entries {
            guard clean(e.path) else { return nil }
            lines.append("entry \(e.size) \(e.inode) \(e.path)")
        }
        for o in outputs {
            guard clean(o.animation), clean(o.path), clean(o.format), !o.format.contains(" ") else { return nil }
            lines.append("output \(o.key.hex) \(o.digest.hex) \(o.format) \(o.animation)\t\(o.path)")
        }
        for p in watch.files.sorted() { guard clean(p) else { return nil }; lines.append("watch-file \(p)") }
        for (p, deep) in watch.folders.sorted(by: { $0.key < $1.key }) {
            guard clean(p) else { return nil }
            lines.append("watch-folder \(deep ? 1 : 0) \(p)")
        }
        for p in watch.ignored.sorted() { guard clean(p) else { return nil }; lines.append("watch-ignored \(p)") }
        lines.append("end")
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    init?(serialized bytes: [UInt8]) {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for i in bytes.indices where bytes[i] == 0x0A {
            lines.append(bytes[start..<i])
            start = i + 1
        }
        guard start == bytes.count, lines.count >= 5, Self.text(lines[0]) == Self.header, Self.text(lines.last!) == "end",
              let v = Self.field(lines[1], "version"), let m = Self.field(lines[2], "manifest").flatMap({ Digest(hex: Self.text($0)) }),
              let c = Self.field(lines[3], "cache") else { return nil }
        self.init(version: Self.text(v), manifest: m, watch: WatchSet(manifestPath: "/", manifest: nil, cacheDirectory: Self.text(c)))
        watch.files = []
        for line in lines[4..<(lines.count - 1)] {
            if var rest = Self.field(line, "file") {
                guard let size = Self.number(&rest), let mt = Self.number(&rest), let ct = Self.number(&rest),
                      let ino = Self.number(&rest), !rest.isEmpty else { return nil }
                files.append((Self.text(rest), Stat(size: size, mtimeNs: mt, ctimeNs: ct, inode: UInt64(bitPattern: ino))))
            } else if var rest = Self.field(line, "entry") {
                guard let size = Self.number(&rest), let ino = Self.number(&rest), !rest.isEmpty else { return nil }
                entries.append(Entry(path: Self.text(rest), size: size, inode: UInt64(bitPattern: ino)))
            } else if let rest = Self.field(line, "output") {
                let parts = rest.split(separator: 0x20, maxSplits: 3, omittingEmptySubsequences: false)
                guard parts.count == 4, let key = Digest(hex: Self.text(parts[0])), let digest = Digest(hex: Self.text(parts[1])) else { return nil }
                let names = parts[3].split(separator: 0x09, maxSplits: 1, omittingEmptySubsequences: false)
                guard names.count == 2 else { return nil }
                outputs.append(Output(animation: Self.text(names[0]), path: Self.text(names[1]), key: key, digest: digest,
                                      format: Self.text(parts[2])))
            } else if let p = Self.field(line, "watch-file") {
                watch.files.insert(Self.text(p))
            } else if let rest = Self.field(line, "watch-folder") {
                guard rest.count >= 3, let deep = rest.first, deep == 0x30 || deep == 0x31 else { return nil }
                watch.folders[Self.text(rest.dropFirst(2))] = deep == 0x31
            } else if let p = Self.field(line, "watch-ignored") {
                watch.ignored.insert(Self.text(p))
            } else {
                return nil
            }
        }
    }

    private static func text(_ s: ArraySlice<UInt8>) -> String { String(decoding: s, as: UTF8.self) }

    /// The rest of `line` after `tag` and a space, when the line starts so.
    private static func field(_ line: ArraySlice<UInt8>, _ tag: StaticString) -> ArraySlice<UInt8>? {
        let n = tag.utf8CodeUnitCount
        guard line.count > n, line[line.startIndex + n] == 0x20 else { return nil }
        let t = UnsafeBufferPointer(start: tag.utf8Start, count: n)
        for k in 0..<n where line[line.startIndex + k] != t[k] { return nil }
        return line[(line.startIndex + n + 1)...]
    }

    /// A decimal number (optionally negative) and the space after it, taken off the front of `s`.
    private static func number(_ s: inout ArraySlice<UInt8>) -> Int64? {
        var i = s.startIndex, negative = false, value: Int64 = 0, digits = 0
        if i < s.endIndex, s[i] == 0x2D { negative = true; i += 1 }
        while i < s.endIndex, s[i] >= 0x30, s[i] <= 0x39, digits < 19 {
            value = value * 10 + Int64(s[i] - 0x30)
            i += 1; digits += 1
        }
        guard digits > 0, i < s.endIndex, s[i] == 0x20 else { return nil }
        s = s[(i + 1)...]
        return negative ? -value : value
    }
}
