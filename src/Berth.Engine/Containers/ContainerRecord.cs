using Berth.Oci;

namespace Berth.Engine.Containers;

/// <summary>
/// A container as the daemon keeps it: what it was created from (fixed) and its run state (changing).
/// </summary>
/// <param name="Id">64 lower-case hex characters (<see cref="ContainerIds.New"/>).</param>
/// <param name="Name">Without Docker's leading slash; the API adds it back.</param>
/// <param name="ImageName">The image as the user named it at create time (a name, a short ID…), shown by <c>ps</c>.</param>
/// <param name="CreateRequestJson">
/// The POST /containers/create body (Config, HostConfig, NetworkingConfig) after defaults from the image are
/// applied, as Engine API JSON. Kept as text so the engine's storage does not depend on the API's wire types.
/// </param>
public sealed record ContainerRecord(
    string Id,
    string Name,
    Digest ImageId,
    string ImageName,
    DateTimeOffset Created,
    string CreateRequestJson,
    ContainerState State);

/// <summary>
/// The run state, replaced as a whole on every transition (<see cref="ContainerStore.UpdateState"/>) so
/// readers never see, say, a running status with the previous run's exit code.
/// </summary>
public sealed record ContainerState
{
    public ContainerStatus Status { get; init; } = ContainerStatus.Created;
    /// <summary>The container's init process as the host sees it; 0 when not running.</summary>
    public int Pid { get; init; }
    public int ExitCode { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public bool OomKilled { get; init; }
    /// <summary>Why the last start or run failed; empty otherwise.</summary>
    public string Error { get; init; } = "";
    /// <summary>How many times the restart policy has restarted it since it was last started by hand.</summary>
    public int RestartCount { get; init; }
}
