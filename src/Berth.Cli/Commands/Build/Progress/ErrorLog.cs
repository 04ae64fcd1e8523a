namespace Berth.Cli.Commands.Build.Progress;

/// <summary>The box BuildKit prints after a failed vertex: its name and its last output lines, between dashes.</summary>
internal static class ErrorLog
{
    /// <summary>How many of the failed step's last output lines the box repeats.</summary>
    private const int Lines = 10;

    public static async Task WriteAsync(TextWriter output, BuildStep step)
    {
        await output.WriteLineAsync("------");
        await output.WriteLineAsync($" > {step.Name}:");
        foreach (var log in step.Logs.TakeLast(Lines)) await output.WriteLineAsync(log.Stamped);
        await output.WriteLineAsync("------");
    }
}
