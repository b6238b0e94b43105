import AnimcBuild
import ArgumentParser

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the manifest's animations: their frames (in play order) and outputs.")

    @Argument(help: "The manifest (default: animc.yaml here or in a parent folder).", completion: .custom(Completions.manifest))
    var manifest: String?

    @Flag(help: "Print one JSON object on stdout: {manifest, animations: [{name, frames, outputs: [{path, format}]}]}.")
    var json = false

    struct Report: Encodable {
        struct Output: Encodable { var path: String; var format: String }
        struct Animation: Encodable { var name: String; var frames: Int; var outputs: [Output] }
        var manifest: String
        var animations: [Animation]
    }

    func run() throws {
        let location = ManifestLocation.find(manifest)
        Console.report(location.note.map { [$0] } ?? [])
        let (plan, diagnostics) = Builder(manifestPath: location.path, options: BuildOptions()).plan()
        Console.report(diagnostics.filter { $0.severity == .error }, location)
        guard let plan else { throw Exit.invalidManifest }
        let report = Report(manifest: location.path, animations: plan.animations.map { a in
            Report.Animation(name: a.name, frames: a.frames.count,
                             outputs: a.outputs.map { Report.Output(path: location.display($0.path), format: $0.format.rawValue) })
        })
        if json {
            Console.out(Console.json(report))
            return
        }
        let rows = report.animations.map { a in
            [a.name, "\(a.frames) frame\(a.frames == 1 ? "" : "s")", a.outputs.map(\.path).joined(separator: ", ")]
        }
        for line in CacheText.table(rows, right: [1]) { Console.out(line) }
    }
}
