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
    let group = DispatchGroup()
    for _ in 0..<workers {
        DispatchQueue.global().async(group: group) {
            while let i = box.next() { box.set(i, body(i)) }
        }
    }
    group.wait()
    return box.values()
}

private final class ResultBox<T>: @unchecked Sendable {
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
