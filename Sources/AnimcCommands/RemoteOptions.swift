import AnimcBuild
import AnimcRemote
import ArgumentParser
import Foundation

/// `--remote-cache` and its companions, on `build`, `check` and `watch`.
struct RemoteOptions: ParsableArguments {
    @Option(name: .customLong("remote-cache"),
            help: ArgumentHelp("A shared cache: an HTTP server in Bazel's ac/ + cas/ layout (default: $ANIMC_REMOTE_CACHE). Basic auth from the URL's user info; a bearer token from $ANIMC_REMOTE_CACHE_TOKEN.", valueName: "url"))
    var remoteCache: String?

    @Flag(name: .customLong("remote-read-only"), help: "Download from the remote cache, never upload (also ANIMC_REMOTE_CACHE_READ_ONLY=1).")
    var remoteReadOnly = false

    @Flag(name: .customLong("remote-required"), help: "Fail the build when the remote cache fails (by default it is only a warning).")
    var remoteRequired = false

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    func validate() throws { _ = try config() }

    /// The configuration, from the options and the environment; nil when no remote is named.
    func config() throws -> RemoteConfig? {
        let env = RemoteOptions.environment
        guard let url = remoteCache ?? env["ANIMC_REMOTE_CACHE"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            if remoteReadOnly || remoteRequired {
                throw ValidationError("--remote-read-only and --remote-required need --remote-cache URL (or ANIMC_REMOTE_CACHE)")
            }
            return nil
        }
        var c: RemoteConfig
        do { c = try RemoteConfig(url: url, token: env["ANIMC_REMOTE_CACHE_TOKEN"]) } catch {
            throw ValidationError(error.message)
        }
        c.readOnly = remoteReadOnly || ["1", "true", "yes"].contains(env["ANIMC_REMOTE_CACHE_READ_ONLY"]?.lowercased() ?? "")
        c.required = remoteRequired
        return c
    }

    func apply(to options: inout BuildOptions) {
        options.remote = try? config()
    }
}
