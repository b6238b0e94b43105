import CAnimcSystem

/// Where this binary came from: the commit `make` passes in (`-Xcc -DANIMC_COMMIT=…`), empty for a
/// plain `swift build`.
public enum BuildInfo {
    public static var commit: String { String(cString: animc_build_commit()) }
}
