import Foundation
public import Hummingbird
import SelfScanHTTP
public import SelfScanAPI

/// `GET /v1/devices` (staff): this daemon, its scanners and the pages that announce themselves;
/// `POST /v1/devices/heartbeat` (no token): a kiosk or handheld page says it is alive.
public struct DeviceRoutes: Sendable {
    let daemon: Daemon


    func register(on group: Router<DaemonRequestContext>) {
        group.on(DaemonEndpoints.devices) { request, _ in
            _ = try await daemon.staff.authorise(token: request.bearerToken, requiring: .attendant, now: daemon.now())
            let sessionID = await daemon.sessions?.boundSession?.uuidString
            let others = await daemon.devices.list(sessionID: sessionID)
            let lastScan = [await daemon.sessions?.lastScanAt, await daemon.devices.lastScanAt].compactMap { $0 }.max()
            let this = DeviceStatus(
                id: daemon.config.device, kind: .daemon, role: daemon.config.role.rawValue,
                name: "selfscan \(daemon.config.role.rawValue) \(daemon.config.device) (store \(daemon.config.store))",
                online: true, lastSeenAt: DeviceRegistry.date(daemon.now()), lastScanAt: lastScan.map(DeviceRegistry.date),
                fault: nil, sessionID: sessionID)
            return DeviceList(devices: [this] + others)
        }
        group.on(DaemonEndpoints.deviceHeartbeat) { request, context in
            let body = try await decodeOptional(PageHeartbeat.Body.self, request, context)
                ?? PageHeartbeat.Body(deviceID: nil, role: nil, sessionID: nil)
            await daemon.devices.heartbeat(try PageHeartbeat(body))
            return Response(status: .noContent)
        }
    }
}
