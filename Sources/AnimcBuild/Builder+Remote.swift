import AnimcBasics
import AnimcCache
import AnimcRemote

/// The build's side of a remote cache: open it behind the local cache, and at the end flush its uploads and
/// turn what happened into figures and diagnostics.
extension Builder {
    /// Opened by the loader, which asks it for sheets' tile listings before planning. Uploads start only for
    /// a real build with a local cache that can be written (a dry run and `check` only read).
    static func openRemote(_ options: BuildOptions, cache: Cache) -> RemoteCache? {
        guard let config = options.remote else { return nil }
        let remote = RemoteCache(config: config, cache: cache)
        if options.mode == .build, cache.writable { remote.startUploading() }
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
