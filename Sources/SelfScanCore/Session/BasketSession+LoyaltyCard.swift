extension BasketSession {
    /// The pseudonymous id of the loyalty customer who identified this shopper: the card scanned during the
    /// trip, else the one the session was opened with; nil for an anonymous session. Never the card number:
    /// a device keeps no card number (docs/privacy.md).
    public var identifiedCustomerID: CustomerID? {
        var customer: CustomerID?
        for event in events {
            switch event.payload {
            case .sessionOpened(let opening): customer = opening.customerID
            case .customerIdentified(let customerID): customer = customerID
            default: continue
            }
        }
        return customer
    }
}
