namespace Berth.Storage.Mounting;

/// <summary>
/// The MS_* flags of mount(2), and the fstab option words that set or clear them (as mount(8) reads them).
/// </summary>
internal static class MountFlags
{
    public const ulong ReadOnly = 0x1;
    public const ulong NoSuid = 0x2;
    public const ulong NoDev = 0x4;
    public const ulong NoExec = 0x8;
    public const ulong Synchronous = 0x10;
    public const ulong Remount = 0x20;
    public const ulong Mandlock = 0x40;
    public const ulong DirSync = 0x80;
    public const ulong NoSymFollow = 0x100;
    public const ulong NoAtime = 0x400;
    public const ulong NoDirAtime = 0x800;
    public const ulong Bind = 0x1000;
    public const ulong Recursive = 0x4000;
    public const ulong Unbindable = 0x20000;
    public const ulong Private = 0x40000;
    public const ulong Slave = 0x80000;
    public const ulong Shared = 0x100000;
    public const ulong RelAtime = 0x200000;
    public const ulong StrictAtime = 0x1000000;
    public const ulong LazyTime = 0x2000000;

    /// <summary>Flags that a bind mount ignores on its first call and only take effect on a remount.</summary>
    public const ulong BindRemountable = ReadOnly | NoSuid | NoDev | NoExec | NoSymFollow | NoAtime | NoDirAtime | RelAtime | StrictAtime;

    /// <summary>What an option word does: sets <c>Flag</c>, or clears it when <c>Clear</c>.</summary>
    public readonly record struct Word(ulong Flag, bool Clear = false);

    public static readonly IReadOnlyDictionary<string, Word> Words = new Dictionary<string, Word>(StringComparer.Ordinal)
    {
        ["ro"] = new(ReadOnly),
        ["rw"] = new(ReadOnly, Clear: true),
        ["nosuid"] = new(NoSuid),
        ["suid"] = new(NoSuid, Clear: true),
        ["nodev"] = new(NoDev),
        ["dev"] = new(NoDev, Clear: true),
        ["noexec"] = new(NoExec),
        ["exec"] = new(NoExec, Clear: true),
        ["sync"] = new(Synchronous),
        ["async"] = new(Synchronous, Clear: true),
        ["dirsync"] = new(DirSync),
        ["remount"] = new(Remount),
        ["mand"] = new(Mandlock),
        ["nomand"] = new(Mandlock, Clear: true),
        ["nosymfollow"] = new(NoSymFollow),
        ["noatime"] = new(NoAtime),
        ["atime"] = new(NoAtime, Clear: true),
        ["nodiratime"] = new(NoDirAtime),
        ["diratime"] = new(NoDirAtime, Clear: true),
        ["relatime"] = new(RelAtime),
        ["norelatime"] = new(RelAtime, Clear: true),
        ["strictatime"] = new(StrictAtime),
        ["nostrictatime"] = new(StrictAtime, Clear: true),
        ["lazytime"] = new(LazyTime),
        ["nolazytime"] = new(LazyTime, Clear: true),
        ["bind"] = new(Bind),
        ["rbind"] = new(Bind | Recursive),
    };

    /// <summary>Propagation words: each needs a mount(2) call of its own, after the mount exists.</summary>
    public static readonly IReadOnlyDictionary<string, ulong> Propagation = new Dictionary<string, ulong>(StringComparer.Ordinal)
    {
        ["private"] = Private,
        ["rprivate"] = Private | Recursive,
        ["shared"] = Shared,
        ["rshared"] = Shared | Recursive,
        ["slave"] = Slave,
        ["rslave"] = Slave | Recursive,
        ["unbindable"] = Unbindable,
        ["runbindable"] = Unbindable | Recursive,
    };
}
