import AnimcCache

/// How remote-cache figures read in the build summary and in `animc cache stats`.
enum RemoteText {
    static func summary(_ r: RemoteFigures) -> String {
        var s = "remote: \(r.hits) hits, \(r.misses) misses, \(r.uploads) uploads, \(CacheText.size(r.bytesDown)) down, \(CacheText.size(r.bytesUp)) up"
        if r.errors > 0 { s += ", \(r.errors) errors" }
        if r.disabled { s += " (switched off)" }
        return s
    }
}
