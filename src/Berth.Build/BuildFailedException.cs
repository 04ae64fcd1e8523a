namespace Berth.Build;

/// <summary>A build that stopped: a RUN that failed (with its exit code), a missing file, a bad instruction.</summary>
/// <param name="ExitCode">What the docker CLI exits with: the failed command's code, else 1.</param>
public sealed class BuildFailedException(string message, int exitCode = 1, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
