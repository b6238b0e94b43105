import AnimcBasics
import AnimcCache
import Foundation

/// Entries waiting to be uploaded: a small bounded queue drained by two threads, so uploads overlap the
/// build without holding more than a few objects' worth of work.
final class UploadQueue: @unchecked Sendable {
    let condition = NSCondition()
    var waiting: [CacheEntry] = []
    var inFlight = 0
    var started = false
    var closed = false
    static let capacity = 16
    static let threads = 2
}

extension RemoteCache {
    /// Uploads what the local cache stores from now on (unless read-only). Call once, before the build runs.
    public func startUploading() {
        guard !config.readOnly else { return }
        // A GIF's splice index points into an object by offset; it helps the machine that has the object
        // (splicing reads the local copy only), so it stays local.
        cache.observeStores { [self] e in if e.kind != ObjectKind.splice.rawValue { enqueue(e) } }
    }

    /// Queues an entry the build stored. Blocks only while the queue is full (each request has a deadline,
    /// and a failing remote is switched off, which empties it).
    func enqueue(_ e: CacheEntry) {
        guard !disabled, !state.withLock({ $0.fetched.contains(e.key) }) else { return }
        let q = queue
        q.condition.lock()
        defer { q.condition.unlock() }
        guard !q.closed else { return }
        if !q.started {
            q.started = true
            for _ in 0..<UploadQueue.threads {
                let t = Thread { [self] in drain() }
                t.name = "animc-upload"
                t.start()
            }
        }
        while q.waiting.count >= UploadQueue.capacity, !q.closed, !disabled { q.condition.wait() }
        guard !q.closed, !disabled else { return }
        q.waiting.append(e)
        q.condition.broadcast()
    }

    private func drain() {
        let q = queue
        while true {
            q.condition.lock()
            while q.waiting.isEmpty, !q.closed { q.condition.wait() }
            if q.waiting.isEmpty || disabled {
                q.waiting = []
                q.condition.broadcast()
                q.condition.unlock()
                if q.closed { return }
                continue
            }
            let e = q.waiting.removeFirst()
            q.inFlight += 1
            q.condition.broadcast()
            q.condition.unlock()
            upload(e)
            q.condition.lock()
            q.inFlight -= 1
            q.condition.broadcast()
            q.condition.unlock()
        }
    }

    /// The object first, then the entry naming it, so a reader never finds an entry without its object.
    func upload(_ e: CacheEntry) {
        guard let bytes = cache.peekObject(e.object), Int64(bytes.count) == e.size,
              let casURL = config.url(.cas, e.object), let acURL = config.url(.ac, e.key) else { return }
        let what = "upload of \(e.kind) \(e.key.short)"
        guard let put = request("PUT", casURL, what: what, body: bytes, maxBody: RemoteCache.maxEntry,
                                deadline: config.deadline + Double(bytes.count) / Double(1 << 20)) else { return }
        guard RemoteCache.isSuccess(put.status) else {
            // A size limit refuses one object; it says nothing about the next.
            noteFailure(RemoteCache.describe(status: put.status), what: what, switchOff: put.status == 401 || put.status == 403,
                        breaker: put.status != 413)
            return
        }
        state.withLock { $0.figures.bytesUp += Int64(bytes.count) }
        let body = Array(canonicalJSON(RemoteEntry(e)))
        guard let ac = request("PUT", acURL, what: what, body: body, maxBody: RemoteCache.maxEntry) else { return }
        guard RemoteCache.isSuccess(ac.status) else {
            noteFailure(RemoteCache.describe(status: ac.status), what: what, switchOff: ac.status == 401 || ac.status == 403)
            return
        }
        state.withLock { s in
            s.figures.bytesUp += Int64(body.count)
            s.figures.uploads += 1
            s.failuresInARow = 0
        }
    }

    static func isSuccess(_ status: Int) -> Bool { status == 200 || status == 201 || status == 204 }

    /// Waits for the queued uploads, at most `deadline` seconds; what is left then is dropped with a warning.
    /// Stops uploading for good.
    public func finish(deadline: Double = 10) {
        cache.observeStores(nil)
        let q = queue
        q.condition.lock()
        let until = Date().addingTimeInterval(deadline)
        while (!q.waiting.isEmpty || q.inFlight > 0), !disabled {
            if !q.condition.wait(until: until) { break }
        }
        let left = q.waiting.count + q.inFlight
        q.closed = true
        q.waiting = []
        q.condition.broadcast()
        q.condition.unlock()
        if left > 0, !disabled {
            state.withLock { s in
                s.figures.errors += 1
                if s.failure == nil { s.failure = "\(left) uploads not finished" }
            }
            warnOnce("flush", "remote cache \(config.display): \(left) uploads not finished within \(Int(deadline)) s; skipped")
        }
    }
}
