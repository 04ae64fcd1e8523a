using System.Diagnostics;

namespace Berth.Integration.Tests.Infrastructure;

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public ProcessResult AssertSuccess()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}");
        return this;
    }
}

/// <summary>Runs a command to completion with a deadline, capturing its output; kills it when the deadline passes.</summary>
public static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null,
        string? stdinFile = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdinFile is not null)
        {
            await using var input = File.OpenRead(stdinFile);
            await input.CopyToAsync(process.StandardInput.BaseStream);
        }
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in time");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
