namespace Berth.Runtime.OciRuntimes;

/// <summary>What a finished command printed and how it exited.</summary>
internal sealed record CommandResult(int ExitCode, string Stdout, string Stderr);
