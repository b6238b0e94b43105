import ArgumentParser

public struct AnimcCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "animc", abstract: "Compile PNG frames into animated GIFs.")
    public init() {}
    public func run() throws {}
}
