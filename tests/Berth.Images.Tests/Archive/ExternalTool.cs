using System.Diagnostics;

namespace Berth.Images.Tests.Archive;

/// <summary>Runs a real command-line tool (skopeo, umoci, tar) to its end and captures what it printed.</summary>
public static class ExternalTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(Timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>Runs the tool and fails the test, showing its stderr, unless it exits with 0.</summary>
    public static async Task<string> RunCheckedAsync(string fileName, params string[] arguments)
    {
        var result = await RunAsync(fileName, arguments);
        Assert.True(result.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.Error}");
        return result.Output;
    }
}
