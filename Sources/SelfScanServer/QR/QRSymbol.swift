import CQREncode
import Foundation
import SelfScanAPI

/// The single owner of one libqrencode `QRcode *`: encodes in `init`, frees in `deinit`.
/// Used only inside `QREncoder.encode`, which copies the modules out before it goes away.
final class QRSymbol {
    private let handle: UnsafeMutablePointer<QRcode>

    /// Encodes `bytes` in 8-bit mode at the smallest version that fits (`QRcode_encodeData`).
    init(bytes: [UInt8], level: QRErrorCorrection) throws(QREncodingError) {
        let encoded: UnsafeMutablePointer<QRcode>? = bytes.withUnsafeBufferPointer { buffer in
            errno = 0
            return QRcode_encodeData(Int32(buffer.count), buffer.baseAddress, 0, level.cLevel)
        }
        guard let encoded else {
            let code: QREncodingError.Code =
                switch errno {
                case EINVAL: .invalidInput
                case ERANGE: .payloadTooLarge
                case ENOMEM: .outOfMemory
                default: .unknown
                }
            throw QREncodingError(code: code, errno: errno, payloadLength: bytes.count)
        }
        handle = encoded
    }

    deinit { QRcode_free(handle) }

    /// The modules: libqrencode sets bit 0 of each byte for a dark module.
    var matrix: QRMatrix {
        let width = Int(handle.pointee.width)
        let data = UnsafeBufferPointer(start: handle.pointee.data, count: width * width)
        return QRMatrix(size: width, version: Int(handle.pointee.version), modules: data.map { $0 & 1 == 1 })
    }
}

extension QRErrorCorrection {
    /// The matching `QRecLevel`.
    fileprivate var cLevel: QRecLevel {
        switch self {
        case .low: QR_ECLEVEL_L
        case .medium: QR_ECLEVEL_M
        case .quartile: QR_ECLEVEL_Q
        case .high: QR_ECLEVEL_H
        }
    }
}
