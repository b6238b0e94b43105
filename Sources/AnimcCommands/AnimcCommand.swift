import AnimcBuild
import ArgumentParser

public struct AnimcCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "animc",
        abstract: "A build tool for animated GIFs, WebP and APNG: compiles the frames described in animc.yaml.",
        discussion: """
            Options for every command, before it: -C DIR (run as if started in DIR); --color always|never|auto \
            (default auto: colour on a terminal, none with NO_COLOR). With no manifest named, animc uses \
            animc.yaml in the current folder or the nearest parent folder. \
            Exit codes: 0 success; 1 build failed (a bad frame, an output not written) or, for `check`, \
            outputs out of date; 2 invalid manifest; 64 invalid command line.
            """,
        version: animcVersionLine,
        subcommands: [BuildCommand.self, CheckCommand.self, WatchCommand.self, ListCommand.self, InitCommand.self,
                      GraphCommand.self, CleanCommand.self, CacheCommand.self, AsepriteFrameCommand.self],
        defaultSubcommand: nil)

    public init() {}
}

/// The release; CHANGELOG.md lists what each one brought.
public let animcVersion = "0.3.0"

/// `animc 0.3.0 (commit 1a2b3c4d5e6f)`; a binary built without `make` says `(commit unknown)`.
public var animcVersionLine: String {
    "animc \(animcVersion) (commit \(BuildInfo.commit.isEmpty ? "unknown" : BuildInfo.commit))"
}

/// Exit codes, documented in the README.
enum Exit {
    static let buildFailed = ExitCode(1)
    static let invalidManifest = ExitCode(2)
}
