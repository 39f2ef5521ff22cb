import Foundation

/// The machine the run is on, read once: Foundation reads the control group's CPU quota from
/// /sys at every call, and argument parsing alone asked for the cores five times.
public enum Machine {
    public static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
}
