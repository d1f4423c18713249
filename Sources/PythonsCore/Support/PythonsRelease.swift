/// Pythons' own version, defined here only: `pythons --version` prints it,
/// every install manifest records it, and scripts/build-wheel.sh names the
/// wheel after what the built binary's `--version` prints.
public enum PythonsRelease {
    public static let version = "0.1.0"
}
