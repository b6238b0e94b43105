import AnimcBasics
@testable import AnimcBuild
import Foundation
import Testing

@Suite struct ConcurrencyTests {
    @Test func lockedSerialisesUpdates() {
        let counter = Locked(0)
        let pool = WorkerPool(threads: 4)
        defer { pool.shutdown() }
        _ = pool.map(1000) { _ in counter.withLock { $0 += 1 } }
        #expect(counter.current == 1000)
    }

    @Test func resultsComeInIndexOrderWhateverTheWidth() {
        for width in [1, 2, 5] {
            let pool = WorkerPool(threads: width)
            let out = pool.map(200) { i -> Int in
                if i % 7 == 0 { usleep(100) }
                return i * i
            }
            pool.shutdown()
            #expect(out == (0..<200).map { $0 * $0 })
        }
    }

    /// A batch started from inside a batch (a palette pass started by a worker) must not deadlock,
    /// even on a pool of one thread.
    @Test func nestedBatchesFinish() {
        let pool = WorkerPool(threads: 1)
        defer { pool.shutdown() }
        let out = pool.map(4) { i in pool.map(3) { j in i * 10 + j }.reduce(0, +) }
        #expect(out == [3, 33, 63, 93])
    }

    @Test func startedJobsRunWhileTheCallerWorks() {
        let pool = WorkerPool(threads: 2)
        defer { pool.shutdown() }
        let first = pool.start(10) { $0 }
        let second = pool.start(10) { $0 + 100 }
        #expect(second.wait() == Array(100..<110))
        #expect(first.wait() == Array(0..<10))
        #expect(first.wait() == Array(0..<10))  // waiting again gives the same results
    }

    /// A batch's width caps how many of its items run at once (the memory budget relies on it).
    @Test func aBatchRunsAtMostItsWidthAtOnce() {
        let pool = WorkerPool(threads: 4)
        defer { pool.shutdown() }
        let now = Locked(0), peak = Locked(0)
        let out = pool.map(40, width: 2) { i -> Int in
            let n = now.withLock { $0 += 1; return $0 }
            peak.withLock { $0 = max($0, n) }
            usleep(500)
            now.withLock { $0 -= 1 }
            return i
        }
        #expect(out == Array(0..<40))
        #expect(peak.current <= 2)
        #expect(peak.current >= 1)
    }

    @Test func emptyBatches() {
        let pool = WorkerPool(threads: 2)
        defer { pool.shutdown() }
        #expect(pool.map(0) { $0 }.isEmpty)
    }
}
