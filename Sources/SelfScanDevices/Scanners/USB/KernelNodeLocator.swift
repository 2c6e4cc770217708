import Foundation

/// Finds the kernel device node of a USB interface in sysfs, for scanners read through the kernel's own
/// driver: the CDC-ACM tty (`…/<port>:<config>.<interface>/tty/ttyACM0` → `/dev/ttyACM0`) or the evdev
/// node of a HID keyboard (`…/<port>:<config>.<interface>/<hid>/input/inputN/eventM` → `/dev/input/eventM`).
enum KernelNodeLocator {
    static func node(for scannerProtocol: ScannerProtocol, port: String, configuration: Int, interface: Int) -> String? {
        let directory = "/sys/bus/usb/devices/\(port):\(configuration).\(interface)"
        let files = FileManager.default
        switch scannerProtocol {
        case .cdcACM:
            guard let name = (try? files.contentsOfDirectory(atPath: directory + "/tty"))?.sorted().first else { return nil }
            return "/dev/" + name
        case .evdev:
            for hid in ((try? files.contentsOfDirectory(atPath: directory)) ?? []).sorted()
            where hid.filter({ $0 == ":" }).count == 2 {
                for input in ((try? files.contentsOfDirectory(atPath: "\(directory)/\(hid)/input")) ?? []).sorted() {
                    let children = (try? files.contentsOfDirectory(atPath: "\(directory)/\(hid)/input/\(input)")) ?? []
                    if let event = children.sorted().first(where: { $0.hasPrefix("event") }) { return "/dev/input/" + event }
                }
            }
            return nil
        case .hidKeyboard, .hidPOS:
            return nil
        }
    }
}
