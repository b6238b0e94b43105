import AnimcBasics
import AnimcPlan
import Foundation

/// What a build reports about each output file: its size and canvas (read from the file's header),
/// its frames in play order (from the plan), and why it was written (from the decision).
enum OutputInfo {
    static func describe(_ outputs: inout [OutputResult], plan: BuildPlan, directory: String, work: [Explanation]) {
        var planned: [String: OutputPlan] = [:]
        for a in plan.animations { for o in a.outputs { planned[o.path] = o } }
        var why: [String: String] = [:]
        for e in work { why[e.step] = why[e.step] ?? e.reason.description }
        for i in outputs.indices {
            guard let o = planned[outputs[i].path] else { continue }
            switch outputs[i].status {
            case .built, .stale, .missing:
                outputs[i].reason = why["write \(o.path)"] ?? why[o.encode.signature.id]
            case .restored:
                outputs[i].reason = why["write \(o.path)"]
            case .upToDate, .failed, .skipped:
                break
            }
            guard outputs[i].status == .built || outputs[i].status == .restored || outputs[i].status == .upToDate,
                  let st = FileSystem.status(Paths.join(directory, o.path)), st.isRegular else { continue }
            outputs[i].bytes = st.size
            outputs[i].frames = o.encode.frames.count
            if let (w, h) = canvas(Paths.join(directory, o.path)) {
                outputs[i].width = w
                outputs[i].height = h
            }
        }
    }

    /// The canvas size in a GIF's logical screen, a PNG's IHDR or a WebP's VP8X chunk.
    static func canvas(_ path: String) -> (Int, Int)? {
        guard let h = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? h.close() }
        guard let data = try? h.read(upToCount: 30) else { return nil }
        let b = [UInt8](data)
        func le16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        func le24(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 }
        func be32(_ i: Int) -> Int { Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
        if b.count >= 10, b.starts(with: Array("GIF8".utf8)) { return (le16(6), le16(8)) }
        if b.count >= 24, b.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return (be32(16), be32(20)) }
        if b.count >= 30, b.starts(with: Array("RIFF".utf8)), Array(b[8..<12]) == Array("WEBP".utf8),
           Array(b[12..<16]) == Array("VP8X".utf8) {
            return (le24(24) + 1, le24(27) + 1)
        }
        return nil
    }
}
