using Berth.Storage;
using Berth.Storage.Mounting;

namespace Berth.Engine.Tests.Volumes;

/// <summary>Records mounts and unmounts instead of making them.</summary>
internal sealed class RecordingMounter : IMounter
{
    public List<(Mount Mount, string Target)> Mounted { get; } = [];
    public List<string> Unmounted { get; } = [];

    public Task MountAsync(IReadOnlyList<Mount> mounts, string target, CancellationToken cancellationToken = default)
    {
        foreach (var mount in mounts) Mounted.Add((mount, target));
        return Task.CompletedTask;
    }

    public Task UnmountAsync(string target, CancellationToken cancellationToken = default)
    {
        Unmounted.Add(target);
        return Task.CompletedTask;
    }
}
