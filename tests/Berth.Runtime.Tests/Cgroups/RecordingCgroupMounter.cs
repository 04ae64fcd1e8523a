using Berth.Runtime.Cgroups;

namespace Berth.Runtime.Tests.Cgroups;

/// <summary>Records each mount asked for; fails with <paramref name="failure"/> when given one.</summary>
internal sealed class RecordingCgroupMounter(string? failure = null) : ICgroupMounter
{
    public List<(string Controller, string MountPoint)> Mounts { get; } = [];

    public Task MountV1HierarchyAsync(string controller, string mountPoint, CancellationToken cancellationToken = default)
    {
        Mounts.Add((controller, mountPoint));
        return failure is null ? Task.CompletedTask : Task.FromException(new IOException(failure));
    }
}
