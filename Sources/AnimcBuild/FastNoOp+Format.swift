import AnimcBasics

/// The fast no-op record as text, one item a line; the path (which may hold spaces) comes last. A path
/// with a line break or tab is not recorded (no record is written), and anything unreadable is no record.
extension FastNoOp {
    func serialized() -> [UInt8]? {
        var lines = [Self.header, "version \(version)", "manifest \(manifest.hex)", "cache \(watch.cacheDirectory)"]
        func clean(_ s: String) -> Bool { !s.contains("\n") && !s.contains("\r") && !s.contains("\t") }
        guard clean(version), clean(watch.cacheDirectory) else { return nil }
        for f in files {
            guard clean(f.path) else { return nil }
            lines.append("file \(f.stat.size) \(f.stat.mtimeNs) \(f.stat.ctimeNs) \(f.stat.inode) \(f.path)")
        }
        for o in outputs {
            guard clean(o.animation), clean(o.path) else { return nil }
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
        guard let text = String(validating: bytes, as: UTF8.self), text.hasSuffix("end\n") else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // after the final line break
        guard lines.count >= 5, lines[0] == Self.header, lines.last == "end" else { return nil }
        func value(_ line: Substring, _ tag: String) -> Substring? {
            line.hasPrefix(tag + " ") ? line.dropFirst(tag.count + 1) : nil
        }
        guard let v = value(lines[1], "version"), let m = value(lines[2], "manifest").flatMap({ Digest(hex: String($0)) }),
              let c = value(lines[3], "cache") else { return nil }
        self.init(version: String(v), manifest: m, watch: WatchSet(manifestPath: "/", manifest: nil, cacheDirectory: String(c)))
        watch.files = []
        for line in lines[4..<(lines.count - 1)] {
            if let rest = value(line, "file") {
                let parts = rest.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: false)
                guard parts.count == 5, let size = Int64(parts[0]), let mt = Int64(parts[1]), let ct = Int64(parts[2]),
                      let ino = UInt64(parts[3]) else { return nil }
                files.append((String(parts[4]), Stat(size: size, mtimeNs: mt, ctimeNs: ct, inode: ino)))
            } else if let rest = value(line, "output") {
                let parts = rest.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
                guard parts.count == 4, let key = Digest(hex: String(parts[0])), let digest = Digest(hex: String(parts[1])) else { return nil }
                let names = parts[3].split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
                guard names.count == 2 else { return nil }
                outputs.append(Output(animation: String(names[0]), path: String(names[1]), key: key, digest: digest,
                                      format: String(parts[2])))
            } else if let p = value(line, "watch-file") {
                watch.files.insert(String(p))
            } else if let rest = value(line, "watch-folder") {
                guard rest.count >= 2, let deep = rest.first, deep == "0" || deep == "1" else { return nil }
                watch.folders[String(rest.dropFirst(2))] = deep == "1"
            } else if let p = value(line, "watch-ignored") {
                watch.ignored.insert(String(p))
            } else {
                return nil
            }
        }
    }
}
