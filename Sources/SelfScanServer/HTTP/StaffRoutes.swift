import Foundation
public import Hummingbird

/// `POST /v1/staff/login`, `POST /v1/staff/logout`, and the simulated terminal's script.
public struct StaffRoutes: Sendable {
    let daemon: Daemon

    struct LoginRequest: Decodable {
        let badge: String
        let pin: String
        /// Absent: the highest role the badge holds.
        let role: StaffRole?
    }

    public struct LoginResponse: ResponseEncodable, Decodable, Sendable {
        public let token: String
        public let staffID: String
        public let name: String
        public let role: StaffRole
        public let expiresAt: Int64
    }

    struct TerminalScript: Codable, ResponseEncodable {
        let script: [SimulatedOutcome]
    }

    func register(on group: RouterGroup<DaemonRequestContext>) {
        group.post("staff/login") { request, context in
            let body = try await request.decode(as: LoginRequest.self, context: context)
            let login = try await daemon.staff.login(
                badge: body.badge, pin: body.pin, role: body.role, now: daemon.now())
            daemon.logger.info("staff login", metadata: ["staff": "\(login.staffID)", "role": "\(login.role.rawValue)"])
            return EditedResponse(
                status: .created,
                response: LoginResponse(
                    token: login.token, staffID: login.staffID, name: login.name, role: login.role,
                    expiresAt: login.expiresAt))
        }
        group.post("staff/logout") { request, _ in
            let login = try await daemon.staff.authorise(
                token: request.bearerToken, requiring: .attendant, now: daemon.now())
            await daemon.staff.logout(token: login.token)
            return Response(status: .noContent)
        }
        group.get("payment-terminal/script") { request, _ in
            _ = try await daemon.staff.authorise(token: request.bearerToken, requiring: .supervisor, now: daemon.now())
            guard let terminal = daemon.simulatedTerminal else { throw PaymentError.noTerminal }
            return TerminalScript(script: await terminal.remainingScript)
        }
        group.put("payment-terminal/script") { request, context in
            _ = try await daemon.staff.authorise(token: request.bearerToken, requiring: .supervisor, now: daemon.now())
            guard let terminal = daemon.simulatedTerminal else { throw PaymentError.noTerminal }
            let body = try await request.decode(as: TerminalScript.self, context: context)
            await terminal.setScript(body.script)
            return body
        }
    }
}
