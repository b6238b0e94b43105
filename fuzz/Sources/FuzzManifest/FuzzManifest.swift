import AnimcManifest

/// One libFuzzer input: manifest bytes. Parses and validates them as `animc.yaml` (no disk access, so frame
/// sources are not resolved);
/// any crash, trap or sanitizer report is a bug. Non-UTF-8 input is decoded with replacement characters,
/// as a text editor would show it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = ManifestLoader.parse(text: text, path: "animc.yaml", directory: "/fuzz-project")
    return 0
}

// SwiftPM links an executable with `main` defined as `FuzzManifest_main` (its entry point symbol), so libFuzzer's own
// `main` is not used: this entry point hands the command line to libFuzzer's driver, as that `main` would.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ test: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("FuzzManifest_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzManifest)
}
