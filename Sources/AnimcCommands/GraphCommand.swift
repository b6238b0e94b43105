import AnimcBuild
import ArgumentParser

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the build plan: every step with its key and inputs.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case dot, json }

    @Argument(help: "The manifest (default: animc.yaml).")
    var manifest: String = "animc.yaml"

    @Option(help: "dot (Graphviz) or json.")
    var format: Format = .dot

    @Option(name: .customLong("cache-dir"), help: "Cache folder (for the stat cache of sources).")
    var cacheDir: String?

    func run() throws {
        var options = BuildOptions()
        options.cacheDirectory = cacheDir
        let (plan, diagnostics) = Builder(manifestPath: manifest, options: options).plan()
        Console.report(diagnostics)
        guard let plan else { throw Exit.invalidManifest }
        switch format {
        case .dot: print(plan.dot(), terminator: "")
        case .json: print(plan.json(), terminator: "")
        }
    }
}
