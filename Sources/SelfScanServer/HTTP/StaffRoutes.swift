import Foundation
public import Hummingbird
import SelfScanHTTP
public import SelfScanAPI

/// `POST /v1/staff/login`, `POST /v1/staff/logout`, and the simulated terminal's script.
public struct StaffRoutes: Sendable {
    let daemon: Daemon
    public typealias LoginResponse = StaffLoginAnswer

    struct LoginRequest: Decodable {
        let badge: String
        let pin: String
        /// Absent: the highest role the badge holds.
        let role: StaffRole?
    }


    /// Behaviour names of the scripted terminal (`SimulatedOutcome`s, or the Caisse-AP simulator's behaviours).
    struct TerminalScript: Codable, ResponseEncodable {
        let script: [String]
    }

    func register(on group: Router<DaemonRequestContext>) {
        group.on(DaemonEndpoints.staffLogin) { request, context in
            let body = try await request.decode(as: LoginRequest.self, context: context)
            let login = try await daemon.staff.login(
                badge: body.badge, pin: body.pin, role: body.role, client: context.clientKey, now: daemon.now())
            daemon.logger.info("staff login", metadata: ["staff": "\(login.staffID)", "role": "\(login.role.rawValue)"])
            return EditedResponse(
                status: .created,
                response: LoginResponse(
                    token: login.token, staffID: login.staffID, name: login.name, role: login.role,
                    expiresAt: Date(unixSeconds: login.expiresAt)))
        }
        group.on(DaemonEndpoints.staffLogout) { request, _ in
            let login = try await daemon.staff.authorise(
                token: request.bearerToken, requiring: .attendant, now: daemon.now())
            await daemon.staff.logout(token: login.token)
            return Response(status: .noContent)
        }
        group.on(DaemonEndpoints.terminalScript) { request, _ in
            _ = try await daemon.staff.authorise(token: request.bearerToken, requiring: .supervisor, now: daemon.now())
            guard let terminal = daemon.terminalScripter else { throw PaymentError.noTerminal }
            return TerminalScript(script: await terminal.scriptNames())
        }
        group.on(DaemonEndpoints.setTerminalScript) { request, context in
            _ = try await daemon.staff.authorise(token: request.bearerToken, requiring: .supervisor, now: daemon.now())
            guard let terminal = daemon.terminalScripter else { throw PaymentError.noTerminal }
            let body = try await request.decode(as: TerminalScript.self, context: context)
            if let unknown = await terminal.setScript(names: body.script) {
                throw APIError(
                    .badRequest, code: "badRequest",
                    "unknown terminal behaviour '\(unknown)' (known: \(terminal.behaviourNames.joined(separator: ", ")))")
            }
            return body
        }
    }
}
