import AnimcBasics

/// The build record on disk: one line per fact, tab-separated, read and written without JSON because a
/// no-op build of a thousand frames reads it whole and must stay within a few milliseconds.
///
///     animc-record 1
///     F <path> <size> <mtime ns> <ctime ns> <inode> <digest> <hashed-at ns>   stat cache
///     O <animation> <output> [<digest>]                                    outputs written (and the
///                                                                          digest of what was written)
///     T <sheet> <sheet digest> <x,y,w,h> <digest>                           a sprite sheet's tile
///                                                                          digests (its pixels')
///     S <step id> <key>                                                    a step, then its
///     P <name> <value>                                                       parameters
///     I <name> <digest>                                                      and inputs
///     V <key> <value>                                                      what ffprobe said of a video
///
/// Tabs, newlines and backslashes inside names are escaped as \t, \n and \\.
extension BuildRecord {
    static let header = "animc-record 1"

    /// The whole record as one file (files, outputs and steps).
    public func serialized() -> [UInt8] { serialized(files: true, steps: true) }

    /// Some of the record: a build keeps its stat cache and outputs in one file and its step
    /// signatures in another, read only when `--explain` needs them or a step ran.
    public func serialized(files includeFiles: Bool, steps includeSteps: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(files.count * 160 + steps.count * 120)
        func line(_ fields: String...) {
            for (i, f) in fields.enumerated() {
                if i > 0 { out.append(0x09) }
                BuildRecord.escape(f, into: &out)
            }
            out.append(0x0A)
        }
        out.append(contentsOf: BuildRecord.header.utf8)
        out.append(0x0A)
        for path in files.keys.sorted() where includeFiles {
            let f = files[path]!
            line("F", path, String(f.size), String(f.mtimeNs), String(f.ctimeNs), String(f.inode), f.digest.hex, String(f.hashedAtNs))
        }
        for path in outputs.keys.sorted() where includeFiles {
            if let d = outputDigests[path] { line("O", outputs[path]!, path, d.hex) } else { line("O", outputs[path]!, path) }
        }
        for path in tiles.keys.sorted() where includeFiles {
            let t = tiles[path]!
            for rect in t.digests.keys.sorted() { line("T", path, t.sheet.hex, rect, t.digests[rect]!.hex) }
        }
        for key in videos.keys.sorted() where includeFiles { line("V", key, videos[key]!) }
        for id in steps.keys.sorted() where includeSteps {
            let s = steps[id]!
            line("S", id, s.key.hex)
            for p in s.params.keys.sorted() { line("P", p, s.params[p]!) }
            for i in s.inputs.keys.sorted() { line("I", i, s.inputs[i]!.hex) }
        }
        return out
    }

    /// Parses a record; nil when it is not one (then the build starts from an empty record).
    public init?(serialized bytes: [UInt8]) {
        self.init()
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: true)[...]
        guard let first = lines.popFirst(), first.elementsEqual(BuildRecord.header.utf8) else { return nil }
        var current: (id: String, key: Digest, params: [String: String], inputs: [String: Digest])?
        func flush() {
            if let c = current { steps[c.id] = StepRecord(key: c.key, params: c.params, inputs: c.inputs) }
            current = nil
        }
        for line in lines {
            let f = line.split(separator: 0x09, omittingEmptySubsequences: false).map(BuildRecord.unescape)
            switch (f.first, f.count) {
            case ("F", 8):
                guard let size = Int64(f[2]), let m = Int64(f[3]), let c = Int64(f[4]), let ino = UInt64(f[5]),
                      let d = Digest(hex: f[6]), let h = Int64(f[7]) else { return nil }
                files[f[1]] = FileRecord(
                    status: FileStatus(size: size, mtimeNs: m, ctimeNs: c, inode: ino, isRegular: true, isDirectory: false),
                    digest: d, hashedAtNs: h)
            case ("O", 3):
                outputs[f[2]] = f[1]
            case ("O", 4):
                guard let d = Digest(hex: f[3]) else { return nil }
                outputs[f[2]] = f[1]
                outputDigests[f[2]] = d
            case ("T", 5):
                guard let sheet = Digest(hex: f[2]), let d = Digest(hex: f[4]) else { return nil }
                if tiles[f[1]]?.sheet != sheet { tiles[f[1]] = SheetTiles(sheet: sheet, digests: [:]) }
                tiles[f[1]]!.digests[f[3]] = d
            case ("S", 3):
                flush()
                guard let k = Digest(hex: f[2]) else { return nil }
                current = (f[1], k, [:], [:])
            case ("P", 3):
                guard current != nil else { return nil }
                current!.params[f[1]] = f[2]
            case ("V", 3):
                videos[f[1]] = f[2]
            case ("I", 3):
                guard current != nil, let d = Digest(hex: f[2]) else { return nil }
                current!.inputs[f[1]] = d
            default:
                return nil
            }
        }
        flush()
    }

    static func escape(_ s: String, into out: inout [UInt8]) {
        for b in s.utf8 {
            switch b {
            case 0x09: out += [0x5C, 0x74]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x5C: out += [0x5C, 0x5C]
            default: out.append(b)
            }
        }
    }

    static func unescape(_ field: ArraySlice<UInt8>) -> String {
        guard field.contains(0x5C) else { return String(decoding: field, as: UTF8.self) }
        var out: [UInt8] = []
        var escaped = false
        for b in field {
            if escaped {
                out.append(b == 0x74 ? 0x09 : b == 0x6E ? 0x0A : b)
                escaped = false
            } else if b == 0x5C {
                escaped = true
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
