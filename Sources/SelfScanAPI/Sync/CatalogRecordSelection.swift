public import SelfScanCore

/// Which optional record types a catalog reader asked for, and for which store. A snapshot or delta request
/// carries `include=suggestions` when its reader knows the `suggestions` record type (readers of earlier
/// releases refuse unknown types, so they are never sent one); a device then gets only its own store's and
/// the chain-wide suggestions (docs/sync-protocol.md).
public struct CatalogRecordSelection: Sendable, Hashable {
    /// The query parameter naming the optional record types (comma-separated).
    public static let queryName = "include"
    /// Its value for suggestions.
    public static let suggestionsValue = "suggestions"

    public let includeSuggestions: Bool
    /// The device's store (`nil`: every store's suggestions, e.g. an export).
    public let storeID: StoreID?

    public init(includeSuggestions: Bool, storeID: StoreID?) {
        self.includeSuggestions = includeSuggestions
        self.storeID = storeID
    }

    /// From the request's `include` value.
    public init(include: String?, storeID: StoreID?) {
        let values = include?.split(separator: ",").map { part in String(part.filter { $0 != " " }) } ?? []
        self.init(includeSuggestions: values.contains(Self.suggestionsValue), storeID: storeID)
    }

    /// Whether `record` goes to this reader.
    public func admits(_ record: CatalogRecord) -> Bool {
        guard case .suggestions(let value) = record else { return true }
        guard includeSuggestions else { return false }
        guard let storeID, let recordStore = value.storeID else { return true }
        return recordStore == storeID
    }
}
