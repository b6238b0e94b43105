import AnimcBasics
@testable import AnimcBuild
import AnimcColour
import AnimcPixels
import Foundation
import Testing

/// The progress total is the decision's size: it counts exactly the units the build reports done.
@Suite struct ProgressTests {
    func project(scope: String) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("animc-progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("f"), withIntermediateDirectories: true)
        for i in 0..<12 {
            var px = [UInt8](repeating: 255, count: 32 * 16 * 4)
            for p in 0..<(32 * 16) { px[4 * p] = UInt8((p * (i + 3)) % 251); px[4 * p + 1] = UInt8(i * 20) }
            try Data(PNGCodec.encode(RGBAImage(width: 32, height: 16, pixels: px))).write(to: root.appendingPathComponent("f/\(i).png"))
        }
        try Data("""
            version: 1
            animations:
              a:
                output: out/a.gif
                frames: [{glob: "f/*.png"}]
                palette: {scope: \(scope)}
            """.utf8).write(to: root.appendingPathComponent("animc.yaml"))
        return root
    }

    @Test(arguments: ["global", "per-frame", "auto"])
    func progressEndsAtItsTotal(scope: String) throws {
        let root = try project(scope: scope)
        defer { try? FileManager.default.removeItem(at: root) }
        let events = Locked<[ProgressEvent]>([])
        var options = BuildOptions()
        options.jobs = 2
        let result = Builder(manifestPath: root.appendingPathComponent("animc.yaml").path, options: options,
                             progress: { e in events.withLock { $0.append(e) } }).run()
        #expect(result.succeeded, "\(result.diagnostics)")
        let seen = events.current
        #expect(!seen.isEmpty)
        #expect(seen.last!.done == seen.last!.total, "\(seen.last!)")
        #expect(seen.allSatisfy { $0.done <= $0.total })
        if scope == "per-frame" {
            // Nothing is decided while running, so the total never moves. (A palette step that runs
            // decides its quantize steps' keys: with one palette or auto, the total may grow then.)
            #expect(Set(seen.map(\.total)).count == 1, "\(Set(seen.map(\.total)))")
        }
    }
}
