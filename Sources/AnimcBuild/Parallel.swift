import Foundation

/// Runs `body(i)` for i in 0..<count on `jobs` threads and returns the results in index order,
/// so the outcome never depends on scheduling.
func parallelMap<T: Sendable>(_ count: Int, jobs: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
    if count == 0 { return [] }
    let box = ResultBox<T>(count: count)
    let workers = max(1, min(jobs, count))
    if workers == 1 {
        for i in 0..<count { box.set(i, body(i)) }
        return box.values()
    }
    let done = DispatchGroup()
    for _ in 0..<workers {
        done.enter()
        spawnThread {
            while let i = box.next() { box.set(i, body(i)) }
            done.leave()
        }
    }
    done.wait()
    return box.values()
}

/// Runs `body` on a new OS thread. libdispatch's global queues on Linux cap their width by the cores
/// they think are free, which with the main thread busy encoding left one worker running at a time.
func spawnThread(_ body: @escaping @Sendable () -> Void) {
    let t = Thread(block: body)
    t.stackSize = 4 << 20
    t.start()
}

final class ResultBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [T?]
    private var cursor = 0

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard cursor < results.count else { return nil }
        cursor += 1
        return cursor - 1
    }

    func set(_ i: Int, _ value: T) {
        lock.lock(); defer { lock.unlock() }
        results[i] = value
    }

    func values() -> [T] { results.map { $0! } }
}

/// `parallelMap` started in the background: the caller does other work (encoding the previous window)
/// while the workers fill this one; `wait()` returns the results in index order.
final class ParallelJob<T: Sendable>: @unchecked Sendable {
    private let box: ResultBox<T>
    private let group = DispatchGroup()
    private var collected: [T]?

    init(_ count: Int, jobs: Int, _ body: @escaping @Sendable (Int) -> T) {
        box = ResultBox<T>(count: count)
        for _ in 0..<max(1, min(jobs, count)) where count > 0 {
            group.enter()
            spawnThread { [box, group] in
                while let i = box.next() { box.set(i, body(i)) }
                group.leave()
            }
        }
    }

    func wait() -> [T] {
        if let collected { return collected }
        group.wait()
        let values = box.values()
        collected = values
        return values
    }
}
