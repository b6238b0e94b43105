import AnimcBasics
import AnimcCache
import AnimcRemote

/// The build's side of a remote cache: open it behind the local cache, and at the end flush its uploads and
/// turn what happened into figures and diagnostics.
extension Builder {
    /// Uploads start only for a real build with a local cache that can be written (a dry run and `check`
    /// only read).
    func startRemote(_ project: Project) -> RemoteCache? {
        // Started by the loader, which asks it for sheets' tile listings before planning.
        if let remote = project.remote { return remote }
        guard let config = options.remote else { return nil }
        let remote = RemoteCache(config: config, cache: project.cache)
        if options.mode == .build, project.cache.writable { remote.startUploading() }
        return remote
    }

    /// Waits for the uploads (with a deadline), reports warnings, and with `--remote-required` makes any
    /// remote failure an error.
    func finishRemote(_ project: Project, _ diagnostics: inout [Diagnostic]) -> RemoteFigures? {
        guard let remote = project.remote else { return nil }
        remote.finish()
        diagnostics += remote.takeWarnings().map { Diagnostic(.warning, $0) }
        if remote.config.required, let failure = remote.failure {
            diagnostics.append(Diagnostic(.error, "remote cache \(remote.config.display) failed and --remote-required is set: \(failure)"))
        }
        return remote.figures
    }
}
