import ArgumentParser

public struct AnimcCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "animc",
        abstract: "A build tool for animated GIFs: compiles PNG frames described in animc.yaml.",
        discussion: """
            Exit codes: 0 success; 1 build failed (a bad frame, an output not written) or, for `check`, \
            outputs out of date; 2 invalid manifest; 64 invalid command line.
            """,
        version: animcVersion,
        subcommands: [BuildCommand.self, CheckCommand.self, WatchCommand.self, GraphCommand.self, CleanCommand.self, CacheCommand.self, AsepriteFrameCommand.self],
        defaultSubcommand: nil)

    public init() {}
}

public let animcVersion = "0.1.0"

/// Exit codes, documented in the README.
enum Exit {
    static let buildFailed = ExitCode(1)
    static let invalidManifest = ExitCode(2)
}
