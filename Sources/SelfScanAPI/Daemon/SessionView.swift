public import Foundation
public import SelfScanCore

/// The JSON of a session (`GET /v1/sessions/{id}`, `basket` events): everything a kiosk screen shows.
public struct SessionView: Codable, Sendable {
    public struct Line: Codable, Sendable {
        public let id: String
        public let productID: String
        public let name: String
        public let scannedCode: String
        /// `item` (counted), `weighed`, `labelPrice`, `deposit`.
        public let kind: String
        public let quantity: Int
        public let weightGrams: Int?
        public let unitPrice: Money
        public let total: Money
        public let vatRate: Int
        public let minimumAge: Int?
        /// `false` while staff have not approved this age-restricted line, `true` once approved.
        public let ageApproved: Bool?
        public let isVoided: Bool
        public let depositFor: String?
        public let catalogVersion: Int64
        /// Set when staff entered the price by hand (an unknown item): the reason (`notInCatalog`,
        /// `unreadableCode`, `damagedLabel`, `shelfPrice`). Absent on catalog-priced lines.
        public var staffPriceReason: String? = nil

        public init(id: String, productID: String, name: String, scannedCode: String, kind: String, quantity: Int, weightGrams: Int? = nil, unitPrice: Money, total: Money, vatRate: Int, minimumAge: Int? = nil, ageApproved: Bool? = nil, isVoided: Bool, depositFor: String? = nil, catalogVersion: Int64) {
            self.id = id
            self.productID = productID
            self.name = name
            self.scannedCode = scannedCode
            self.kind = kind
            self.quantity = quantity
            self.weightGrams = weightGrams
            self.unitPrice = unitPrice
            self.total = total
            self.vatRate = vatRate
            self.minimumAge = minimumAge
            self.ageApproved = ageApproved
            self.isVoided = isVoided
            self.depositFor = depositFor
            self.catalogVersion = catalogVersion
        }
    }

    public struct Discount: Codable, Sendable {
        public struct Allocation: Codable, Sendable {
            public let lineID: String
            public let amount: Money

            public init(lineID: String, amount: Money) {
                self.lineID = lineID
                self.amount = amount
            }
        }
        public let name: String
        public let kind: String
        public let promotionID: String?
        public let couponCode: String?
        public let amount: Money
        public let allocations: [Allocation]
        /// Why it applies to this shopper ("offre réservée aux membres Or"), without a profile; `nil` for
        /// offers open to everyone (docs/privacy.md).
        public var reason: String? = nil

        public init(name: String, kind: String, promotionID: String? = nil, couponCode: String? = nil, amount: Money, allocations: [Allocation], reason: String? = nil) {
            self.name = name
            self.kind = kind
            self.promotionID = promotionID
            self.couponCode = couponCode
            self.amount = amount
            self.allocations = allocations
            self.reason = reason
        }
    }

    public struct VAT: Codable, Sendable {
        public let rate: Int
        public let label: String
        public let gross: Money
        public let vat: Money
        public let net: Money

        public init(rate: Int, label: String, gross: Money, vat: Money, net: Money) {
            self.rate = rate
            self.label = label
            self.gross = gross
            self.vat = vat
            self.net = net
        }
    }

    public struct Totals: Codable, Sendable {
        public let itemsSubtotal: Money
        public let discounts: [Discount]
        public let discountTotal: Money
        public let depositTotal: Money
        public let total: Money
        public let vatBreakdown: [VAT]

        public init(itemsSubtotal: Money, discounts: [Discount], discountTotal: Money, depositTotal: Money, total: Money, vatBreakdown: [VAT]) {
            self.itemsSubtotal = itemsSubtotal
            self.discounts = discounts
            self.discountTotal = discountTotal
            self.depositTotal = depositTotal
            self.total = total
            self.vatBreakdown = vatBreakdown
        }
    }

    /// A loyalty card is attached. The customer's id and tier are deliberately not shown: whoever types a card
    /// number is not yet identified as its holder, and echoing them let anyone enumerate cards (issue 15).
    public struct Customer: Codable, Sendable {
        public let identified: Bool

        public init(identified: Bool) {
            self.identified = identified
        }
    }

    public struct Audit: Codable, Sendable {
        public let required: Bool
        public let mode: String?
        public let probabilityBasisPoints: Int
        public let reasons: [String]
        public let linesToCheck: [String]
        public let passed: Bool?
        public let differences: [String]
        /// The same differences for the shopper's screen, line by line: what the audit changed.
        public var changes: [Change]? = nil

        /// One audit difference: `missing` (added by staff), `extra` (voided), `quantity` (scanned → found).
        public struct Change: Codable, Sendable {
            public let kind: String
            public let name: String
            public let scanned: Int?
            public let found: Int?
            public let unitPrice: Money?

            public init(kind: String, name: String, scanned: Int?, found: Int?, unitPrice: Money?) {
                self.kind = kind
                self.name = name
                self.scanned = scanned
                self.found = found
                self.unitPrice = unitPrice
            }
        }

        public init(required: Bool, mode: String? = nil, probabilityBasisPoints: Int, reasons: [String], linesToCheck: [String], passed: Bool? = nil, differences: [String]) {
            self.required = required
            self.mode = mode
            self.probabilityBasisPoints = probabilityBasisPoints
            self.reasons = reasons
            self.linesToCheck = linesToCheck
            self.passed = passed
            self.differences = differences
        }
    }

    public struct Payments: Codable, Sendable {
        public let paid: Money
        public let due: Money
        public let records: [PaymentView]

        public init(paid: Money, due: Money, records: [PaymentView]) {
            self.paid = paid
            self.due = due
            self.records = records
        }
    }

    public struct ExitPass: Codable, Sendable {
        public let code: String
        /// When the gate stops accepting the pass (ISO 8601 on the wire).
        public let expiresAt: Date

        public init(code: String, expiresAt: Date) {
            self.code = code
            self.expiresAt = expiresAt
        }
    }

    public let id: String
    public let store: String
    public let device: String
    public let state: SessionState
    public let catalogVersion: Int64
    public let customer: Customer?
    public let lines: [Line]
    public let totals: Totals
    public let pendingApprovalLineIDs: [String]
    public let audit: Audit?
    public let payment: Payments
    public let exitPass: ExitPass?

    public init(id: String, store: String, device: String, state: SessionState, catalogVersion: Int64, customer: Customer? = nil, lines: [Line], totals: Totals, pendingApprovalLineIDs: [String], audit: Audit? = nil, payment: Payments, exitPass: ExitPass? = nil) {
        self.id = id
        self.store = store
        self.device = device
        self.state = state
        self.catalogVersion = catalogVersion
        self.customer = customer
        self.lines = lines
        self.totals = totals
        self.pendingApprovalLineIDs = pendingApprovalLineIDs
        self.audit = audit
        self.payment = payment
        self.exitPass = exitPass
    }
}

/// A payment as the API shows it (what the terminal returned; never card data).
public struct PaymentView: Codable, Sendable {
    public let paymentID: String
    public let outcome: String
    public let amount: Money
    public let scheme: String?
    public let last4: String?
    public let authCode: String?
    public let terminalTransactionID: String?
    /// The terminal's ticket text (cardholder receipt lines), when it gave one.
    public let ticket: String?

    public init(paymentID: String, outcome: String, amount: Money, scheme: String? = nil, last4: String? = nil, authCode: String? = nil, terminalTransactionID: String? = nil, ticket: String? = nil) {
        self.paymentID = paymentID
        self.outcome = outcome
        self.amount = amount
        self.scheme = scheme
        self.last4 = last4
        self.authCode = authCode
        self.terminalTransactionID = terminalTransactionID
        self.ticket = ticket
    }
}

