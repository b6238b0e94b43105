import CAnimcSystem

/// The process's allocator policy.
///
/// Workers allocate and free frame-sized buffers (decoded frames, histograms, lookup tables) on
/// short-lived threads. glibc gives threads their own heaps ("arenas") and keeps what is freed in
/// each, interleaved with the build's small long-lived allocations, so the resident size of a build
/// grew with its number of frames although nothing more was live: 33.6 → 38.8 MB from 100 to 1000
/// frames of 160×120 with per-frame palettes. With one heap for all threads it is 30.9 → 33.0 MB,
/// for about 3% more time (both cores still allocate; the big buffers dominate, not lock traffic).
enum Memory {
    /// Applied once, before the first worker thread starts.
    static let configured: Void = animc_use_one_heap()
}
