/// Opens one file of a bundle for reading, turning what stops it into a file-level error.
public enum FileOpener {
    /// `hashed: false` leaves the file's SHA-256 out, for a reading that reports none (`inspect`).
    public static func open(path: String, bundle: String, file: String, encoding: TextEncoding?, hashed: Bool = true) -> Result<DecodedInput, InputError> {
        do {
            return .success(try DecodedInput.open(path: path, encoding: encoding, followLinks: false, hashed: hashed))
        } catch DecodedInput.OpenError.unreadable(let reason) {
            return .failure(InputError(bundle: bundle, file: file, code: .fileUnreadable,
                                       message: LocalizedText(zh: "无法读取文件：\(reason.zh)", en: "cannot read the file: \(reason.en)")))
        } catch DecodedInput.OpenError.undetectableEncoding {
            return .failure(InputError(
                bundle: bundle, file: file, code: .encodingUndetected,
                message: LocalizedText(zh: "无法识别文件编码（不是 UTF-8、UTF-16 或 GB18030/GBK）；可用 --encoding 指定",
                                       en: "the encoding is not UTF-8, UTF-16 or GB18030/GBK; name it with --encoding")))
        } catch {
            return .failure(InputError(bundle: bundle, file: file, code: .fileUnreadable,
                                       message: LocalizedText(zh: "无法读取文件：\(FileReadError.words(of: error).zh)",
                                                              en: "cannot read the file: \(FileReadError.words(of: error).en)")))
        }
    }
}
