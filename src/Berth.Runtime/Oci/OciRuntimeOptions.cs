namespace Berth.Runtime.OciRuntimes;

/// <summary>Which runtime binary to run and where it keeps its containers' state.</summary>
/// <param name="Name">How users name the runtime (<c>crun</c>, <c>runc</c>), for messages.</param>
/// <param name="BinaryPath">The runtime's absolute path.</param>
/// <param name="StateRoot">The runtime's <c>--root</c>; Berth's own, never the runtime's default.</param>
public sealed record OciRuntimeOptions(string Name, string BinaryPath, string StateRoot);
