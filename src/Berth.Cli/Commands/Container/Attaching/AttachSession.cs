using Berth.Api.Streams;
using Berth.Api.Client;
using Berth.Api.Models;
using Berth.Cli.Terminal;

namespace Berth.Cli.Commands.Container.Attaching;

/// <summary>What to connect for an attached run, start -a, or attach.</summary>
internal sealed record AttachRequest(string ContainerId, bool Tty, bool Stdin, bool Stdout, bool Stderr, string? DetachKeys, bool SignalProxy);

/// <summary>
/// The attached half of docker's run/start: attach first (so no output is lost), register the wait, start, then
/// copy streams until the output ends and return the container's exit status. Raw mode, resize on SIGWINCH and the
/// signal proxy live exactly as long as the session.
/// </summary>
internal static class AttachSession
{
    private const int StdinFd = 0;
    private const int StdoutFd = 1;

    /// <param name="start">Starts the container; null when it is already running (<c>berth attach</c>).</param>
    /// <param name="waitCondition">null waits for nothing: the exit status is then read with inspect.</param>
    public static async Task<int> RunAsync(CliContext cli, AttachRequest request, Func<Task>? start, string? waitCondition, CancellationToken ct)
    {
        var detachSequence = DetachKeys.Parse(string.IsNullOrEmpty(request.DetachKeys) ? DetachKeys.Default : request.DetachKeys);
        await cli.Out.FlushAsync(ct);
        using var connection = await cli.Client.AttachContainerAsync(request.ContainerId, request.Stdin, request.Stdout, request.Stderr, request.DetachKeys, ct);
        var wait = waitCondition is null ? null : await cli.Client.WaitContainerAsync(request.ContainerId, waitCondition, ct);
        if (start is not null) await start();

        using var raw = request.Tty && request.Stdin && TerminalNative.IsTerminal(StdinFd) ? RawTerminal.Enter() : null;
        using var resizer = request.Tty && TerminalNative.IsTerminal(StdoutFd)
            ? await TtyResizer.StartAsync((h, w, token) => cli.Client.ResizeContainerAsync(request.ContainerId, h, w, token), cli.Error, ct)
            : null;
        using var proxy = request.SignalProxy && !request.Tty
            ? new SignalProxy(signal => cli.Client.KillContainerAsync(request.ContainerId, signal, CancellationToken.None))
            : null;

        await using var stdout = Console.OpenStandardOutput();
        await using var stderr = request.Tty ? stdout : Console.OpenStandardError();
        var streams = new HijackedStreams(
            connection, request.Tty,
            request.Stdin ? RawInput.Open() : null,
            request.Stdout ? stdout : null,
            request.Stderr ? stderr : null,
            detachSequence, connection.CloseWrite);
        try
        {
            await streams.RunAsync(ct);
        }
        catch (DetachedException)
        {
            return 0;
        }
        if (wait is null) return 0;
        return ExitCode(await wait);
    }

    /// <summary>A wait that failed on the daemon side is an error; otherwise the status is the CLI's exit code.</summary>
    public static int ExitCode(ContainerWaitResponse response) =>
        response.Error is { } error ? throw new ApiException(System.Net.HttpStatusCode.InternalServerError, error.Message) : (int)response.StatusCode;
}
