public enum HospAuditVersion {
    public static let current = "0.1.0"
}
