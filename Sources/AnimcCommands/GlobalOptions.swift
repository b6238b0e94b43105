import AnimcBasics
import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Options that apply to every command, taken before the command line reaches swift-argument-parser:
/// `-C DIR` (before the command, as git and make take it), `--color always|never|auto` (anywhere
/// before `--`), and a suggestion for a mistyped command.
extension AnimcCommand {
    /// The entry point of the `animc` executable.
    public static func entry() -> Never {
        var args = Array(CommandLine.arguments.dropFirst())
        do {
            try takeColor(&args)
            try takeDirectories(&args)
            try suggestCommand(args)
        } catch {
            Console.err(Console.paint("error: ", .error) + "\(error)")
            Foundation.exit(64)
        }
        main(args)
        Foundation.exit(0)
    }

    struct UsageError: Error, CustomStringConvertible { var description: String }

    /// `--color WHEN` / `--color=WHEN`, then NO_COLOR and the terminal.
    static func takeColor(_ args: inout [String]) throws {
        var when = "auto"
        var i = 0
        while i < args.count, args[i] != "--" {
            if args[i] == "--color" || args[i] == "--colour" {
                guard i + 1 < args.count else { throw UsageError(description: "--color needs a value: always, never or auto") }
                when = args[i + 1]
                args.removeSubrange(i...(i + 1))
            } else if args[i].hasPrefix("--color=") || args[i].hasPrefix("--colour=") {
                when = String(args[i].split(separator: "=", maxSplits: 1)[1])
                args.remove(at: i)
            } else {
                i += 1
            }
        }
        switch when {
        case "always": Console.colour = true
        case "never": Console.colour = false
        case "auto":
            let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            Console.colour = !noColor && isatty(2) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        default:
            throw UsageError(description: "--color takes always, never or auto, not '\(when)'")
        }
    }

    /// Leading `-C DIR` (repeatable; each relative to the one before): animc runs as if started there.
    static func takeDirectories(_ args: inout [String]) throws {
        while let first = args.first, first == "-C" || (first.hasPrefix("-C") && first.count > 2) {
            let dir: String
            if first == "-C" {
                guard args.count > 1 else { throw UsageError(description: "-C needs a folder") }
                dir = args[1]
                args.removeFirst(2)
            } else {
                dir = String(first.dropFirst(2))
                args.removeFirst()
            }
            guard chdir(dir) == 0 else {
                throw UsageError(description: "-C \(dir): cannot change to that folder: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// `animc biuld` → `unknown command 'biuld'; did you mean 'build'?`.
    static func suggestCommand(_ args: [String]) throws {
        guard let first = args.first, !first.hasPrefix("-") else { return }
        let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        guard !names.contains(first) else { return }
        var message = "unknown command '\(first)'"
        if let s = closestMatch(to: first, in: names) { message += "; did you mean '\(s)'?" }
        message += " (commands: \(names.filter { $0 != "help" }.joined(separator: ", ")))"
        throw UsageError(description: message)
    }
}
