using Berth.Engine.Volumes;
using Berth.Runtime.Spec;

namespace Berth.Engine.Containers;

/// <summary>
/// What the engine needs from a container's create request to run it, read back from the stored request
/// each time it starts (<see cref="IContainerSettingsReader"/>): the spec-shaping options, and how the
/// engine itself treats the container (stdin, removal, restarts, stop).
/// </summary>
public sealed record ContainerSettings
{
    public required RunOptions Run { get; init; }
    /// <summary>The OCI runtime by name (crun, runc), fixed when the container is created.</summary>
    public required string Runtime { get; init; }
    /// <summary>Keep a pipe to the process's stdin for attach (<c>-i</c>).</summary>
    public bool OpenStdin { get; init; }
    /// <summary>Close that pipe when the first attached client detaches.</summary>
    public bool StdinOnce { get; init; }
    /// <summary>Remove the container once it exits (<c>--rm</c>).</summary>
    public bool AutoRemove { get; init; }
    public RestartPolicySettings Restart { get; init; } = RestartPolicySettings.None;
    /// <summary>Seconds between the stop signal and SIGKILL; null means Docker's 10.</summary>
    public int? StopTimeout { get; init; }
    /// <summary>The stop signal after the image's is applied; SIGTERM when neither says.</summary>
    public string StopSignal { get; init; } = "SIGTERM";
    /// <summary><c>--add-host</c> entries, <c>name:address</c>.</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];
    /// <summary>The healthcheck to run while the container runs; null when it has none (or it is disabled).</summary>
    public HealthcheckSettings? Healthcheck { get; init; }
    /// <summary>The container's labels, which its events carry.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>The networks to join, ports to publish and resolver settings.</summary>
    public Networks.NetworkRequest Network { get; init; } = Networks.NetworkRequest.Default;
    /// <summary>The log's rotation (json-file's max-size and max-file); a size of 0 means no limit.</summary>
    public Berth.Runtime.Logs.LogRotation Log { get; init; } = new(0, 1);
    /// <summary>The volumes asked for (<c>-v NAME:/path</c>, <c>--mount type=volume</c>, Config.Volumes), found or created at create.</summary>
    public IReadOnlyList<VolumeRequest> Volumes { get; init; } = [];
    /// <summary><c>--volumes-from CONTAINER[:ro|:rw]</c>.</summary>
    public IReadOnlyList<string> VolumesFrom { get; init; } = [];
}

/// <summary>
/// A healthcheck with Docker's defaults applied: the probe's command line (run in the container like an exec),
/// how often, how long one may take, the grace period after start, and how many failures in a row make the
/// container unhealthy.
/// </summary>
public sealed record HealthcheckSettings(IReadOnlyList<string> Command, TimeSpan Interval, TimeSpan Timeout, TimeSpan StartPeriod, TimeSpan StartInterval, int Retries);

/// <summary>When a container that exited is started again by the engine (<c>--restart</c>).</summary>
public enum RestartMode
{
    No,
    Always,
    UnlessStopped,
    OnFailure,
}

/// <param name="MaximumRetryCount">For <see cref="RestartMode.OnFailure"/>: how many restarts at most; 0 means no limit.</param>
public sealed record RestartPolicySettings(RestartMode Mode, int MaximumRetryCount = 0)
{
    public static RestartPolicySettings None { get; } = new(RestartMode.No);
}

/// <summary>
/// Reads <see cref="ContainerSettings"/> from a stored create request. The request is the API's JSON, which
/// the engine keeps as text and does not parse itself: the daemon, which owns the wire types, implements this.
/// </summary>
public interface IContainerSettingsReader
{
    /// <exception cref="Berth.Oci.BerthException">InvalidArgument when the request asks for something invalid.</exception>
    ContainerSettings Read(string createRequestJson);
}
