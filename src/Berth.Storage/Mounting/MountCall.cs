namespace Berth.Storage.Mounting;

/// <summary>
/// One mount(2) call, ready to make: what <see cref="MountPlanner"/> turns a <see cref="Mount"/> into.
/// A relative path in <paramref name="Data"/> resolves against <paramref name="WorkingDirectory"/> when one
/// is set (see <see cref="OverlayLowerdirs"/>).
/// </summary>
internal sealed record MountCall(string? Source, string Target, string? Type, ulong Flags, string? Data, string? WorkingDirectory = null);
