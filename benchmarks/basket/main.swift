// Benchmarks the basket core with optimised code (see scripts/bench-basket): scanning into a session,
// computing totals with promotions, replaying the event log, and the audit decision.

@main
struct BasketBenchmark {
    static let clock = ContinuousClock()

    /// Microseconds per run of `body` over `runs` runs.
    static func micros(_ start: ContinuousClock.Instant, runs: Int) -> String {
        let elapsed = clock.now - start
        let total = Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12
        return format(total / Double(runs))
    }

    static func main() throws {
        let catalog = try CatalogIndex(DemoCatalog.frenchHypermarket(generatedCount: 2000))
        let context = SessionContext(catalog: catalog, clock: ManualClock(nanos: 1_763_900_000_000_000_000))
        let notable: [ProductID] = [
            DemoCatalog.yogurt, DemoCatalog.coffee, DemoCatalog.detergent, DemoCatalog.shampoo, DemoCatalog.crispsPlain,
            DemoCatalog.crispsPaprika, DemoCatalog.pasta, DemoCatalog.darkChocolate, DemoCatalog.baguette,
            DemoCatalog.milk, DemoCatalog.sparklingWater,
        ]
        var codes: [ScannedCode] = notable.compactMap { DemoCatalog.gtin(of: $0).map(ScannedCode.gtin) }
        codes += catalog.snapshot.products.suffix(40).compactMap { $0.gtins.first.map(ScannedCode.gtin) }
        var ids = SeededIdentifierSource(seed: 1)

        print("| operation | basket lines | runs | µs each |")
        print("|-----------|-------------:|-----:|--------:|")
        for lines in [30, 100, 300] {
            var session = try BasketSession.open(id: SessionID(uuid: ids.nextUUID()), storeID: "S", deviceID: "D",
                                                 loyaltyCard: DemoCatalog.marieCard, context: context).session
            let start = clock.now
            for index in 0..<lines { _ = try session.scan(codes[index % codes.count], context: context) }
            print("| scan (lookup + event + reducer) | \(lines) | \(lines) | \(micros(start, runs: lines)) |")

            let runs = lines >= 300 ? 50 : 200
            var total = Money.zero(.eur)
            let totalsStart = clock.now
            for _ in 0..<runs { total = try session.totals(context: context).total }
            print("| totals (promotions + VAT) | \(lines) | \(runs) | \(micros(totalsStart, runs: runs)) |")

            let replayStart = clock.now
            for _ in 0..<runs { _ = try BasketSession.replay(events: session.events) }
            print("| replay of the event log | \(lines) | \(runs) | \(micros(replayStart, runs: runs)) |")

            let policy = AuditPolicy(riskLevel: .medium)
            let customer = catalog.customer(id: DemoCatalog.marie)
            let auditStart = clock.now
            for seed in 0..<UInt64(runs) { _ = policy.decide(basket: session.basket, customer: customer, seed: seed) }
            print("| audit decision | \(lines) | \(runs) | \(micros(auditStart, runs: runs)) |")
            precondition(total.minor > 0, "the benchmark basket has a total")
        }
    }

    static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
