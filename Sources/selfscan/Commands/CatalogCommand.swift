import ArgumentParser

/// `selfscan catalog`: not built yet (see the issue tracker); says so and exits non-zero.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "catalog", abstract: "(not built yet)")

    func run() async throws {
        throw ValidationError("'selfscan catalog' is not built yet")
    }
}
