/// A simulated terminal whose next answers can be scripted (`PUT /v1/payment-terminal/script`, supervisor): the
/// in-process `SimulatedPaymentTerminal`, or the `CaisseAPSimulator` the demo runs on loopback TCP. Tests, the
/// demo and staff training script declines, abandons and lost answers with it.
public protocol ScriptableTerminal: Sendable {
    /// The behaviour names `setScript` takes.
    var behaviourNames: [String] { get }
    /// What is left of the script (then every request is approved).
    func scriptNames() async -> [String]
    /// Replaces the script. Returns the first name it does not know (nothing changed), nil when set.
    func setScript(names: [String]) async -> String?
}

extension SimulatedPaymentTerminal: ScriptableTerminal {
    public nonisolated var behaviourNames: [String] { SimulatedOutcome.allCases.map(\.rawValue) }

    public func scriptNames() async -> [String] { remainingScript.map(\.rawValue) }

    public func setScript(names: [String]) async -> String? {
        var outcomes: [SimulatedOutcome] = []
        for name in names {
            guard let outcome = SimulatedOutcome(rawValue: name) else { return name }
            outcomes.append(outcome)
        }
        setScript(outcomes)
        return nil
    }
}

extension CaisseAPSimulator: ScriptableTerminal {
    /// The in-process simulator's names, as this simulator's nearest behaviour: `cancel` is the cardholder's
    /// abandon; `timeout` (the in-process "answer lost, found by the last-transaction query") has no Caisse-AP
    /// equivalent — the protocol has no such query — so it is a charge whose answer never comes; `lostAnswer` an
    /// answer cut mid-way.
    public static let aliases: [String: CaisseAPSimulatorBehaviour] = [
        "cancel": .abandon, "timeout": .timeoutAfterApproval, "lostAnswer": .cutMidAnswer,
    ]

    public var behaviourNames: [String] {
        CaisseAPSimulatorBehaviour.allCases.map(\.rawValue) + Self.aliases.keys.sorted()
    }

    public func scriptNames() async -> [String] { script.map(\.rawValue) }

    public func setScript(names: [String]) async -> String? {
        var behaviours: [CaisseAPSimulatorBehaviour] = []
        for name in names {
            guard let behaviour = CaisseAPSimulatorBehaviour(rawValue: name) ?? Self.aliases[name] else { return name }
            behaviours.append(behaviour)
        }
        setScript(behaviours)
        return nil
    }
}
