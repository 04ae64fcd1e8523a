using System.Runtime.InteropServices;
using Berth.Cli.Terminal;

namespace Berth.Cli.Commands.Container.Attaching;

/// <summary>
/// Keeps a container's (or exec's) TTY the size of the CLI's terminal: sends the size once the process has
/// started, retrying briefly as docker does (the daemon may not have the TTY yet), and again on every SIGWINCH.
/// </summary>
internal sealed class TtyResizer : IDisposable
{
    private const int StdoutFd = 1;
    private readonly Func<uint, uint, CancellationToken, Task> _resize;
    private readonly PosixSignalRegistration _winch;
    private readonly CancellationToken _ct;

    private TtyResizer(Func<uint, uint, CancellationToken, Task> resize, CancellationToken ct)
    {
        _resize = resize;
        _ct = ct;
        _winch = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context => _ = ResizeOnceAsync());
    }

    /// <param name="resize">The resize call (container or exec) taking height and width.</param>
    public static async Task<TtyResizer> StartAsync(Func<uint, uint, CancellationToken, Task> resize, TextWriter error, CancellationToken ct)
    {
        var resizer = new TtyResizer(resize, ct);
        if (!await resizer.ResizeOnceAsync())
        {
            _ = Task.Run(async () =>
            {
                for (var retry = 0; retry < 10; retry++)
                {
                    await Task.Delay((retry + 1) * 10, ct);
                    if (await resizer.ResizeOnceAsync()) return;
                }
                await error.WriteLineAsync("failed to resize tty, using default size");
            }, ct);
        }
        return resizer;
    }

    public void Dispose() => _winch.Dispose();

    private async Task<bool> ResizeOnceAsync()
    {
        var (height, width) = TerminalNative.Size(StdoutFd);
        if (height == 0 && width == 0) return true;
        try
        {
            await _resize(height, width, _ct);
            return true;
        }
        catch (Exception e) when (e is Api.Client.ApiException or IOException or HttpRequestException)
        {
            return false;
        }
    }
}
