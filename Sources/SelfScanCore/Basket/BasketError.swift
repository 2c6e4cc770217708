/// Why a basket or session action was refused. The basket and the log are unchanged when one is thrown.
public enum BasketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The action is not allowed in the session's current state.
    case illegalTransition(action: String, state: SessionState)
    /// A quantity of zero or less.
    case invalidQuantity(Int)
    /// A quantity above the basket's per-line limit.
    case quantityOverLimit(Int, limit: Int)
    /// A weight of zero or less, or above the limit (a mis-read label).
    case absurdWeight(grams: Int, limit: Int)
    /// A label price of zero or less, or above the limit.
    case absurdLabelPrice(Money, limit: Money)
    /// A price staff entered by hand is zero or less, or above the label-price limit.
    case staffPriceOutOfRange(Money, limit: Money)
    /// The basket holds the maximum number of lines.
    case tooManyLines(limit: Int)
    /// The line would cost nothing (e.g. a 1 g weighed label rounds to 0.00): refused, never a free line.
    case lineAmountZero(ProductID)
    /// The line does not exist or is voided.
    case unknownLine(LineID)
    /// Weighed and label-priced lines have no quantity to change; deposit lines follow their parent.
    case quantityNotChangeable(LineID)
    /// A product priced per kilogram was scanned without a weight (plain GTIN).
    case weightRequired(ProductID)
    /// A weight label for a product priced per unit.
    case measureMismatch(ProductID)
    /// The product's deposit product is missing from the catalog (a catalog inconsistency).
    case depositProductMissing(ProductID, deposit: ProductID)
    /// A code that is not an item, loyalty card or coupon (badge, hand-off, exit pass) scanned as one.
    case notAnItem(kind: String)
    /// A GS1 element string without (01), or with an unreadable measure.
    case malformedGS1(String)
    /// The coupon code matches no coupon and carries no value.
    case unknownCoupon(String)
    /// The same coupon code is already in the basket.
    case duplicateCoupon(String)
    /// The loyalty card matches no customer.
    case unknownLoyaltyCard(String)
    /// Another customer is already identified on this session.
    case customerAlreadyIdentified(CustomerID)
    /// Checkout with no active line.
    case emptyBasket
    /// Paid amount differs from the total due.
    case paymentMismatch(expected: Money, received: Money)
    /// Amounts overflowed or mixed currencies.
    case money(MoneyError)
    /// The catalog could not answer.
    case catalog(CatalogLookupError)
    /// Replayed events are inconsistent (wrong session, gap in sequence, illegal transition).
    case corruptLog(sequence: Int64, reason: String)

    /// Stable machine-readable code (JSON `error.code`).
    public var code: String {
        switch self {
        case .illegalTransition: "illegalTransition"
        case .invalidQuantity: "invalidQuantity"
        case .quantityOverLimit: "quantityOverLimit"
        case .absurdWeight: "absurdWeight"
        case .absurdLabelPrice: "absurdLabelPrice"
        case .staffPriceOutOfRange: "staffPriceOutOfRange"
        case .tooManyLines: "tooManyLines"
        case .lineAmountZero: "lineAmountZero"
        case .unknownLine: "unknownLine"
        case .quantityNotChangeable: "quantityNotChangeable"
        case .weightRequired: "weightRequired"
        case .measureMismatch: "measureMismatch"
        case .depositProductMissing: "depositProductMissing"
        case .notAnItem: "notAnItem"
        case .malformedGS1: "malformedGS1"
        case .unknownCoupon: "unknownCoupon"
        case .duplicateCoupon: "duplicateCoupon"
        case .unknownLoyaltyCard: "unknownLoyaltyCard"
        case .customerAlreadyIdentified: "customerAlreadyIdentified"
        case .emptyBasket: "emptyBasket"
        case .paymentMismatch: "paymentMismatch"
        case .money: "money"
        case .catalog: "catalogUnavailable"
        case .corruptLog: "corruptLog"
        }
    }

    public var description: String {
        switch self {
        case .illegalTransition(let action, let state): "'\(action)' is not allowed while the session is \(state)"
        case .invalidQuantity(let quantity): "quantity \(quantity) must be at least 1"
        case .quantityOverLimit(let quantity, let limit): "quantity \(quantity) exceeds the limit of \(limit)"
        case .absurdWeight(let grams, let limit): "weight \(grams) g is outside 1...\(limit) g"
        case .absurdLabelPrice(let price, let limit): "label price \(price) is outside 0.01...\(limit)"
        case .staffPriceOutOfRange(let price, let limit): "staff price \(price) is outside 0.01...\(limit)"
        case .tooManyLines(let limit): "the basket already has \(limit) lines"
        case .lineAmountZero(let id): "product \(id) would cost nothing at this weight or quantity: call staff"
        case .unknownLine(let id): "no active line \(id)"
        case .quantityNotChangeable(let id): "line \(id) has no quantity to change"
        case .weightRequired(let id): "product \(id) is sold by weight: scan its scale label"
        case .measureMismatch(let id): "the label's measure does not fit how product \(id) is priced"
        case .depositProductMissing(let id, let deposit): "product \(id) needs deposit \(deposit), missing from the catalog"
        case .notAnItem(let kind): "a \(kind) is not an item"
        case .malformedGS1(let text): "GS1 data '\(text)' has no usable (01) or measure"
        case .unknownCoupon(let code): "coupon '\(code)' is not known"
        case .duplicateCoupon(let code): "coupon '\(code)' is already in the basket"
        case .unknownLoyaltyCard(let code): "loyalty card …\(code.suffix(4)) is not known"  // never the whole number
        case .customerAlreadyIdentified(let id): "customer \(id) is already identified"
        case .emptyBasket: "the basket is empty"
        case .paymentMismatch(let expected, let received): "paid \(received) but \(expected) is due"
        case .money(let error): error.description
        case .catalog(let error): error.description
        case .corruptLog(let sequence, let reason): "event log is corrupt at #\(sequence): \(reason)"
        }
    }
}
