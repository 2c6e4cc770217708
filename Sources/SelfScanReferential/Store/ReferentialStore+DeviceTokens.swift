public import SelfScanCore

extension ReferentialStore {
    /// Issues a device token for `device` of `store` and returns it; only its hash is stored (the token is
    /// shown once). With `creatingStore`, a missing store is created first, named after its id.
    public func issueDeviceToken(store: StoreID, device: DeviceID, creatingStore: Bool = false) async throws -> String {
        if creatingStore, try await self.store(store) == nil {
            try await createStore(StoreRecord(id: store, name: store.rawValue, priceConflictRule: .chargeScanPrice))
        }
        let token = DeviceToken.generate()
        try await insertDeviceToken(hash: DeviceToken.hash(token), identity: DeviceIdentity(storeID: store, deviceID: device))
        return token
    }
}
