import Foundation

/// Runs the real `animc` binary built beside the test bundle.
struct Animc {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String

        /// The `--json` report on stdout.
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] ?? [:]
        }

        /// `steps` of the JSON report: decoded, quantized, encoded.
        var steps: (decoded: Int, quantized: Int, encoded: Int) {
            let s = json["steps"] as? [String: Int] ?? [:]
            return (s["decoded"] ?? -1, s["quantized"] ?? -1, s["encoded"] ?? -1)
        }

        /// Animation name → status from the JSON report.
        var statuses: [String: String] {
            var out: [String: String] = [:]
            for o in json["outputs"] as? [[String: Any]] ?? [] {
                out[o["animation"] as? String ?? "?"] = o["status"] as? String
            }
            return out
        }
    }

    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("animc")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        // The xctest bundle on Linux is the executable itself, inside the products folder.
        for b in Bundle.allBundles {
            let u = b.bundleURL.deletingLastPathComponent().appendingPathComponent("animc")
            if FileManager.default.isExecutableFile(atPath: u.path) { return u }
        }
        return repositoryRoot.appendingPathComponent(".build/debug/animc")
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    @discardableResult
    static func run(_ args: [String], in directory: URL, environment: [String: String] = [:]) throws -> Run {
        try execute(binary, args, in: directory, environment: environment)
    }

    static func execute(_ exe: URL, _ args: [String], in directory: URL, environment: [String: String] = [:]) throws -> Run {
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        p.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["ANIMC_CACHE_DIR"] = nil
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes to the end before waiting, so a chatty child cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }
}
