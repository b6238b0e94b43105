import AnimcBasics
import AnimcPixels
import Foundation

/// A video's frames, decoded by an `ffmpeg` child into RGBA on a pipe, one frame at a time in order from a
/// starting frame. Memory is one frame (the pipe's own buffer aside), whatever the video's length.
/// Colour: ffmpeg converts with the frame's own matrix and range (BT.601/BT.709, limited or full), to
/// full-range RGB, at the size ffprobe listed. `close()` (or releasing the stream) kills and reaps the child.
public final class VideoStream {
    public let path: String
    public let probe: VideoProbe
    /// The index (in `probe.timestamps`) of the frame `next()` returns.
    public private(set) var nextIndex: Int
    private var child: ChildProcess?
    private let frameBytes: Int

    /// Starts decoding at frame `index` (or before it: `nextIndex` says where). Seeking (`-ss` before `-i`, which ffmpeg makes frame-accurate
    /// when decoding) aims half-way between the frame and the one before it, so rounding cannot move it.
    public init(path: String, probe: VideoProbe, tools: FFmpegTools, from index: Int) throws(VideoError) {
        precondition(index >= 0 && index < probe.timestamps.count)
        self.path = path
        self.probe = probe
        nextIndex = index
        guard let bytes = RGBAImage.byteCount(width: probe.width, height: probe.height) else {
            throw VideoError("is \(probe.width)×\(probe.height), too large")
        }
        frameBytes = bytes
        var args = ["-nostdin", "-hide_banner", "-v", "error"]
        if index > 0 {
            let ts = probe.timestamps
            let mid = (Double(ts[index - 1]) + Double(ts[index])) / 2
            let seconds = mid * Double(probe.timeBaseNum) / Double(probe.timeBaseDen) - Double(probe.startMicros) / 1e6
            // A frame too close to the start to seek to is reached by reading from the first.
            if seconds > 0 { args += ["-ss", String(format: "%.6f", seconds)] } else { nextIndex = 0 }
        }
        let scale = "scale=w=\(probe.width):h=\(probe.height):in_color_matrix=auto:in_range=auto:out_range=full"
            + ":flags=bicubic+accurate_rnd+full_chroma_int+full_chroma_inp+bitexact,format=rgba"
        args += ["-i", path, "-map", "0:v:0", "-an", "-sn", "-dn", "-fps_mode", "passthrough",
                 "-vf", scale, "-f", "rawvideo", "-pix_fmt", "rgba", "-"]
        child = try ChildProcess(executable: tools.ffmpeg, arguments: args)
    }

    deinit { close() }

    /// The decoder's process id while it runs.
    public var childPID: Int32? { child?.pid }

    /// The next frame, or an error when the decoder fails or gives a different number of frames than
    /// ffprobe listed (a truncated file; the two must agree, or frames would be keyed by the wrong time).
    public func next() throws(VideoError) -> RGBAImage {
        guard let child else { throw VideoError("the decoder was stopped") }
        var pixels = [UInt8](repeating: 0, count: frameBytes)
        let n: Int
        do {
            n = try pixels.withUnsafeMutableBytes { b in
                Result { () throws(VideoError) -> Int in try child.read(into: b) }
            }.get()
        } catch {
            close()
            throw error
        }
        guard n == frameBytes else {
            let status = child.wait()
            let why = child.errorText()
            close()
            let listed = probe.timestamps.count
            if status != 0 {
                throw VideoError("ffmpeg failed at frame \(nextIndex + 1) of \(listed)" + (why.isEmpty ? " (exit \(status))" : ": \(why)"))
            }
            throw VideoError("ffmpeg decoded \(nextIndex) frames but ffprobe listed \(listed) (is the file truncated?)")
        }
        nextIndex += 1
        return RGBAImage(width: probe.width, height: probe.height, pixels: pixels)
    }

    /// Checks that the decoder ends where ffprobe's listing does (call after the last frame).
    public func finish() throws(VideoError) {
        guard let child else { return }
        var extra = [UInt8](repeating: 0, count: 1)
        let n = try extra.withUnsafeMutableBytes { b in
            Result { () throws(VideoError) -> Int in try child.read(into: b) }
        }.get()
        close()
        if n > 0 {
            throw VideoError("ffmpeg decoded more frames than the \(probe.timestamps.count) ffprobe listed")
        }
    }

    /// Kills and reaps the decoder.
    public func close() {
        child?.stop()
        child = nil
    }
}
