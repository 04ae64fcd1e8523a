namespace Berth.Engine.Containers;

/// <summary>
/// A container's lifecycle state, Docker's seven. The wire form is the lower-case name
/// (<see cref="ContainerStatuses.ToWire"/>), which is also how the store keeps it.
/// </summary>
public enum ContainerStatus
{
    Created,
    Running,
    Paused,
    Restarting,
    Removing,
    Exited,
    Dead,
}

public static class ContainerStatuses
{
    public static string ToWire(this ContainerStatus status) => status switch
    {
        ContainerStatus.Created => "created",
        ContainerStatus.Running => "running",
        ContainerStatus.Paused => "paused",
        ContainerStatus.Restarting => "restarting",
        ContainerStatus.Removing => "removing",
        ContainerStatus.Exited => "exited",
        ContainerStatus.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static ContainerStatus Parse(string wire) => wire switch
    {
        "created" => ContainerStatus.Created,
        "running" => ContainerStatus.Running,
        "paused" => ContainerStatus.Paused,
        "restarting" => ContainerStatus.Restarting,
        "removing" => ContainerStatus.Removing,
        "exited" => ContainerStatus.Exited,
        "dead" => ContainerStatus.Dead,
        _ => throw new FormatException($"unknown container status \"{wire}\""),
    };
}
