import ArgumentParser
import SelfScanCore
import SelfScanReferential

extension ReferentialCommand {
    /// `selfscan referential publish-suggestions`: what `POST /v1/admin/suggestions/publish` does (the server also
    /// publishes on its own every 5 minutes).
    struct PublishSuggestions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish-suggestions",
            abstract: "Publish the suggestions (often bought with, substitutes) of what changed since the last publish.")
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let result = try await database.admin().publishSuggestions()
            print(
                "catalog version \(result.catalogVersion.rawValue): \(result.computed) computed, "
                    + "\(result.published) published")
        }
    }
}
