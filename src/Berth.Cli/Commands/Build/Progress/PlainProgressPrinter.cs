using System.Globalization;
using System.Text;

namespace Berth.Cli.Commands.Build.Progress;

/// <summary>
/// Turns the classic builder's stream (<c>Step 1/3 : …</c>, <c> ---> Using cache</c>, the RUNs' output) into
/// BuildKit's plain progress: one numbered vertex per step (<c>#2 [2/4] RUN echo hi</c>), its output lines
/// stamped with the seconds since the step started, then <c>#2 DONE 0.3s</c> or <c>#2 CACHED</c>, a blank
/// line between vertices, and an <c>exporting to image</c> vertex at the end.
/// </summary>
internal sealed class PlainProgressPrinter(TextWriter output, TimeProvider clock)
{
    /// <summary>How many of the failed step's last output lines the error box repeats.</summary>
    private const int ErrorLogLines = 10;

    private readonly StringBuilder _partialLine = new();
    private readonly List<string> _tags = [];
    private readonly HashSet<string> _stageNames = new(StringComparer.OrdinalIgnoreCase);
    private DateTimeOffset _partialLineStarted;
    private Vertex? _current;
    private int _vertexCount;
    private string? _stageName;
    private DateTimeOffset? _exportStarted;

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

    /// <summary>The build succeeded with <paramref name="imageId"/>: the last step ends and the export vertex is printed.</summary>
    public async Task CompleteAsync(string imageId)
    {
        await FlushPartialLineAsync();
        await EndStepAsync();
        var started = _exportStarted ?? clock.GetUtcNow();
        var number = await StartVertexAsync("exporting to image");
        await output.WriteLineAsync($"#{number} exporting layers done");
        await output.WriteLineAsync($"#{number} writing image {imageId} done");
        foreach (var tag in _tags) await output.WriteLineAsync($"#{number} naming to {ReferenceNames.QualifyTag(tag)} done");
        await output.WriteLineAsync($"#{number} DONE {Seconds(clock.GetUtcNow() - started, "0.0")}s");
    }

    /// <summary>The build failed: the step fails with the message, its last output is repeated in a box, and the build's error line ends it all.</summary>
    public async Task FailAsync(string message)
    {
        await FlushPartialLineAsync();
        if (_current is { } step)
        {
            _current = null;
            await output.WriteLineAsync($"#{step.Number} ERROR: {message}");
            await output.WriteLineAsync("------");
            await output.WriteLineAsync($" > {step.Name}:");
            foreach (var line in step.Logs.TakeLast(ErrorLogLines)) await output.WriteLineAsync(line);
            await output.WriteLineAsync("------");
        }
        await output.WriteLineAsync($"ERROR: failed to solve: {message}");
    }

    private async Task HandleLineAsync(string text, DateTimeOffset at)
    {
        foreach (var line in ClassicLines.Parse(text))
        {
            switch (line)
            {
                case ClassicLine.Step step:
                    await EndStepAsync();
                    var name = StepName(step);
                    _current = new Vertex(await StartVertexAsync(name), name, clock.GetUtcNow());
                    break;
                case ClassicLine.UsingCache when _current is { } cached:
                    _current = null;
                    await output.WriteLineAsync($"#{cached.Number} CACHED");
                    break;
                case ClassicLine.StepResult:
                    await EndStepAsync();
                    break;
                case ClassicLine.Built:
                    await EndStepAsync();
                    _exportStarted = clock.GetUtcNow();
                    break;
                case ClassicLine.Tagged tagged:
                    _tags.Add(tagged.Tag);
                    break;
                case ClassicLine.Output { Text: var log }:
                    await WriteLogAsync(log, at);
                    break;
            }
        }
    }

    private async Task WriteLogAsync(string text, DateTimeOffset at)
    {
        if (_current is not { } step)
        {
            await output.WriteLineAsync(text);
            return;
        }
        var stamped = $"{Seconds(at - step.Started, "0.000")} {text}";
        step.Logs.Add(stamped);
        await output.WriteLineAsync($"#{step.Number} {stamped}");
    }

    private async Task FlushPartialLineAsync()
    {
        if (_partialLine.Length == 0) return;
        var line = _partialLine.ToString();
        _partialLine.Clear();
        await WriteLogAsync(line, _partialLineStarted);
    }

    private async Task EndStepAsync()
    {
        if (_current is not { } step) return;
        _current = null;
        await output.WriteLineAsync($"#{step.Number} DONE {Seconds(clock.GetUtcNow() - step.Started, "0.0")}s");
    }

    private async Task<int> StartVertexAsync(string name)
    {
        // BuildKit separates vertices with an empty line.
        if (_vertexCount > 0) await output.WriteLineAsync();
        var number = ++_vertexCount;
        await output.WriteLineAsync($"#{number} {name}");
        return number;
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

    private static string Seconds(TimeSpan elapsed, string format) =>
        Math.Max(0, elapsed.TotalSeconds).ToString(format, CultureInfo.InvariantCulture);

    private sealed record Vertex(int Number, string Name, DateTimeOffset Started)
    {
        public List<string> Logs { get; } = [];
    }
}
