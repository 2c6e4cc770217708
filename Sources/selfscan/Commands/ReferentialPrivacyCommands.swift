import ArgumentParser
import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential

/// The customer's rights at the referential (docs/privacy.md).
extension ReferentialCommand {
    static func customerID(_ text: String) throws -> CustomerID {
        guard !text.isEmpty, text.count <= 128, !text.contains(where: \.isNewline) else {
            throw ValidationError("invalid customer id")
        }
        return CustomerID(text)
    }

    struct EraseCustomer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "erase-customer",
            abstract: "Erase a customer (RGPD art. 17): customer and cards deleted, past baskets unlinked; idempotent.")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "Customer id.") var id: String

        func run() async throws {
            printAll(try await database.admin().eraseCustomer(try ReferentialCommand.customerID(id)))
        }
    }

    struct ExportCustomer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-customer",
            abstract: "Print everything held about a customer as one JSON document (docs/schemas/customer-export.schema.json).")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "Customer id.") var id: String

        func run() async throws {
            print(try await database.admin().exportCustomer(try ReferentialCommand.customerID(id)))
        }
    }

    struct SetConsent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-consent", abstract: "Record a customer's consent to personal offers (a new catalog version).")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "Customer id.") var id: String
        @Option(help: "yes or no.") var personalOffers: String

        func run() async throws {
            let answers = ["yes": true, "no": false, "true": true, "false": false]
            guard let consent = answers[personalOffers.lowercased()] else {
                throw ValidationError("--personal-offers must be yes or no")
            }
            printAll(try await database.admin().setConsent(try ReferentialCommand.customerID(id), personalOffers: consent))
        }
    }

    struct ErasureLog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "erasure-log", abstract: "List erasures (no personal data).")
        @OptionGroup var database: DatabaseOption

        func run() async throws { printAll(try await database.admin().erasureLog()) }
    }

    struct RotateCardKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-card-key", abstract: "Start a new card-hash key epoch (docs/privacy.md).")
        @OptionGroup var database: DatabaseOption

        func run() async throws { printAll(try await database.admin().rotateCardHashKey()) }
    }

    struct IssueAdminToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue-admin-token", abstract: "Issue a bearer token for /v1/admin/* (printed once).")
        @OptionGroup var database: DatabaseOption
        @Option(help: "Who holds it (for the record).") var name: String

        func run() async throws { print(try await database.admin().issueAdminToken(name: name)) }
    }
}
