namespace Berth.Runtime.Conmon;

/// <summary>One chunk of a process's output as conmon read it from the process's pipe or terminal.</summary>
/// <param name="Stream">
/// Which pipe it came from. A process with a terminal has only the terminal, which conmon reports as
/// <see cref="LogStream.Stdout"/>: what the process wrote to stderr is in the same chunks.
/// </param>
/// <param name="Data">The bytes, owned by the frame: they stay valid after the next read.</param>
public sealed record AttachFrame(LogStream Stream, ReadOnlyMemory<byte> Data);
