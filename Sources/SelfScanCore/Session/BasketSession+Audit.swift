extension BasketSession {
    /// Compares staff counts with the basket and lists the differences (pure: the basket is not changed
    /// here; `auditCompleted` applies them).
    func reconcile(
        staffID: StaffID, mode: AuditMode, linesToCheck: [LineID], counted: [ProductID: Int], context: SessionContext
    ) throws(BasketError) -> AuditReport {
        for (_, count) in counted where count < 0 || count > context.limits.maxUnitsPerLine {
            throw count < 0 ? .invalidQuantity(count) : .quantityOverLimit(count, limit: context.limits.maxUnitsPerLine)
        }
        let items = basket.activeItemLines
        let checked: [LineID]
        var scope: Set<ProductID>
        switch mode {
        case .full:
            checked = items.map(\.id).sorted()
            scope = Set(items.map(\.productID)).union(counted.keys)
        case .partial:
            checked = linesToCheck
            scope = Set(items.filter { linesToCheck.contains($0.id) }.map(\.productID))
        }
        var differences: [AuditDifference] = []
        var newLineIndex = 0
        for productID in scope.sorted() {
            let lines = items.filter { $0.productID == productID }
            let expected = lines.reduce(0) { $0 + $1.quantity }
            let found = counted[productID] ?? 0
            guard found != expected else { continue }
            if lines.isEmpty {
                guard let product = try Self.lookup({ () throws(CatalogLookupError) in
                    try context.catalog.product(id: productID)
                }) else { throw .corruptLog(sequence: Int64(events.count + 1), reason: "unknown product \(productID)") }
                guard case .unit(let price) = product.pricing else { throw .weightRequired(productID) }
                let line = BasketLine(
                    id: nextLineID(index: newLineIndex), productID: productID, name: product.name,
                    scannedCode: productID.rawValue, measure: .units(found), unitPrice: price, vatRate: product.vatRate,
                    catalogVersion: context.catalog.version, origin: .audit(staff: staffID),
                    minimumAge: product.minimumAge, alwaysAudit: product.alwaysAudit, promotionIDs: product.promotionIDs)
                newLineIndex += 1
                differences.append(.missing(line: line))
                if let depositID = product.depositProductID {
                    guard let deposit = try Self.lookup({ () throws(CatalogLookupError) in
                        try context.catalog.product(id: depositID)
                    }), case .unit(let depositPrice) = deposit.pricing else {
                        throw .depositProductMissing(productID, deposit: depositID)
                    }
                    differences.append(.missing(line: BasketLine(
                        id: nextLineID(index: newLineIndex), productID: depositID, name: deposit.name,
                        scannedCode: depositID.rawValue, measure: .units(found), unitPrice: depositPrice,
                        vatRate: deposit.vatRate, catalogVersion: context.catalog.version,
                        origin: .deposit(parent: line.id))))
                    newLineIndex += 1
                }
            } else if found > expected {
                guard let line = lines.first(where: \.isCounted) else { throw .weightRequired(productID) }
                differences.append(.quantityMismatch(lineID: line.id, productID: productID, scanned: line.quantity,
                                                     found: line.quantity + found - expected))
            } else {
                var surplus = expected - found
                for line in lines.reversed() where surplus > 0 {
                    if line.quantity <= surplus {
                        differences.append(.extra(lineID: line.id, productID: productID))
                        surplus -= line.quantity
                    } else {
                        differences.append(.quantityMismatch(lineID: line.id, productID: productID,
                                                             scanned: line.quantity, found: line.quantity - surplus))
                        surplus = 0
                    }
                }
            }
        }
        return AuditReport(staffID: staffID, mode: mode, checkedLineIDs: checked, differences: differences)
    }
}
