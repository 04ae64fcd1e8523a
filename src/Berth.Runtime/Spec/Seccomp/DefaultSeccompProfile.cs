using Berth.Oci.Runtime;

namespace Berth.Runtime.Spec.Seccomp;

/// <summary>
/// Berth's default profile: everything not listed fails with EPERM. The list follows what Docker's default
/// profile permits, so that software that runs under Docker runs here: ordinary file, process, memory,
/// signal, time, socket and IPC calls are open; calls that reach beyond the container (module loading,
/// reboot, clock setting, mounting, new namespaces…) open only with the capability the kernel would demand
/// anyway, and kexec, swapon, keyrings, io_uring and the like stay closed even then.
/// </summary>
internal static class DefaultSeccompProfile
{
    private const uint Eperm = 1;
    private const uint Enosys = 38;
    private const ulong AfVsock = 40;

    /// <summary>CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET: clone flags that make namespaces.</summary>
    private const ulong NamespaceFlags = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

    private static readonly string[] Files =
    [
        "access", "chdir", "chmod", "chown", "chown32", "close", "close_range", "copy_file_range", "creat", "dup",
        "dup2", "dup3", "faccessat", "faccessat2", "fadvise64", "fadvise64_64", "fallocate", "fanotify_mark",
        "fchdir", "fchmod", "fchmodat", "fchmodat2", "fchown", "fchown32", "fchownat", "fcntl", "fcntl64",
        "fdatasync", "fgetxattr", "flistxattr", "flock", "fremovexattr", "fsetxattr", "fstat", "fstat64",
        "fstatat64", "fstatfs", "fstatfs64", "fsync", "ftruncate", "ftruncate64", "futimesat", "getcwd",
        "getdents", "getdents64", "getxattr", "inotify_add_watch", "inotify_init", "inotify_init1",
        "inotify_rm_watch", "lchown", "lchown32", "lgetxattr", "link", "linkat", "listxattr", "llistxattr",
        "_llseek", "lremovexattr", "lseek", "lsetxattr", "lstat", "lstat64", "mkdir", "mkdirat", "mknod",
        "mknodat", "name_to_handle_at", "newfstatat", "open", "openat", "openat2", "pread64", "preadv", "preadv2",
        "pwrite64", "pwritev", "pwritev2", "read", "readahead", "readlink", "readlinkat", "readv", "removexattr",
        "rename", "renameat", "renameat2", "rmdir", "sendfile", "sendfile64", "setxattr", "splice", "stat",
        "stat64", "statfs", "statfs64", "statx", "symlink", "symlinkat", "sync", "sync_file_range", "syncfs",
        "tee", "truncate", "truncate64", "umask", "unlink", "unlinkat", "utime", "utimensat", "utimensat_time64",
        "utimes", "vmsplice", "write", "writev",
    ];

    private static readonly string[] Polling =
    [
        "epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_pwait", "epoll_pwait2", "epoll_wait",
        "epoll_wait_old", "eventfd", "eventfd2", "io_cancel", "io_destroy", "io_getevents", "io_pgetevents",
        "io_pgetevents_time64", "io_setup", "io_submit", "ioctl", "pipe", "pipe2", "poll", "ppoll", "ppoll_time64",
        "pselect6", "pselect6_time64", "select", "_newselect", "signalfd", "signalfd4", "timerfd_create",
        "timerfd_gettime", "timerfd_gettime64", "timerfd_settime", "timerfd_settime64",
    ];

    private static readonly string[] Processes =
    [
        "capget", "capset", "execve", "execveat", "exit", "exit_group", "fork", "futex", "futex_time64",
        "futex_waitv", "get_robust_list", "get_thread_area", "getcpu", "getpgid", "getpgrp", "getpid", "getppid",
        "getpriority", "getrlimit", "getrusage", "getsid", "gettid", "ioprio_get", "ioprio_set", "kill",
        "landlock_add_rule", "landlock_create_ruleset", "landlock_restrict_self", "membarrier", "pidfd_open",
        "pidfd_send_signal", "prctl", "prlimit64", "process_mrelease", "restart_syscall", "rseq",
        "sched_get_priority_max", "sched_get_priority_min", "sched_getaffinity", "sched_getattr", "sched_getparam",
        "sched_getscheduler", "sched_rr_get_interval", "sched_rr_get_interval_time64", "sched_setaffinity",
        "sched_setattr", "sched_setparam", "sched_setscheduler", "sched_yield", "seccomp", "set_robust_list",
        "set_thread_area", "set_tid_address", "setpgid", "setpriority", "setrlimit", "setsid", "tgkill", "times",
        "tkill", "ugetrlimit", "vfork", "wait4", "waitid", "waitpid",
    ];

    private static readonly string[] Memory =
    [
        "brk", "madvise", "memfd_create", "memfd_secret", "mincore", "mlock", "mlock2", "mlockall", "mmap", "mmap2",
        "mprotect", "mremap", "msync", "munlock", "munlockall", "munmap", "pkey_alloc", "pkey_free",
        "pkey_mprotect", "remap_file_pages",
    ];

    private static readonly string[] Signals =
    [
        "alarm", "pause", "rt_sigaction", "rt_sigpending", "rt_sigprocmask", "rt_sigqueueinfo", "rt_sigreturn",
        "rt_sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64", "rt_tgsigqueueinfo", "sigaltstack",
        "sigprocmask", "sigreturn",
    ];

    private static readonly string[] Identity =
    [
        "getegid", "getegid32", "geteuid", "geteuid32", "getgid", "getgid32", "getgroups", "getgroups32",
        "getresgid", "getresgid32", "getresuid", "getresuid32", "getuid", "getuid32", "setfsgid", "setfsgid32",
        "setfsuid", "setfsuid32", "setgid", "setgid32", "setgroups", "setgroups32", "setregid", "setregid32",
        "setresgid", "setresgid32", "setresuid", "setresuid32", "setreuid", "setreuid32", "setuid", "setuid32",
    ];

    // adjtimex and clock_adjtime only read the clock unless the caller has CAP_SYS_TIME.
    private static readonly string[] Time =
    [
        "adjtimex", "clock_adjtime", "clock_adjtime64", "clock_getres", "clock_getres_time64", "clock_gettime",
        "clock_gettime64", "clock_nanosleep", "clock_nanosleep_time64", "getitimer", "gettimeofday", "nanosleep",
        "setitimer", "time", "timer_create", "timer_delete", "timer_getoverrun", "timer_gettime",
        "timer_gettime64", "timer_settime", "timer_settime64",
    ];

    private static readonly string[] Sockets =
    [
        "accept", "accept4", "bind", "connect", "getpeername", "getsockname", "getsockopt", "listen", "recv",
        "recvfrom", "recvmmsg", "recvmmsg_time64", "recvmsg", "send", "sendmmsg", "sendmsg", "sendto",
        "setsockopt", "shutdown", "socketcall", "socketpair",
    ];

    private static readonly string[] Ipc =
    [
        "ipc", "mq_getsetattr", "mq_notify", "mq_open", "mq_timedreceive", "mq_timedreceive_time64",
        "mq_timedsend", "mq_timedsend_time64", "mq_unlink", "msgctl", "msgget", "msgrcv", "msgsnd", "semctl",
        "semget", "semop", "semtimedop", "semtimedop_time64", "shmat", "shmctl", "shmdt", "shmget",
    ];

    private static readonly string[] System = ["getrandom", "sysinfo", "uname"];

    /// <summary>Calls the kernel gates on CAP_SYS_ADMIN: mounts, namespaces, host names, BPF, tracing.</summary>
    private static readonly string[] SysAdmin =
    [
        "bpf", "clone", "clone3", "fanotify_init", "fsconfig", "fsmount", "fsopen", "fspick", "lookup_dcookie",
        "mount", "mount_setattr", "move_mount", "open_tree", "perf_event_open", "quotactl", "quotactl_fd",
        "setdomainname", "sethostname", "setns", "syslog", "umount", "umount2", "unshare",
    ];

    /// <summary>personality(2) values that programs set: the default, 32-bit uname, no randomisation, and the query.</summary>
    private static readonly ulong[] Personalities = [0x0, 0x0008, 0x20000, 0x20008, 0xffffffff];

    public static SeccompProfile Profile { get; } = new()
    {
        DefaultAction = "SCMP_ACT_ERRNO",
        DefaultErrnoRet = Eperm,
        ArchMap =
        [
            new() { Architecture = "SCMP_ARCH_X86_64", SubArchitectures = ["SCMP_ARCH_X86", "SCMP_ARCH_X32"] },
            new() { Architecture = "SCMP_ARCH_AARCH64", SubArchitectures = ["SCMP_ARCH_ARM"] },
        ],
        Syscalls =
        [
            Allow([.. Files, .. Polling, .. Processes, .. Memory, .. Signals, .. Identity, .. Time, .. Sockets, .. Ipc, .. System]),
            // Since 4.8 the kernel re-checks seccomp after a tracer changes a syscall, so tracing no longer escapes the filter.
            Allow(["ptrace", "process_vm_readv", "process_vm_writev"]) with { Includes = new() { MinKernel = "4.8" } },
            // vsock reaches the hypervisor host, not the container's network.
            Allow(["socket"]) with { Args = [Arg(0, AfVsock, "SCMP_CMP_NE")] },
            .. Personalities.Select(p => Allow(["personality"]) with { Args = [Arg(0, p, "SCMP_CMP_EQ")] }),
            // Arches name the host in Go's terms; the rule then covers that host's compat ABIs as well.
            Allow(["arch_prctl"]) with { Includes = new() { Arches = ["amd64"] } },
            Allow(["modify_ldt"]) with { Includes = new() { Arches = ["amd64", "386"] } },
            Allow(["arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint", "cacheflush", "set_tls"])
                with { Includes = new() { Arches = ["arm", "arm64"] } },
            WithCap("CAP_SYS_ADMIN", SysAdmin),
            // Without CAP_SYS_ADMIN, clone may make threads and processes but no namespaces…
            Allow(["clone"]) with
            {
                Args = [new LinuxSeccompArg { Index = 0, Value = NamespaceFlags, ValueTwo = 0, Op = "SCMP_CMP_MASKED_EQ" }],
                Excludes = new() { Caps = ["CAP_SYS_ADMIN"] },
            },
            // …and clone3, whose flags sit in memory a filter cannot read, reports "not implemented" so that
            // libc falls back to clone.
            new SeccompRule { Names = ["clone3"], Action = "SCMP_ACT_ERRNO", ErrnoRet = Enosys, Excludes = new() { Caps = ["CAP_SYS_ADMIN"] } },
            WithCap("CAP_DAC_READ_SEARCH", "open_by_handle_at"),
            WithCap("CAP_SYS_BOOT", "reboot"),
            WithCap("CAP_SYS_CHROOT", "chroot"),
            WithCap("CAP_SYS_MODULE", "delete_module", "init_module", "finit_module"),
            WithCap("CAP_SYS_PACCT", "acct"),
            WithCap("CAP_SYS_PTRACE", "kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv", "process_vm_writev", "ptrace"),
            WithCap("CAP_SYS_RAWIO", "iopl", "ioperm"),
            WithCap("CAP_SYS_TIME", "settimeofday", "stime", "clock_settime", "clock_settime64"),
            WithCap("CAP_SYS_TTY_CONFIG", "vhangup"),
            WithCap("CAP_SYS_NICE", "get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node"),
            WithCap("CAP_SYSLOG", "syslog"),
            WithCap("CAP_BPF", "bpf"),
            WithCap("CAP_PERFMON", "perf_event_open"),
        ],
    };

    private static SeccompRule Allow(string[] names) => new() { Names = names, Action = "SCMP_ACT_ALLOW" };

    private static SeccompRule WithCap(string capability, params string[] names) =>
        Allow(names) with { Includes = new() { Caps = [capability] } };

    private static LinuxSeccompArg Arg(uint index, ulong value, string op) => new() { Index = index, Value = value, Op = op };
}
