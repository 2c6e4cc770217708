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

extension ReferentialCommand {
    /// `selfscan referential target-offer PROMO --bought P1,P2 --within-days 30`: a CRM segment run on the basket
    /// history (run it nightly, e.g. from a systemd timer): the personal offer goes to the consenting customers who
    /// bought one of the products in the window, and is taken from those who no longer did.
    struct TargetOffer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "target-offer",
            abstract: "Give a personal offer to the consenting customers who bought one of some products lately.")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "The promotion (eligibility personalOffer) to give.") var promotion: String
        @Option(help: "Product ids, comma-separated: a basket holding any of them qualifies its customer.")
        var bought: String
        @Option(help: "The window, in days before now (1–366).") var withinDays: Int = 30

        func run() async throws {
            let products = Set(bought.split(separator: ",").map { ProductID(String($0).trimmingCharacters(in: .whitespaces)) }
                .filter { !$0.rawValue.isEmpty })
            guard !products.isEmpty else { throw ValidationError("--bought names no product") }
            let result = try await database.admin().targetOffer(
                PromotionID(promotion), boughtAnyOf: products, withinDays: withinDays)
            print(
                "catalog version \(result.catalogVersion.rawValue): \(result.qualifying) customers hold \(promotion) "
                    + "(\(result.added) added, \(result.removed) taken back)")
        }
    }
}
