using System.Diagnostics;

namespace Berth.Runtime.OciRuntimes;

/// <summary>Runs a program to completion with its output captured, its stdin empty.</summary>
internal static class CommandRunner
{
    /// <summary>Runs <paramref name="program"/>; cancelling kills it.</summary>
    /// <remarks>
    /// Only for programs that leave nothing behind holding their stdout or stderr: the call returns when both
    /// pipes reach end of file, so a daemonised grandchild that kept them open would hold it forever. That
    /// rules out conmon, which <c>ConmonSupervisor</c> starts itself.
    /// </remarks>
    public static async Task<CommandResult> RunAsync(string program, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new IOException($"cannot start {program}");
        // Process.Dispose leaves the redirected streams to the finalizer; disposed with the call, their pipes go at once.
        using var output = process.StandardOutput;
        using var error = process.StandardError;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
            return new CommandResult(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
