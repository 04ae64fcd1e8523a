using Berth.Storage.Mounting;

namespace Berth.Storage.Tests.Mounting;

/// <summary>
/// An <see cref="IMounter"/> that mounts nothing: it records each request and the mount(2) calls
/// <see cref="KernelMounter"/> would make for it (through the same <see cref="MountPlanner"/>).
/// </summary>
internal sealed class RecordingMounter(int pageSize = 4096) : IMounter
{
    public List<(IReadOnlyList<Mount> Mounts, string Target)> Mounted { get; } = [];
    public List<MountCall> Calls { get; } = [];
    public List<string> Unmounted { get; } = [];

    public Task MountAsync(IReadOnlyList<Mount> mounts, string target, CancellationToken cancellationToken = default)
    {
        Mounted.Add((mounts, target));
        foreach (var mount in mounts)
        {
            Calls.AddRange(MountPlanner.Plan(mount, target, pageSize));
        }
        return Task.CompletedTask;
    }

    public Task UnmountAsync(string target, CancellationToken cancellationToken = default)
    {
        Unmounted.Add(target);
        return Task.CompletedTask;
    }
}
