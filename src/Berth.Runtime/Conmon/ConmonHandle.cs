namespace Berth.Runtime.Conmon;

/// <summary>A created container and its monitor.</summary>
/// <param name="ConmonPid">The monitor, which lives until the container has exited and its exit file is written.</param>
/// <param name="ContainerPid">The container's process as the host sees it.</param>
public sealed record ConmonHandle(string Id, int ConmonPid, int ContainerPid);
