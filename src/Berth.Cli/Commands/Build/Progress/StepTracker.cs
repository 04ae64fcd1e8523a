using System.Text;

namespace Berth.Cli.Commands.Build.Progress;

/// <summary>
/// Reads the classic builder's stream (<c>Step 1/3 : …</c>, <c> ---> Using cache</c>, the RUNs' output) into
/// BuildKit-shaped steps: which step runs, when each started and ended, whether it was cached, its output lines,
/// and the tags and export that follow. Both progress views are built on it, so they read the stream alike.
/// </summary>
internal sealed class StepTracker(TimeProvider clock, IStepObserver? observer = null)
{
    private readonly StringBuilder _partialLine = new();
    private readonly List<BuildStep> _steps = [];
    private readonly List<string> _tags = [];
    private readonly HashSet<string> _stageNames = new(StringComparer.OrdinalIgnoreCase);
    private DateTimeOffset _partialLineStarted;
    private string? _stageName;

    /// <summary>Every step started so far, in order.</summary>
    public IReadOnlyList<BuildStep> Steps => _steps;

    /// <summary>The step that runs now, if any.</summary>
    public BuildStep? Current { get; private set; }

    /// <summary>How many steps the Dockerfile has, as the last <c>Step N/M</c> line said (0 before the first).</summary>
    public int DeclaredCount { get; private set; }

    /// <summary>The names of <c>Successfully tagged</c>.</summary>
    public IReadOnlyList<string> Tags => _tags;

    /// <summary>When <c>Successfully built</c> came: the image is then being exported.</summary>
    public DateTimeOffset? ExportStarted { get; private set; }

    /// <summary>A chunk of the stream: lines are handled once complete, a partial one waits for its newline.</summary>
    public async Task WriteAsync(string text)
    {
        var now = clock.GetUtcNow();
        var start = 0;
        for (var newline = text.IndexOf('\n'); newline >= 0; newline = text.IndexOf('\n', start))
        {
            if (_partialLine.Length == 0) _partialLineStarted = now;
            _partialLine.Append(text, start, newline - start);
            var line = _partialLine.ToString();
            _partialLine.Clear();
            await HandleLineAsync(line, _partialLineStarted);
            start = newline + 1;
        }
        if (start < text.Length)
        {
            if (_partialLine.Length == 0) _partialLineStarted = now;
            _partialLine.Append(text, start, text.Length - start);
        }
    }

    /// <summary>The stream ended well: a waiting partial line is output, and the last step ends.</summary>
    public async Task FinishAsync()
    {
        await FlushPartialLineAsync();
        await EndStepAsync();
    }

    /// <summary>The build failed: a waiting partial line is output, and the running step (returned, if any) fails.</summary>
    public async Task<BuildStep?> FailAsync()
    {
        await FlushPartialLineAsync();
        if (Current is not { } step) return null;
        Current = null;
        step.Failed = true;
        step.Ended = clock.GetUtcNow();
        return step;
    }

    private async Task HandleLineAsync(string text, DateTimeOffset at)
    {
        foreach (var line in ClassicLines.Parse(text))
        {
            switch (line)
            {
                case ClassicLine.Step step:
                    await EndStepAsync();
                    DeclaredCount = step.Count;
                    var started = new BuildStep(_steps.Count + 1, StepName(step), clock.GetUtcNow());
                    _steps.Add(started);
                    Current = started;
                    if (observer is not null) await observer.StepStartedAsync(started);
                    break;
                case ClassicLine.UsingCache when Current is { } cached:
                    cached.Cached = true;
                    await EndStepAsync();
                    break;
                case ClassicLine.StepResult:
                    await EndStepAsync();
                    break;
                case ClassicLine.Built:
                    await EndStepAsync();
                    ExportStarted = clock.GetUtcNow();
                    break;
                case ClassicLine.Tagged tagged:
                    _tags.Add(tagged.Tag);
                    break;
                case ClassicLine.Output { Text: var log }:
                    await OutputAsync(log, at);
                    break;
            }
        }
    }

    private async Task OutputAsync(string text, DateTimeOffset at)
    {
        var step = Current;
        var log = new StepLog(step is null ? TimeSpan.Zero : at - step.Started, text);
        step?.Logs.Add(log);
        if (observer is not null) await observer.OutputAsync(step, log);
    }

    private async Task FlushPartialLineAsync()
    {
        if (_partialLine.Length == 0) return;
        var line = _partialLine.ToString();
        _partialLine.Clear();
        await OutputAsync(line, _partialLineStarted);
    }

    private async Task EndStepAsync()
    {
        if (Current is not { } step) return;
        Current = null;
        step.Ended = clock.GetUtcNow();
        if (observer is not null) await observer.StepEndedAsync(step);
    }

    /// <summary>
    /// <c>[N/M] INSTRUCTION</c>, with the stage's name in front for a named stage (<c>[build 2/5]</c>) and a FROM's
    /// image written in full, as BuildKit does (a FROM of an earlier stage keeps the stage's name).
    /// </summary>
    private string StepName(ClassicLine.Step step)
    {
        var instruction = step.Instruction;
        var words = instruction.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 0 && words[0].Equals("FROM", StringComparison.OrdinalIgnoreCase))
        {
            var image = words.Skip(1).FirstOrDefault(w => !w.StartsWith("--", StringComparison.Ordinal));
            var asIndex = Array.FindIndex(words, w => w.Equals("AS", StringComparison.OrdinalIgnoreCase));
            _stageName = asIndex > 0 && asIndex + 1 < words.Length ? words[asIndex + 1] : null;
            if (_stageName is not null) _stageNames.Add(_stageName);
            if (image is not null)
                instruction = $"FROM {(_stageNames.Contains(image) || image == "scratch" || image.Contains('$') ? image : ReferenceNames.Qualify(image))}";
        }
        var prefix = _stageName is null ? "" : _stageName + " ";
        return $"[{prefix}{step.Number}/{step.Count}] {instruction}";
    }
}
