using System.Text;

namespace Berth.Cli.Commands.Build.Progress;

/// <summary>
/// BuildKit's terminal view of the classic builder's stream: a <see cref="TtyFrame"/> redrawn in place (cursor up over
/// the lines drawn last, each line erased and written again) on messages and on a ticker, so running times move;
/// a last frame when the build ends (<c>FINISHED</c> on success), and on failure the failed step's log and the error.
/// </summary>
internal sealed class TtyProgressPrinter : IBuildProgress
{
    /// <summary>BuildKit redraws every 150ms while nothing comes, and at most every 100ms however much comes.</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan MinFrameInterval = TimeSpan.FromMilliseconds(100);

    private const string Csi = "\u001b[";

    private readonly TextWriter _output;
    private readonly TimeProvider _clock;
    private readonly Func<TerminalView> _terminal;
    private readonly StepTracker _steps;
    private readonly DateTimeOffset _started;
    // Messages and ticks draw from different threads; one at a time.
    private readonly SemaphoreSlim _drawing = new(1, 1);
    private ITimer? _ticker;
    private int _drawnLines;
    private DateTimeOffset? _lastFrame;
    private ExportView? _export;
    private bool _ended;

    /// <param name="terminal">Read before each frame, so a resized terminal gets frames of its new size.</param>
    public TtyProgressPrinter(TextWriter output, TimeProvider clock, Func<TerminalView> terminal)
    {
        _output = output;
        _clock = clock;
        _terminal = terminal;
        _steps = new StepTracker(clock);
        _started = clock.GetUtcNow();
    }

    public async Task WriteAsync(string text)
    {
        await _drawing.WaitAsync();
        try
        {
            await _steps.WriteAsync(text);
            _ticker ??= _clock.CreateTimer(_ => _ = TickAsync(), null, TickInterval, TickInterval);
            if (_lastFrame is not { } last || _clock.GetUtcNow() - last >= MinFrameInterval) await DrawAsync();
        }
        finally
        {
            _drawing.Release();
        }
    }

    /// <summary>The last step and the export end, and the last frame says <c>FINISHED</c>.</summary>
    public async Task CompleteAsync(string imageId)
    {
        await EndAsync(async () =>
        {
            await _steps.FinishAsync();
            var now = _clock.GetUtcNow();
            _export = new ExportView(_steps.ExportStarted ?? now, now, imageId, _steps.Tags);
            await DrawAsync();
        });
    }

    /// <summary>The last frame shows the step's ERROR; below the view come its log and the build's error, as BuildKit prints them.</summary>
    public async Task FailAsync(string message)
    {
        await EndAsync(async () =>
        {
            var failed = await _steps.FailAsync();
            await DrawAsync();
            if (failed is not null) await ErrorLog.WriteAsync(_output, failed);
            await _output.WriteLineAsync($"ERROR: failed to solve: {message}");
        });
    }

    public async ValueTask DisposeAsync() => await EndAsync(() => Task.CompletedTask);

    /// <summary>Stops the ticker and runs the last drawing; after it no tick draws, so nothing lands below the view's end.</summary>
    private async Task EndAsync(Func<Task> last)
    {
        _ticker?.Dispose();
        await _drawing.WaitAsync();
        try
        {
            if (_ended) return;
            _ended = true;
            await last();
        }
        finally
        {
            _drawing.Release();
        }
    }

    private async Task TickAsync()
    {
        await _drawing.WaitAsync();
        try
        {
            if (!_ended) await DrawAsync();
        }
        catch (IOException)
        {
            // stderr went away (the terminal closed); the build's own writes will report it.
        }
        finally
        {
            _drawing.Release();
        }
    }

    private async Task DrawAsync()
    {
        var now = _clock.GetUtcNow();
        var lines = TtyFrame.Render(_steps, _export, _started, now, _terminal());
        // Written in one piece, so the terminal never shows half a frame.
        var frame = new StringBuilder();
        if (_drawnLines > 0) frame.Append(Csi).Append(_drawnLines).Append('A');
        foreach (var line in lines) frame.Append('\r').Append(Csi).Append("2K").Append(line).Append('\n');
        // A frame shorter than the last leaves old lines below it: erase to the end of the screen.
        frame.Append(Csi).Append('J');
        await _output.WriteAsync(frame.ToString());
        await _output.FlushAsync();
        _drawnLines = lines.Count;
        _lastFrame = now;
    }
}
