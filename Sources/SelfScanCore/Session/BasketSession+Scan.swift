extension BasketSession {
    /// Adds what a scan means to the basket: an item line (and its deposit line), a coupon, or the loyalty
    /// customer. An unknown code records a line-less `unknownCodeScanned` event and asks for staff; a
    /// sale-stopped product records `saleRefused` with its reason. Bad input throws, nothing recorded.
    public mutating func scan(
        _ code: ScannedCode, symbology: AIMIdentifier? = nil, context: SessionContext
    ) throws(BasketError) -> SessionOutcome {
        guard state.acceptsBasketChanges else { throw illegal("scan") }
        let catalog = context.catalog
        switch code {
        case .gtin(let gtin):
            let text = gtin.printedForm
            guard let product = try Self.lookup({ () throws(CatalogLookupError) in try catalog.product(gtin: gtin) })
            else { return try unknownCode(text, symbology: symbology, context: context) }
            if case .perKilogram = product.pricing { throw .weightRequired(product.id) }
            return try addItem(product, measure: .units(1), code: text, context: context)

        case .variableMeasure(let label):
            guard let product = try Self.lookup({ () throws(CatalogLookupError) in
                try catalog.product(itemReference: label.itemReference)
            }) else { return try unknownCode(label.code, symbology: symbology, context: context) }
            let measure: LineMeasure
            switch (label.measure, product.pricing) {
            case (.weightGrams(let grams), .perKilogram): measure = .weight(grams: grams)
            case (.price(let price), _): measure = .labelPrice(price, grams: nil)
            case (.count(let count), .unit): measure = .units(count)
            default: throw .measureMismatch(product.id)
            }
            return try addItem(product, measure: measure, code: label.code, context: context)

        case .gs1(let data), .digitalLink(let data, _):
            let text = data.elements.map { "(\($0.ai))\($0.value)" }.joined()
            guard let gtin = data.gtin else { throw .malformedGS1(text) }
            guard let product = try Self.lookup({ () throws(CatalogLookupError) in try catalog.product(gtin: gtin) })
            else { return try unknownCode(text, symbology: symbology, context: context) }
            let grams: Int?
            let labelPrice: Money?
            do {
                grams = try data.netWeightGrams()
                labelPrice = try data.price(defaultCurrency: basket.currency)
            } catch {
                throw .malformedGS1(text)
            }
            if let labelPrice, labelPrice.currency != basket.currency {
                throw .money(.currencyMismatch(basket.currency, labelPrice.currency))
            }
            let measure: LineMeasure
            if let price = labelPrice {
                measure = .labelPrice(price, grams: grams)
            } else if case .perKilogram = product.pricing {
                guard let grams else { throw .weightRequired(product.id) }
                measure = .weight(grams: grams)
            } else {
                measure = .units(1)
            }
            return try addItem(product, measure: measure, code: text, context: context)

        case .loyaltyCard(let card):
            return try identifyCustomer(cardCode: card, context: context)

        case .coupon(let coupon):
            return try addCoupon(coupon, context: context)

        case .staffBadge: throw .notAnItem(kind: "staff badge")
        case .basketHandoff: throw .notAnItem(kind: "basket hand-off")
        case .exitPass: throw .notAnItem(kind: "exit pass")

        case .unrecognised(let raw):
            return try unknownCode(String(decoding: raw, as: UTF8.self), symbology: symbology, context: context)
        }
    }

    /// Identifies the loyalty customer by card (once per session).
    public mutating func identifyCustomer(cardCode: String, context: SessionContext) throws(BasketError) -> SessionOutcome {
        guard state.acceptsBasketChanges else { throw illegal("identifyCustomer") }
        guard let customer = try Self.lookup({ () throws(CatalogLookupError) in
            try context.catalog.customer(cardCode: cardCode)
        }) else { throw .unknownLoyaltyCard(cardCode) }
        if let current = basket.customerID {
            guard current == customer.id else { throw .customerAlreadyIdentified(current) }
            return SessionOutcome(events: [], action: .updateDisplay)
        }
        return try record([.customerIdentified(customerID: customer.id)],
                          action: .updateDisplay, context: context)
    }

    /// Adds a scanned coupon: a catalog coupon by code, or a face-value coupon (discount sticker).
    /// `serialVerified` says whether the referential granted a single-use coupon's serial (false: accepted
    /// offline and flagged for the audit).
    public mutating func addCoupon(
        _ coupon: CouponCode, serialVerified: Bool? = nil, context: SessionContext
    ) throws(BasketError) -> SessionOutcome {
        guard state.acceptsBasketChanges else { throw illegal("addCoupon") }
        guard !basket.coupons.contains(where: { $0.code == coupon.code }) else { throw .duplicateCoupon(coupon.code) }
        let applied: AppliedCoupon
        if let promotion = try Self.lookup({ () throws(CatalogLookupError) in
            try context.catalog.couponPromotion(code: coupon.code)
        }) {
            applied = AppliedCoupon(
                code: coupon.code, promotionID: promotion.id, faceValue: nil, serial: coupon.serial,
                serialVerified: serialVerified ?? false)
        } else if let value = coupon.value {
            guard value.currency == basket.currency else { throw .money(.currencyMismatch(basket.currency, value.currency)) }
            try context.limits.check(labelPrice: value)
            applied = AppliedCoupon(
                code: coupon.code, promotionID: nil, faceValue: value, serial: coupon.serial,
                serialVerified: serialVerified ?? false)
        } else {
            throw .unknownCoupon(coupon.code)
        }
        return try record([.couponAdded(coupon: applied)], action: .updateDisplay, context: context)
    }

    /// Sets a counted line's quantity (its deposit follows).
    public mutating func changeQuantity(
        of lineID: LineID, to quantity: Int, context: SessionContext
    ) throws(BasketError) -> SessionOutcome {
        guard state.acceptsBasketChanges else { throw illegal("changeQuantity") }
        try context.limits.check(quantity: quantity)
        return try record([.quantityChanged(lineID: lineID, quantity: quantity)], action: .updateDisplay, context: context)
    }

    /// Voids a line (and its deposit): the line stays in the log, marked.
    public mutating func voidLine(
        _ lineID: LineID, staffID: StaffID? = nil, context: SessionContext
    ) throws(BasketError) -> SessionOutcome {
        guard state.acceptsBasketChanges else { throw illegal("voidLine") }
        let reason: LineVoidReason = staffID == nil ? .customerRemoved : .staffRemoved
        return try record([.lineVoided(lineID: lineID, reason: reason, staffID: staffID)],
                          action: .updateDisplay, context: context)
    }

    private mutating func unknownCode(
        _ code: String, symbology: AIMIdentifier?, context: SessionContext
    ) throws(BasketError) -> SessionOutcome {
        try record([.unknownCodeScanned(code: code, symbology: symbology)],
                   action: .callStaff(.unknownCode(code)), context: context)
    }

    private mutating func addItem(
        _ product: Product, measure: LineMeasure, code: String, context: SessionContext
    ) throws(BasketError) -> SessionOutcome {
        if let stop = product.saleStop {
            return try record([.saleRefused(productID: product.id, code: code, reason: stop.reason)],
                              action: .callStaff(.saleStopped(product.id, stop.reason)), context: context)
        }
        try context.limits.check(measure: measure)
        if case .labelPrice(let price, _) = measure, price.currency != basket.currency {
            throw .money(.currencyMismatch(basket.currency, price.currency))
        }
        let line = BasketLine(
            id: nextLineID(), productID: product.id, name: product.name, scannedCode: code, measure: measure,
            unitPrice: product.pricing.price, vatRate: product.vatRate, catalogVersion: context.catalog.version,
            minimumAge: product.minimumAge, alwaysAudit: product.alwaysAudit, promotionIDs: product.promotionIDs)
        let amount = try Self.money { () throws(MoneyError) in try line.amount() }  // overflow is refused at the scan
        // A line never costs nothing: a 1 g label of a product at 2.99 €/kg rounds to 0.00 and is refused.
        guard amount.minor > 0 else { throw .lineAmountZero(product.id) }
        var payloads: [BasketEventPayload] = [.lineAdded(line: line)]
        if let depositID = product.depositProductID {
            guard let deposit = try Self.lookup({ () throws(CatalogLookupError) in
                try context.catalog.product(id: depositID)
            }), case .unit(let depositPrice) = deposit.pricing else {
                throw .depositProductMissing(product.id, deposit: depositID)
            }
            payloads.append(.lineAdded(line: BasketLine(
                id: nextLineID(offset: 1), productID: deposit.id, name: deposit.name, scannedCode: deposit.id.rawValue,
                measure: .units(line.quantity), unitPrice: depositPrice, vatRate: deposit.vatRate,
                catalogVersion: context.catalog.version, origin: .deposit(parent: line.id))))
        }
        guard basket.lines.count + payloads.count <= context.limits.maxLines else {
            throw .tooManyLines(limit: context.limits.maxLines)
        }
        var action = SessionAction.updateDisplay
        if let age = product.minimumAge, age > approvedMinimumAge {
            payloads.append(.approvalRequested(lineID: line.id, minimumAge: age))
            action = .requestAgeApproval(minimumAge: age)
        }
        return try record(payloads, action: action, context: context)
    }
}
