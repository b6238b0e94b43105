import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real nginx the remote-cache tests talk to (scripts/test-nginx): the one `.ci/run` started
/// (`ANIMC_TEST_NGINX_URL`, `ANIMC_TEST_NGINX_LOG`, `ANIMC_TEST_NGINX_DIR`), else one started here for this test
/// process and stopped when it exits. Without nginx, `shared` throws, so the tests fail with an install hint.
struct Nginx: Sendable {
    /// `http://127.0.0.1:PORT`.
    let url: String
    let accessLog: String
    /// Where it stores: `root/cache/…` is what `/cache/`, `/auth/`, `/small/` and `/trickle/` serve.
    let directory: String

    static let user = "animc"
    static let password = "s3cret-pass"

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    static let shared: Result<Nginx, Missing> = start()

    static func get() throws -> Nginx { try shared.get() }

    private static func start() -> Result<Nginx, Missing> {
        let env = ProcessInfo.processInfo.environment
        if let url = env["ANIMC_TEST_NGINX_URL"], let log = env["ANIMC_TEST_NGINX_LOG"], let dir = env["ANIMC_TEST_NGINX_DIR"] {
            return .success(Nginx(url: url, accessLog: log, directory: dir))
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("animc-nginx-\(UUID().uuidString)").path
        let script = Animc.repositoryRoot.appendingPathComponent("scripts/test-nginx/run").path
        // system(3), not Process: this runs inside a lazy static's initializer, where Process's wait can hang.
        let status = system("/bin/bash '\(script)' start '\(dir)' > '\(dir).out' 2>&1")
        let output = (try? String(contentsOfFile: dir + ".out", encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: dir + ".out")
        guard status == 0 else {
            return .failure(Missing(description: "these tests need a real nginx and could not start one with scripts/test-nginx/run (\(output.trimmingCharacters(in: .whitespacesAndNewlines))): install it with `apt-get install -y nginx` (Debian/Ubuntu), or set ANIMC_TEST_NGINX_URL/LOG/DIR as .ci/run does"))
        }
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let kv = line.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { values[kv[0]] = kv[1] }
        }
        startedDirectory = dir
        atexit {
            guard let d = Nginx.startedDirectory else { return }
            let script = Animc.repositoryRoot.appendingPathComponent("scripts/test-nginx/run").path
            _ = system("/bin/bash '\(script)' stop '\(d)' >/dev/null 2>&1; rm -rf '\(d)'")
        }
        return .success(Nginx(url: values["ANIMC_TEST_NGINX_URL"] ?? "", accessLog: values["ANIMC_TEST_NGINX_LOG"] ?? "",
                              directory: dir))
    }

    nonisolated(unsafe) private static var startedDirectory: String?

    /// A fresh namespace on the server for one test: `<url>/<location>/<id>/animc/v1` (what `--remote-cache` takes).
    func base(_ location: String = "cache", id: String, credentials: String? = nil) -> String {
        let host = url.replacingOccurrences(of: "http://", with: "")
        let auth = credentials.map { "\($0)@" } ?? ""
        return "http://\(auth)\(host)/\(location)/\(id)/animc/v1"
    }

    /// Where the server keeps what `base(_, id:)` stores.
    func storage(id: String) -> URL {
        URL(fileURLWithPath: directory).appendingPathComponent("root/cache/\(id)/animc/v1")
    }

    /// The access log's lines that mention `id`.
    func logLines(id: String) -> [String] {
        let text = (try? String(contentsOfFile: accessLog, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init).filter { $0.contains("/\(id)/") }
    }
}

/// A TCP port that accepts connections into its backlog and never answers: a silent server.
final class SilentListener {
    let port: Int
    private let fd: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { throw Nginx.Missing(description: "cannot listen on loopback") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    deinit { close(fd) }
}

/// A loopback port nothing listens on: a server that is down.
func closedPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    _ = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
    }
    close(fd)
    return Int(UInt16(bigEndian: addr.sin_port))
}
