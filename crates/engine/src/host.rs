//! The name of the machine a process runs on, for the notes that say who
//! holds a lock or ran a shard.

/// This machine's host name: the kernel's (`/proc/sys/kernel/hostname`,
/// what `gethostname(2)` returns on Linux), else `$HOSTNAME`, else
/// `/etc/hostname`; empty when none is known. `$HOSTNAME` alone is not
/// enough: shells set it without exporting it, so a process started from
/// a script rarely sees it.
pub fn host_name() -> String {
    let read = |path: &str| {
        std::fs::read_to_string(path)
            .ok()
            .map(|s| s.trim().to_owned())
    };
    read("/proc/sys/kernel/hostname")
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok().filter(|h| !h.is_empty()))
        .or_else(|| read("/etc/hostname").filter(|h| !h.is_empty()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn the_kernels_host_name_is_found_without_the_environment() {
        let kernel = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
        assert_eq!(super::host_name(), kernel.trim());
        assert!(!super::host_name().is_empty());
    }
}
