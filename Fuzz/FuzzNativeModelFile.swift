import CZlib

/// libFuzzer entry for the native model container. The input is taken as the file body after the magic number;
/// the harness appends a valid end marker and CRC-32 so the fuzzer explores the structure parser behind the
/// checksum (a random checksum would reject almost everything). Any input must parse or throw, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNativeModelFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = NativeModelFile.magic + Array(UnsafeBufferPointer(start: data, count: size))
    if size % 2 == 0 {  // half of the inputs get a valid trailer
        bytes += Array("SVEND".utf8) + [0, 0, 0]
        let crc = bytes.withUnsafeBytes { UInt32(crc32(0, $0.bindMemory(to: Bytef.self).baseAddress, uInt($0.count))) }
        withUnsafeBytes(of: crc.littleEndian) { bytes.append(contentsOf: $0) }
    }
    if let file = try? NativeModelFile.parse(bytes) {
        for (name, _) in file.sections {
            if var r = try? file.reader(name) {
                _ = try? r.read(UInt32.self)
                _ = try? r.readString()
                _ = try? r.readFloats(size % 64)
                _ = try? r.readDouble()
            }
        }
    }
    return 0
}
