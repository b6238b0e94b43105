import CAnimcSystem

/// Where this binary came from: the commit `make` records (Sources/CAnimcSystem/animc_commit.h, not
/// committed), empty for a plain `swift build`.
public enum BuildInfo {
    public static var commit: String { String(cString: animc_build_commit()) }
}
