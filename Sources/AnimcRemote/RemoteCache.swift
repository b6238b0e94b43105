import AnimcBasics
import AnimcCache
import Foundation

/// A shared cache on an HTTP server, in Bazel's layout: `GET`/`PUT <base>/ac/<step key>` (a `RemoteEntry`) and
/// `<base>/cas/<sha256>` (an object's bytes, named by their SHA-256). It sits behind the local cache: asked only
/// on a local miss, and whatever it returns is verified (digest, size, kind) and stored locally first, so the
/// build goes on reading the local cache and the next build needs no network.
///
/// The remote never fails a build (unless `required`): every failure is a miss or a skipped upload, warned
/// about once per cause; a server that does not answer, or refuses the credentials, or fails
/// `breakerThreshold` times in a row, is switched off for the rest of the run.
public final class RemoteCache: Sendable {
    public let config: RemoteConfig
    let cache: Cache
    let transport: RemoteTransport
    let state = Locked(State())
    /// Uploads waiting and in flight (see `RemoteCache+Upload.swift`).
    let queue = UploadQueue()

    /// Failures in a row (of any kind) that switch the remote off.
    static let breakerThreshold = 3
    /// Largest object accepted from the remote.
    static let maxObject: Int64 = 1 << 30
    static let maxEntry: Int64 = 16 << 20

    struct State {
        var figures = RemoteFigures()
        var failuresInARow = 0
        var warnings: [String] = []
        var warned = Set<String>()
        /// What went wrong, for `--remote-required`.
        var failure: String?
        /// Keys stored locally from the remote: not uploaded back.
        var fetched = Set<Digest>()
        /// Small objects downloaded while the local cache is read-only (palettes, for a dry run or `check`).
        var staged: [Digest: [UInt8]] = [:]
        /// Every key asked this run and the answer, so a key is asked once (prefetching, then deciding).
        var answers: [Digest: CacheEntry?] = [:]
    }

    public init(config: RemoteConfig, cache: Cache) {
        self.config = config
        self.cache = cache
        transport = RemoteTransport(connectTimeout: config.connectTimeout)
    }

    public var figures: RemoteFigures { state.withLock { $0.figures } }
    var disabled: Bool { state.withLock { $0.figures.disabled } }

    /// Warnings since the last call (one per cause).
    public func takeWarnings() -> [String] {
        state.withLock { s in defer { s.warnings = [] }; return s.warnings }
    }

    /// The first failure, when there was one (for `--remote-required`).
    public var failure: String? { state.withLock { $0.failure } }

    // MARK: fetching

    /// After a local miss: the remote's entry for `key`, when it has one of `kind` whose object arrives whole and
    /// intact; it is then stored in the local cache (objects first) and the local entry is returned. With a local
    /// cache that cannot be written (a dry run, `check`), nothing is stored: the entry is returned when its object
    /// exists on the remote (palettes, which deciding reads, are downloaded, verified and kept in memory).
    public func fetch(_ key: Digest, kind: ObjectKind) -> CacheEntry? {
        if let known = state.withLock({ $0.answers[key] }) { return known }
        let answer = ask(key, kind: kind)
        state.withLock { $0.answers[key] = answer }
        return answer
    }

    /// Fetches many keys at once (a few requests in flight), so deciding does not wait for them one by one.
    public func prefetch(_ keys: [(Digest, ObjectKind)]) {
        let todo = keys.filter { k in state.withLock { $0.answers[k.0] == nil } }
        guard !todo.isEmpty, !disabled else { return }
        let next = Locked(0)
        let group = DispatchGroup()
        // Threads of their own, not Dispatch's pool: each blocks on a request whose answer URLSession
        // delivers on threads that must not be starved.
        for _ in 0..<min(RemoteCache.parallelFetches, todo.count) {
            group.enter()
            Thread { [self] in
                defer { group.leave() }
                while true {
                    let i = next.withLock { n -> Int in defer { n += 1 }; return n }
                    guard i < todo.count, !disabled else { return }
                    _ = fetch(todo[i].0, kind: todo[i].1)
                }
            }.start()
        }
        group.wait()
    }

    static let parallelFetches = 8

    private func ask(_ key: Digest, kind: ObjectKind) -> CacheEntry? {
        guard !disabled, let acURL = config.url(.ac, key) else { return nil }
        let what = "\(kind.rawValue) entry \(key.short)"
        guard let answer = request("GET", acURL, what: what, maxBody: RemoteCache.maxEntry) else { return nil }
        if answer.status == 404 { return miss() }
        guard answer.status == 200 else { return failed(status: answer.status, what: what) }
        let remote: RemoteEntry
        switch RemoteEntry.parse(answer.body, key: key, kind: kind, maxObject: RemoteCache.maxObject) {
        case .success(let r): remote = r
        case .failure(let why): return damaged("the remote's \(what) is unusable: \(why.message)")
        }
        note(down: answer.body.count)
        let e = remote.entry
        guard let casURL = config.url(.cas, e.object) else { return miss() }
        let local = cache.writable
        if !local && kind != .palette {
            guard let head = request("HEAD", casURL, what: "object \(e.object.short)", maxBody: 0) else { return nil }
            if head.status == 404 { return damaged("the remote's \(what) names object \(e.object.short), which it does not have") }
            guard head.status == 200 else { return failed(status: head.status, what: "object \(e.object.short)") }
            return hit(e)
        }
        guard let obj = request("GET", casURL, what: "object \(e.object.short)", maxBody: e.size,
                                deadline: config.deadline + Double(e.size) / Double(1 << 20)) else { return nil }
        if obj.status == 404 { return damaged("the remote's \(what) names object \(e.object.short), which it does not have") }
        guard obj.status == 200 else { return failed(status: obj.status, what: "object \(e.object.short)") }
        note(down: obj.body.count)
        if let why = RemoteCache.disagreement(obj.body, e, kind) {
            return damaged("the remote's object \(e.object.short) \(why); not used")
        }
        guard local else {
            state.withLock { $0.staged[e.object] = obj.body }
            return hit(e)
        }
        state.withLock { _ = $0.fetched.insert(key) }
        do {
            try cache.store(key: key, kind: e.kind, bytes: obj.body, description: e.description,
                            inputs: e.inputs, params: e.params)
        } catch {
            return miss()
        }
        guard let stored = cache.peekEntry(key, kind: kind) else { return miss() }  // the local cache could not keep it
        return hit(stored)
    }

    /// A palette object downloaded while the local cache was read-only.
    public func stagedObject(_ d: Digest) -> [UInt8]? { state.withLock { $0.staged[d] } }

    /// Why `bytes` cannot be the object `e` names: wrong size, wrong SHA-256, wrong format.
    static func disagreement(_ bytes: [UInt8], _ e: CacheEntry, _ kind: ObjectKind) -> String? {
        if Int64(bytes.count) != e.size { return "is \(bytes.count) bytes where its entry says \(e.size) (truncated)" }
        if Digest.of(bytes) != e.object { return "does not match its SHA-256 (corrupt)" }
        return kind.disagreement(bytes, size: e.size)
    }

    private func hit(_ e: CacheEntry) -> CacheEntry {
        state.withLock { $0.figures.hits += 1; $0.failuresInARow = 0 }
        return e
    }

    private func miss() -> CacheEntry? {
        state.withLock { $0.figures.misses += 1; $0.failuresInARow = 0 }
        return nil
    }

    private func note(down n: Int) { state.withLock { $0.figures.bytesDown += Int64(n) } }

    /// Damaged bytes from the server: a miss and an error, warned about once, not a reason to switch off.
    private func damaged(_ why: String) -> CacheEntry? {
        state.withLock { s in
            s.figures.misses += 1
            s.figures.errors += 1
            if s.failure == nil { s.failure = why }
        }
        warnOnce(why, "remote cache \(config.display): \(why); building it")
        return nil
    }

    private func failed(status: Int, what: String) -> CacheEntry? {
        noteFailure(RemoteCache.describe(status: status), what: what, switchOff: status == 401 || status == 403)
        state.withLock { $0.figures.misses += 1 }
        return nil
    }
}
