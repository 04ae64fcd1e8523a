using System.Globalization;

namespace Berth.Cli.Commands.Build.Progress;

/// <summary>
/// BuildKit's plain progress of the classic builder's stream: one numbered vertex per step (<c>#2 [2/4] RUN echo hi</c>),
/// its output lines stamped with the seconds since the step started, then <c>#2 DONE 0.3s</c> or <c>#2 CACHED</c>,
/// a blank line between vertices, and an <c>exporting to image</c> vertex at the end.
/// </summary>
internal sealed class PlainProgressPrinter : IBuildProgress, IStepObserver
{
    private readonly TextWriter _output;
    private readonly TimeProvider _clock;
    private readonly StepTracker _steps;

    public PlainProgressPrinter(TextWriter output, TimeProvider clock)
    {
        _output = output;
        _clock = clock;
        _steps = new StepTracker(clock, this);
    }

    public Task WriteAsync(string text) => _steps.WriteAsync(text);

    /// <summary>The last step ends and the export vertex is printed.</summary>
    public async Task CompleteAsync(string imageId)
    {
        await _steps.FinishAsync();
        var started = _steps.ExportStarted ?? _clock.GetUtcNow();
        var number = _steps.Steps.Count + 1;
        await StartVertexAsync(number, "exporting to image");
        await _output.WriteLineAsync($"#{number} exporting layers done");
        await _output.WriteLineAsync($"#{number} writing image {imageId} done");
        foreach (var tag in _steps.Tags) await _output.WriteLineAsync($"#{number} naming to {ReferenceNames.QualifyTag(tag)} done");
        await _output.WriteLineAsync($"#{number} DONE {Seconds(_clock.GetUtcNow() - started)}s");
    }

    /// <summary>The step fails with the message, its last output is repeated in a box, and the build's error line ends it all.</summary>
    public async Task FailAsync(string message)
    {
        if (await _steps.FailAsync() is { } step)
        {
            await _output.WriteLineAsync($"#{step.Number} ERROR: {message}");
            await ErrorLog.WriteAsync(_output, step);
        }
        await _output.WriteLineAsync($"ERROR: failed to solve: {message}");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    Task IStepObserver.StepStartedAsync(BuildStep step) => StartVertexAsync(step.Number, step.Name);

    Task IStepObserver.StepEndedAsync(BuildStep step) => _output.WriteLineAsync(step.Cached
        ? $"#{step.Number} CACHED"
        : $"#{step.Number} DONE {Seconds(step.Ended!.Value - step.Started)}s");

    Task IStepObserver.OutputAsync(BuildStep? step, StepLog log) =>
        _output.WriteLineAsync(step is null ? log.Text : $"#{step.Number} {log.Stamped}");

    private async Task StartVertexAsync(int number, string name)
    {
        // BuildKit separates vertices with an empty line.
        if (number > 1) await _output.WriteLineAsync();
        await _output.WriteLineAsync($"#{number} {name}");
    }

    private static string Seconds(TimeSpan elapsed) =>
        Math.Max(0, elapsed.TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture);
}
