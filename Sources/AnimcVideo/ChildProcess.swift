#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child program whose standard output animc reads through a pipe: FFmpeg's decoders run in it, so a
/// crash on hostile input ends that process, never animc. Standard input is /dev/null and standard error
/// goes to an unlinked temporary file (it can never fill up and block the child), read for error messages.
/// `stop()` kills and reaps the child and its process group; `deinit` does it too, so no path leaves one
/// running or a zombie.
public final class ChildProcess {
    public let pid: pid_t
    private var stdoutFD: Int32
    private var stderrFD: Int32
    private var reaped = false
    private(set) var status: Int32 = 0

    /// How long a read waits for any byte before the child is deemed hung and killed: 120 s, or
    /// `ANIMC_DECODER_STALL_SECONDS` (1…3600; the tests' hung decoder uses it).
    public static let stallSeconds: Int32 = {
        guard let text = getenv("ANIMC_DECODER_STALL_SECONDS").map({ String(cString: $0) }),
              let v = Int32(text), v >= 1, v <= 3600 else { return 120 }
        return v
    }()

    /// Starts `executable` (an absolute path) with `arguments` (without argv[0]).
    public init(executable: String, arguments: [String]) throws(VideoError) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw VideoError("cannot make a pipe: \(String(cString: strerror(errno)))") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        var template = Array("/tmp/animc-ffmpeg-XXXXXX".utf8CString)
        let errFD = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if errFD >= 0 {
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            _ = fcntl(errFD, F_SETFD, FD_CLOEXEC)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        if errFD >= 0 {
            posix_spawn_file_actions_adddup2(&actions, errFD, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        // A process group of its own, so that stopping it also stops anything it started.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        close(fds[1])
        guard rc == 0 else {
            close(fds[0])
            if errFD >= 0 { close(errFD) }
            throw VideoError("cannot run \(executable): \(String(cString: strerror(rc)))")
        }
        pid = child
        stdoutFD = fds[0]
        stderrFD = errFD
    }

    deinit {
        stop()
        if stderrFD >= 0 { close(stderrFD) }
    }

    /// Fills `buffer` from the child's output. Returns the bytes read: fewer than asked only at the end of
    /// the output. A child that writes nothing for `stallSeconds` is killed and reported.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(VideoError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = try readSome(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]))
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Reads the whole output (for small outputs such as ffprobe's listing), up to `limit` bytes.
    public func readAll(limit: Int) throws(VideoError) -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = try chunk.withUnsafeMutableBytes { b in
                Result { () throws(VideoError) -> Int in try readSome(into: b) }
            }.get()
            if n == 0 { return out }
            out += chunk[0..<n]
            if out.count > limit {
                stop()
                throw VideoError("the decoder's listing is larger than \(limit) bytes")
            }
        }
    }

    /// One read of whatever is available (at least a byte, or the end).
    private func readSome(into buffer: UnsafeMutableRawBufferPointer) throws(VideoError) -> Int {
        while true {
            var p = pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, Self.stallSeconds * 1000)
            if ready == 0 {
                stop()
                throw VideoError("the decoder wrote nothing for \(Self.stallSeconds) s and was stopped")
            }
            if ready < 0 {
                if errno == EINTR { continue }
                throw VideoError("cannot wait for the decoder: \(String(cString: strerror(errno)))")
            }
            let n = Glibc_read(stdoutFD, buffer.baseAddress!, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw VideoError("cannot read the decoder's output: \(String(cString: strerror(errno)))")
            }
            return n
        }
    }

    /// Waits for the child to exit after its output ended; returns its exit status (128 + signal when killed).
    public func wait() -> Int32 {
        if !reaped {
            var st: Int32 = 0
            while waitpid(pid, &st, 0) < 0 && errno == EINTR {}
            // Whatever it started and left behind goes with it (the group outlives its leader only
            // while such processes remain, so its id cannot name anyone else's yet).
            kill(-pid, SIGKILL)
            reaped = true
            status = Self.exitCode(st)
            closeFDs()
        }
        return status
    }

    /// Kills the child (if it still runs) and reaps it.
    public func stop() {
        guard !reaped else { return }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        _ = wait()
    }

    /// The last lines the child wrote to its standard error (at most 2 KB), trimmed.
    public func errorText() -> String {
        guard stderrFD >= 0 else { return "" }
        let size = lseek(stderrFD, 0, SEEK_END)
        let from = max(0, size - 2048)
        var bytes = [UInt8](repeating: 0, count: Int(size - from))
        let n = bytes.withUnsafeMutableBytes { pread(stderrFD, $0.baseAddress!, $0.count, off_t(from)) }
        guard n > 0 else { return "" }
        let text = String(decoding: bytes[0..<n], as: UTF8.self)
        // "[mov,mp4,m4a @ 0x55c0…] moov atom not found" → "moov atom not found": no addresses in messages.
        return text.split(whereSeparator: \.isNewline).suffix(3).map { line in
            if line.hasPrefix("["), let close = line.range(of: "] ") { return String(line[close.upperBound...]) }
            return String(line)
        }.joined(separator: "; ")
    }

    private func closeFDs() {
        if stdoutFD >= 0 { close(stdoutFD); stdoutFD = -1 }
    }

    private static func exitCode(_ st: Int32) -> Int32 {
        let signal = st & 0x7f
        return signal == 0 ? (st >> 8) & 0xff : 128 + signal
    }
}

/// The C library's read(2), under a name that does not clash with the methods above.
@inline(__always)
func Glibc_read(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buf, count)
    #else
    return Darwin.read(fd, buf, count)
    #endif
}

/// What went wrong decoding a video, as a sentence naming no file (the caller names it).
public struct VideoError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
