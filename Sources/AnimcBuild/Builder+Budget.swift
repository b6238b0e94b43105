import AnimcBasics
import AnimcManifest
import AnimcPlan

/// `max-size: 2MB` on an animation or in `defaults:`: a guard against an output that grew. An output on disk
/// after the build (built, restored or up to date) that is larger fails the build with an error at the
/// `max-size:` that set the limit, giving its size. The output is still written: it is the correct result
/// of its inputs (so a rerun without changes fails the same way, and the file can be looked at); only the
/// build's exit status says it is too large.
extension Builder {
    static func checkBudgets(_ a: AnimationPlan, _ outputs: inout [OutputResult], project: Project) -> [Diagnostic] {
        guard let limit = a.settings.maxSizeBytes else { return [] }
        var diagnostics: [Diagnostic] = []
        for i in outputs.indices where outputs[i].animation == a.name {
            guard [.built, .restored, .upToDate].contains(outputs[i].status),
                  let size = FileSystem.status(Paths.join(project.directory, outputs[i].path))?.size else { continue }
            outputs[i].budget = OutputBudget(maxSize: limit, bytes: size)
            guard size > limit else { continue }
            diagnostics.append(.error(
                "animation '\(a.name)': \(outputs[i].path) is \(size) bytes (\(ByteSize.format(size))), over its max-size of \(limit) bytes (\(ByteSize.format(limit)))",
                at: a.settings.origins.maxSize, in: project.manifest.source))
        }
        return diagnostics
    }
}
