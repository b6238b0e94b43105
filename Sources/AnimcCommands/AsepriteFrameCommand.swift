import AnimcBasics
import AnimcBuild
import ArgumentParser

/// Hidden: writes one frame of an Aseprite file as animc composites it, for the conformance check
/// against Aseprite's own renderings (scripts/aseprite-conformance).
struct AsepriteFrameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aseprite-frame",
        abstract: "Write one frame of an .aseprite file, composited as Aseprite shows it, as a PNG.",
        shouldDisplay: false)

    @Argument(help: "The .aseprite file.") var file: String
    @Option(help: "The frame, from 0.") var frame = 0
    @Option(parsing: .upToNextOption, help: "Only these layers.") var layers: [String] = []
    @Option(name: .shortAndLong, help: "The PNG to write.") var output: String

    func run() throws {
        do {
            let png = try AsepriteFrameExport.png(path: file, frame: frame, layers: layers.isEmpty ? nil : layers)
            try AtomicFile.write(png, to: output)
        } catch let error as FileError {
            Console.err("\(error.path): error: \(error.reason)")
            throw Exit.buildFailed
        } catch {
            Console.err("\(file): error: \(error)")
            throw Exit.buildFailed
        }
    }
}
