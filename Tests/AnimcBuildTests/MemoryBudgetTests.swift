import AnimcManifest
import Testing
@testable import AnimcBuild

/// Issue #10, item 13: frames in flight are sized by bytes.
@Suite struct MemoryBudgetTests {
    static let mib = 1 << 20

    /// Peak as the executor holds it: each worker's working memory, two windows of finished frames.
    static func peak(_ s: MemoryBudget.Sizing, working: Int, result: Int) -> Int64 {
        Int64(s.workers) * Int64(working) + 2 * Int64(s.window) * Int64(result)
    }

    @Test func smallFramesKeepEveryWorkerAndTheUsualWindow() {
        // 320×240: about 1 MiB to make, 77 KB once quantized.
        let e = MemoryBudget.estimate(source: (320, 240), tile: nil, crop: nil, resize: nil)
        for jobs in [1, 2, 8, 32] {
            let s = MemoryBudget.sizing(workingBytes: e.working, resultBytes: e.result, jobs: jobs, budget: MemoryBudget.defaultBytes)
            #expect(s == .init(workers: jobs, window: max(2, jobs * 4)), "jobs \(jobs)")
        }
    }

    @Test func largeFramesGetFewerWorkersAndStayWithinTheBudget() {
        // 3840×2160 at -j 8 and the default 256 MiB.
        let e = MemoryBudget.estimate(source: (3840, 2160), tile: nil, crop: nil, resize: nil)
        let s = MemoryBudget.sizing(workingBytes: e.working, resultBytes: e.result, jobs: 8, budget: MemoryBudget.defaultBytes)
        #expect(s.workers >= 1 && s.workers < 8)
        #expect(s.window >= s.workers)
        #expect(Self.peak(s, working: e.working, result: e.result) <= MemoryBudget.defaultBytes)
    }

    @Test func oneFrameOverTheBudgetStillGetsOneWorkerAndOneFrame() {
        // 8192×8192: 256 MiB decoded, over any small budget; the build must still make it.
        let e = MemoryBudget.estimate(source: (8192, 8192), tile: nil, crop: nil, resize: nil)
        #expect(e.working >= 256 * Self.mib * 2)
        for budget: Int64 in [0, 1, Int64(Self.mib), MemoryBudget.defaultBytes] {
            let s = MemoryBudget.sizing(workingBytes: e.working, resultBytes: e.result, jobs: 8, budget: budget)
            #expect(s == .init(workers: 1, window: 1), "budget \(budget)")
        }
    }

    @Test func peakTracksTheBudgetAcrossSizes() {
        // Whatever the frame size, when one worker and one frame fit, the sizing stays within the budget,
        // and it uses more workers as the budget grows (never more than --jobs).
        for side in [64, 500, 1000, 1920, 2500, 4096] {
            let e = MemoryBudget.estimate(source: (side, side), tile: nil, crop: nil, resize: nil)
            var lastWorkers = 0
            for budget in [16, 64, 256, 1024, 4096].map({ Int64($0 * Self.mib) }) {
                let s = MemoryBudget.sizing(workingBytes: e.working, resultBytes: e.result, jobs: 8, budget: budget)
                #expect(s.workers >= 1 && s.workers <= 8 && s.window >= 1 && s.window <= 32)
                #expect(s.workers >= lastWorkers)
                lastWorkers = s.workers
                if Int64(e.working) + 2 * Int64(e.result) <= budget {
                    #expect(Self.peak(s, working: e.working, result: e.result) <= budget, "side \(side), budget \(budget)")
                }
            }
        }
    }

    @Test func theEstimateFollowsCropAndResize() {
        let plain = MemoryBudget.estimate(source: (1000, 1000), tile: nil, crop: nil, resize: nil)
        let cropped = MemoryBudget.estimate(source: (1000, 1000), tile: nil, crop: CropRect(x: 0, y: 0, width: 100, height: 100),
                                            resize: nil)
        let upscaled = MemoryBudget.estimate(source: (1000, 1000), tile: nil, crop: nil, resize: ResizeSpec(scale: 4))
        #expect(cropped.result == 100 * 100 + 1024)
        #expect(cropped.working < plain.working + 1000 * 1000)
        #expect(upscaled.result == 4000 * 4000 + 1024)
        // The filter's intermediate (4000 × 1000 floats × 4) and the 4000×4000 output are counted.
        #expect(upscaled.working >= 4000 * 1000 * 16 + 4000 * 4000 * 4)
        // Sizes that would overflow saturate rather than trap.
        let absurd = MemoryBudget.estimate(source: (Int.max, Int.max), tile: nil, crop: nil, resize: nil)
        #expect(absurd.working > 0)
        #expect(MemoryBudget.sizing(workingBytes: absurd.working, resultBytes: absurd.result, jobs: 4, budget: 1 << 30)
                == .init(workers: 1, window: 1))
    }
}

/// A PNG header may claim 2³¹−1 pixels a side; sizing must not overflow before the decoder refuses it.
@Test func sizingSaturatesOnAbsurdFrameSizes() {
    let e = MemoryBudget.estimate(source: (2_147_483_647, 2_147_483_647), tile: nil, crop: nil, resize: nil)
    let s = MemoryBudget.sizing(workingBytes: e.working, resultBytes: e.result, jobs: 8, budget: 256 << 20)
    #expect(s.workers == 1 && s.window >= 1)
    let t = MemoryBudget.sizing(workingBytes: .max, resultBytes: .max, jobs: 8, budget: .max)
    #expect(t.workers >= 1)
}
