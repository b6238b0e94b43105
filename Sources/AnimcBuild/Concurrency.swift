import AnimcBasics
import Foundation

/// A fixed set of threads that lives for the build and runs indexed batches of work.
///
/// `start(count, body)` queues `body(0..<count)` and returns a job whose `wait()` gives the results in
/// index order, so nothing depends on which thread ran what. A thread that waits for a job helps run
/// queued work meanwhile, so a batch started from inside another batch cannot deadlock the pool.
/// OS threads rather than libdispatch: on Linux its global queues cap their width by the cores they
/// think are free, which with the main thread busy encoding left one worker running at a time.
public final class WorkerPool: @unchecked Sendable {
    public let width: Int
    private let condition = NSCondition()
    private var queue: [() -> Void] = []
    private var head = 0
    private var stopping = false
    private var running = 0

    public init(threads: Int) {
        width = max(1, threads)
        for _ in 0..<width {
            running += 1
            let t = Thread { [unowned self] in self.workLoop() }
            t.stackSize = 4 << 20
            t.start()
        }
    }

    /// Ends the threads once the queue is empty; the pool cannot be used afterwards.
    public func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    deinit {
        // The threads hold no reference to the pool beyond `shutdown`, which must come first.
        precondition(running == 0, "WorkerPool released without shutdown()")
    }

    /// Queues `body(i)` for i in 0..<count, at most `width` of them running at once (default: the
    /// pool's width), so a batch of big frames can be held to what the memory budget allows.
    public func start<T: Sendable>(_ count: Int, width: Int? = nil, _ body: @escaping @Sendable (Int) -> T) -> PoolJob<T> {
        let job = PoolJob<T>(count: count, pool: self)
        let runners = min(count, max(1, width ?? self.width))
        condition.lock()
        for _ in 0..<runners {
            queue.append {
                while let i = job.claim() { job.set(i, body(i)) }
            }
        }
        condition.broadcast()
        condition.unlock()
        return job
    }

    /// `body(i)` for i in 0..<count on the pool, results in index order.
    public func map<T: Sendable>(_ count: Int, width: Int? = nil, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        start(count, width: width, body).wait()
    }

    private func workLoop() {
        while let task = next(blocking: true) { task() }
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// The next queued task; with `blocking`, waits for one (nil once the pool is stopping).
    fileprivate func next(blocking: Bool) -> (() -> Void)? {
        condition.lock(); defer { condition.unlock() }
        while head == queue.count {
            if !blocking || stopping { return nil }
            condition.wait()
        }
        let task = queue[head]
        head += 1
        if head == queue.count { queue.removeAll(keepingCapacity: true); head = 0 }
        return task
    }

    fileprivate func signalDone() {
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until `isDone` holds, running queued tasks meanwhile.
    fileprivate func help(until isDone: () -> Bool) {
        while !isDone() {
            if let task = next(blocking: false) { task(); continue }
            condition.lock()
            if !isDone(), head == queue.count { condition.wait() }
            condition.unlock()
        }
    }
}

/// The results of one batch started on a `WorkerPool`.
public final class PoolJob<T: Sendable>: @unchecked Sendable {
    private let state: Locked<(results: [T?], remaining: Int, next: Int)>
    private unowned let pool: WorkerPool

    fileprivate init(count: Int, pool: WorkerPool) {
        state = Locked((Array(repeating: nil, count: count), count, 0))
        self.pool = pool
    }

    /// The next index to run, if any is left.
    fileprivate func claim() -> Int? {
        state.withLock { s -> Int? in
            guard s.next < s.results.count else { return nil }
            s.next += 1
            return s.next - 1
        }
    }

    fileprivate func set(_ i: Int, _ value: T) {
        let finished = state.withLock { s -> Bool in
            s.results[i] = value
            s.remaining -= 1
            return s.remaining == 0
        }
        if finished { pool.signalDone() }
    }

    /// The results in index order, once every index has run.
    public func wait() -> [T] {
        pool.help { state.withLock { $0.remaining == 0 } }
        return state.withLock { $0.results.map { $0! } }
    }
}
