import Foundation
import Testing

/// `animc watch` as a real long-running process.
@Suite struct WatchTests {
    /// Waits (bounded) until `file` contains `text`; returns the content.
    func waitFor(_ text: String, in file: URL, seconds: Double = 30) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var content = ""
        while Date() < deadline {
            content = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            if content.contains(text) { return content }
            usleep(50_000)
        }
        return content
    }

    @Test func rebuildsOnChangesAndSurvivesErrors() throws {
        let p = try Project()
        for i in 0..<3 { try p.write("frames/\(i).png", image: Frames.moving(i)) }
        let manifest = """
            version: 1
            animations:
              walk:
                output: out/walk.gif
                frames: [{glob: "frames/*.png"}]
            """
        try p.write("animc.yaml", manifest)
        let log = p.url("watch.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let proc = Process()
        proc.executableURL = Animc.binary
        proc.arguments = ["watch", "--max-builds", "4", "--poll-interval", "50", "--debounce", "50"]
        proc.currentDirectoryURL = p.root
        let handle = try FileHandle(forWritingTo: log)
        proc.standardOutput = handle
        proc.standardError = handle
        try proc.run()
        defer { if proc.isRunning { proc.terminate() } }

        var out = waitFor("watching", in: log)
        #expect(out.contains("build 1: built out/walk.gif"), "\(out)")

        // A new file that matches the glob.
        try p.write("frames/3.png", image: Frames.moving(3))
        out = waitFor("build 2:", in: log)
        #expect(out.contains("build 2: built out/walk.gif"), "\(out)")
        #expect(try DecodedGIF.decode(p.url("out/walk.gif")).frameCount == 4)

        // A broken manifest: errors printed, still watching.
        try p.write("animc.yaml", manifest + "\n    fsp: 3\n")
        out = waitFor("build 3:", in: log)
        #expect(out.contains("unknown key 'fsp'"), "\(out)")
        #expect(out.contains("build 3: manifest invalid"), "\(out)")

        // Fixed again: the outputs are already right.
        try p.write("animc.yaml", manifest)
        out = waitFor("build 4:", in: log)
        #expect(out.contains("build 4: nothing to do"), "\(out)")
        proc.waitUntilExit()
        #expect(proc.terminationStatus == 0)
        // Its own output writes never triggered a build: exactly four.
        #expect(!out.contains("build 5"))
    }
}
