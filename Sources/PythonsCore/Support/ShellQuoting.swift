/// Quotes command lines for people to read and paste into a POSIX shell:
/// stored command lines, printed compiler invocations.
public enum ShellQuoting {
    /// The argument as is when it holds only characters a shell leaves alone,
    /// else in single quotes.
    public static func quote(_ argument: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,+@%")
        if !argument.isEmpty, argument.allSatisfy({ safe.contains($0) }) { return argument }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    public static func join(_ arguments: [String]) -> String {
        arguments.map(quote).joined(separator: " ")
    }
}
