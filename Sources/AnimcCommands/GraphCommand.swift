import AnimcBuild
import ArgumentParser

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the build plan: every step with its key and inputs.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case dot, json }

    @Argument(help: "The manifest (default: animc.yaml here or in a parent folder).", completion: .custom(Completions.manifest))
    var manifest: String?

    @Option(help: "dot (Graphviz) or json.")
    var format: Format = .dot

    @Flag(help: "The same as --format json.")
    var json = false

    @Option(name: .customLong("cache-dir"), help: "Cache folder (for the stat cache of sources).")
    var cacheDir: String?

    func run() throws {
        let location = ManifestLocation.find(manifest)
        Console.report(location.note.map { [$0] } ?? [])
        var options = BuildOptions()
        options.cacheDirectory = cacheDir
        let (plan, diagnostics) = Builder(manifestPath: location.path, options: options).plan()
        Console.report(diagnostics, location)
        guard let plan else { throw Exit.invalidManifest }
        switch json ? .json : format {
        case .dot: print(plan.dot(), terminator: "")
        case .json: print(plan.json(), terminator: "")
        }
    }
}
