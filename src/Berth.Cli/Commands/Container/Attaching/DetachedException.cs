namespace Berth.Cli.Commands.Container.Attaching;

/// <summary>The user typed the detach sequence: the session ends, the container keeps running, the CLI exits 0.</summary>
internal sealed class DetachedException() : Exception("read escape sequence");
