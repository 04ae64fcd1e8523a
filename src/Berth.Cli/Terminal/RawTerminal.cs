namespace Berth.Cli.Terminal;

/// <summary>
/// Raw mode on the CLI's stdin for a TTY session (keys go to the container unprocessed: Ctrl-C is a byte, not a
/// signal). Dispose restores the saved settings; a process-exit hook restores them too, so the user's terminal
/// is not left raw when the CLI ends on an error path.
/// </summary>
internal sealed class RawTerminal : IDisposable
{
    private const int StdinFd = 0;
    private readonly byte[] _saved;
    private int _restored;

    private RawTerminal(byte[] saved)
    {
        _saved = saved;
        AppDomain.CurrentDomain.ProcessExit += OnExit;
    }

    public static RawTerminal Enter() => new(TerminalNative.MakeRaw(StdinFd));

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnExit;
        Restore();
    }

    private void OnExit(object? sender, EventArgs e) => Restore();

    private void Restore()
    {
        if (Interlocked.Exchange(ref _restored, 1) == 0) TerminalNative.Restore(StdinFd, _saved);
    }
}
