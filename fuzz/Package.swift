// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for the manifest loader and the PNG decoder. Build and run them with scripts/fuzz
// (which passes -sanitize=fuzzer,address); a plain `swift build` here does not link a fuzzer.
let package = Package(
    name: "animc-fuzz",
    dependencies: [.package(name: "animc", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzManifest", dependencies: [.product(name: "AnimcManifest", package: "animc")]),
        .executableTarget(
            name: "FuzzPNG", dependencies: [.product(name: "AnimcPixels", package: "animc")]),
        .executableTarget(
            name: "FuzzAseprite", dependencies: [.product(name: "AnimcAseprite", package: "animc")]),
    ]
)
