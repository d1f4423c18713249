/// SHA-256 sums of CPython's official release tarballs
/// (`https://www.python.org/ftp/python/X.Y.Z/Python-X.Y.Zxx.tar.xz`), which
/// ship with Pythons so that a download or a `--source` tarball is verified
/// without asking the network. Add a release here, or pass `--sha256` for one
/// this table does not know. Where each sum comes from:
/// - 3.13.5: checked against the tarball itself (Debian 13's orig tarball of
///   python3.13, byte-identical to python.org's).
/// - 3.14.9, 3.14.10, 3.15.2: from Debian sid's source index, whose InRelease
///   verifies with the machine's Debian archive keyring (checked 2026-12-01).
///   Debian's orig tarballs of python3.X are python.org's tarballs: 3.13.5's
///   bytes are identical, and 3.13.15's sum in that index equals pyenv's.
///   The tarballs themselves could not be fetched (Debian's archive answers
///   404 for them here, and python.org is unreachable).
/// - The others: copied from pyenv's python-build definitions
///   (plugins/python-build/share/python-build/3.1x.y), which pin the same
///   files; not checked against a tarball here.
public enum ReleaseChecksums {
    public static let table: [String: String] = [
        "3.13.0": "086de5882e3cb310d4dca48457522e2e48018ecd43da9cdf827f6a0759efb07d",
        "3.13.1": "9cf9427bee9e2242e3877dd0f6b641c1853ca461f39d6503ce260a59c80bf0d9",
        "3.13.2": "d984bcc57cd67caab26f7def42e523b1c015bbc5dc07836cf4f0b63fa159eb56",
        "3.13.3": "40f868bcbdeb8149a3149580bb9bfd407b3321cd48f0be631af955ac92c0e041",
        "3.13.4": "27b15a797562a2971dce3ffe31bb216042ce0b995b39d768cf15f784cc757365",
        "3.13.5": "93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640",
        "3.13.6": "17ba5508819d8736a14fbfc47d36e184946a877851b2e9c4b6c43acb44a3b104",
        "3.13.7": "5462f9099dfd30e238def83c71d91897d8caa5ff6ebc7a50f14d4802cdaaa79a",
        "3.13.8": "b9910730526b298299b46b35595ced9055722df60c06ad6301f6a4e2c728a252",
        "3.13.9": "ed5ef34cda36cfa2f3a340f07cac7e7814f91c7f3c411f6d3562323a866c5c66",
        "3.13.10": "bc673c04375a1a3f0808c27ba8f0411ab811ad390a8740318ccb9c60fad8fd77",
        "3.13.11": "16ede7bb7cdbfa895d11b0642fa0e523f291e6487194d53cf6d3b338c3a17ea2",
        "3.13.12": "2a84cd31dd8d8ea8aaff75de66fc1b4b0127dd5799aa50a64ae9a313885b4593",
        "3.13.13": "2ab91ff401783ccca64f75d10c882e957bdfd60e2bf5a72f8421793729b78a71",
        "3.14.0": "2299dae542d395ce3883aca00d3c910307cd68e0b2f7336098c8e7b7eee9f3e9",
        "3.14.1": "8dfa08b1959d9d15838a1c2dab77dc8d8ff4a553a1ed046dfacbc8095c6d42fc",
        "3.14.2": "ce543ab854bc256b61b71e9b27f831ffd1bfd60a479d639f8be7f9757cf573e9",
        "3.14.3": "a97d5549e9ad81fe17159ed02c68774ad5d266c72f8d9a0b5a9c371fe85d902b",
        "3.14.4": "d923c51303e38e249136fc1bdf3568d56ecb03214efdef48516176d3d7faaef8",
        "3.14.5rc1": "67ee56f36fc22e5ada84d452430362e71081804c4f85c33dc5bf4206c27f973c",
        "3.14.5": "7e32597b99e5d9a39abed35de4693fa169df3e5850d4c334337ffd6a19a36db6",
        "3.14.6": "143b1dddefaec3bd2e21e3b839b34a2b7fb9842272883c576420d605e9f30c63",
        "3.14.7": "3b48dac8fb59f62eaa67ac83c1eb12bda1b7a08406dd286e252c11a66be27f81",
        "3.14.8": "c2215904f02b175596dc49351585104f4bc20341e1c47378b26a2c274360ce73",
        "3.14.9": "e02d9ac21cebda6e46435369744a92c65cc7cd8669697694122cf97ffacd1e53",
        "3.14.10": "de414a57119abef52784d8993e341d53aed635fc2b05c2607d9f98a2c5b72032",
        "3.15.0b1": "d4d52ccfa1d727ef5235fbb7d70fa1dbacf10b8b3760db622875da05acbe437c",
        "3.15.0": "ba4bed1ba346b916890b76d9e320451420aa69f6408997d33c66482eeae3d575",
        "3.15.2": "8b5536d280142ecf6cdfe15d12a21ba1c65e300bbf7b28a8d0cdb849575797de",
    ]

    /// The known sum of a release tarball, if any.
    public static func sha256(for version: PythonVersion) -> String? {
        table[version.description]
    }

    /// The release whose tarball has this sum: identifies a `--source`
    /// tarball before it is unpacked.
    public static func version(forSHA256 sum: String) -> PythonVersion? {
        let wanted = sum.lowercased()
        return table.first { $0.value == wanted }.flatMap { PythonVersion($0.key) }
    }

    /// Every release in the table, oldest first.
    public static var versions: [PythonVersion] {
        table.keys.compactMap(PythonVersion.init).sorted()
    }

    /// The newest final release of a feature version (3.13 → 3.13.13), for a
    /// request that names no patch.
    public static func newestRelease(major: Int, minor: Int) -> PythonVersion? {
        versions.last { $0.major == major && $0.minor == minor && $0.prerelease == nil }
    }

    /// Whether text is a SHA-256 sum as `sha256sum` prints it: 64 hex digits.
    public static func isWellFormed(_ text: String) -> Bool {
        text.count == 64 && text.allSatisfy(\.isHexDigit)
    }
}
