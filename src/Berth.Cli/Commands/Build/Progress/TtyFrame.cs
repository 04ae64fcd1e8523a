using System.Globalization;
using System.Text;

namespace Berth.Cli.Commands.Build.Progress;

/// <summary>The terminal the view is drawn on: its size (0 when unknown) and whether colours are wanted.</summary>
internal sealed record TerminalView(int Width, int Height, bool Color);

/// <summary>The export vertex once the image is written: when it started and ended, the image and its tags.</summary>
internal sealed record ExportView(DateTimeOffset Started, DateTimeOffset Ended, string ImageId, IReadOnlyList<string> Tags);

/// <summary>
/// One frame of BuildKit's terminal view: <c>[+] Building 1.2s (5/12)</c>, then a line per vertex
/// (<c> => [2/5] RUN echo hi</c> with its time at the right edge, <c>CACHED</c> or <c>ERROR</c> before the name), a
/// running step's last output lines under it (<c> => => # …</c>), the export's statuses (<c> => => writing image …</c>).
/// Every line stops one column short of the width, as BuildKit's do, so the terminal never wraps one.
/// </summary>
internal static class TtyFrame
{
    /// <summary>How many of a running step's last output lines are shown (BuildKit's log window is 6 rows).</summary>
    private const int LogLines = 6;

    /// <summary>Below this many columns for the name BuildKit leaves a vertex out rather than show a stub.</summary>
    private const int MinNameColumns = 12;

    private const string Blue = "\u001b[34m";
    private const string Red = "\u001b[31m";
    private const string Faint = "\u001b[2m";
    private const string Reset = "\u001b[0m";

    public static List<string> Render(StepTracker steps, ExportView? export, DateTimeOffset buildStarted, DateTimeOffset now, TerminalView terminal)
    {
        var width = terminal.Width > 0 ? terminal.Width : 80;
        var blocks = new List<List<string>>();
        var completed = new List<bool>();
        foreach (var step in steps.Steps)
        {
            var name = step.Failed ? "ERROR " + step.Name : step.Cached ? "CACHED " + step.Name : step.Name;
            var block = new List<string>();
            if (VertexLine(" => ", name, (step.Ended ?? now) - step.Started, width) is { } line)
                block.Add(Paint(line, step.Ended is null ? null : step.Failed ? Red : Blue, terminal));
            if (step.Ended is null)
            {
                foreach (var log in step.Logs.TakeLast(LogLines))
                    block.Add(Paint(Fit(" => => # " + Printable(log.Text), width - 1), Faint, terminal));
            }
            blocks.Add(block);
            completed.Add(step.Ended is not null);
        }
        if (export is not null || steps.ExportStarted is not null)
        {
            blocks.Add(ExportBlock(export, steps.ExportStarted, now, width, terminal));
            completed.Add(export is not null);
        }

        var done = completed.Count(c => c);
        var finished = export is not null;
        // The total is what the Dockerfile declared until the end, when it is what ran (skipped stages never start).
        var total = finished ? completed.Count : Math.Max(steps.DeclaredCount, steps.Steps.Count) + 1;
        var header = $"[+] Building {Seconds(now - buildStarted)}s ({done}/{total}){(finished && done == total ? " FINISHED" : "")}";

        // A frame taller than the terminal cannot be redrawn in place: finished vertices leave from the top first.
        var maxLines = terminal.Height > 1 ? terminal.Height - 1 : int.MaxValue;
        var lineCount = 1 + blocks.Sum(b => b.Count);
        for (var i = 0; i < blocks.Count && lineCount > maxLines; i++)
        {
            if (!completed[i]) continue;
            lineCount -= blocks[i].Count;
            blocks[i].Clear();
        }
        var body = blocks.SelectMany(b => b).ToList();
        if (1 + body.Count > maxLines) body = body.TakeLast(Math.Max(0, maxLines - 1)).ToList();
        return [Fit(header, width - 1), .. body];
    }

    private static List<string> ExportBlock(ExportView? export, DateTimeOffset? started, DateTimeOffset now, int width, TerminalView terminal)
    {
        var block = new List<string>();
        var elapsed = export is null ? now - started!.Value : export.Ended - export.Started;
        var color = export is null ? null : Blue;
        if (VertexLine(" => ", "exporting to image", elapsed, width) is { } line) block.Add(Paint(line, color, terminal));
        if (export is null) return block;
        IEnumerable<string> statuses = ["exporting layers", $"writing image {export.ImageId}",
            .. export.Tags.Select(t => $"naming to {ReferenceNames.QualifyTag(t)}")];
        foreach (var status in statuses)
        {
            if (VertexLine(" => => ", status, TimeSpan.Zero, width) is { } statusLine) block.Add(Paint(statusLine, color, terminal));
        }
        return block;
    }

    /// <summary>The prefix and name, cut to fit, then the time right-aligned to one column short of the width.</summary>
    private static string? VertexLine(string prefix, string name, TimeSpan elapsed, int width)
    {
        var timer = $" {Seconds(elapsed)}s";
        var left = width - prefix.Length - timer.Length - 2;
        if (left < MinNameColumns) return null;
        if (name.Length > left) name = name[..left];
        return (prefix + name).PadRight(width - 1 - timer.Length) + timer;
    }

    /// <summary>BuildKit shows times under 0.05s as 0.0s.</summary>
    private static string Seconds(TimeSpan elapsed) =>
        (elapsed.TotalSeconds < 0.05 ? 0 : elapsed.TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Fit(string text, int columns) => text.Length <= Math.Max(0, columns) ? text : text[..Math.Max(0, columns)];

    private static string Paint(string line, string? color, TerminalView terminal) =>
        color is null || !terminal.Color ? line : color + line + Reset;

    /// <summary>
    /// What a log line shows once a terminal has drawn it: the part after its last carriage return (a progress bar's
    /// latest state), tabs as spaces, no other control characters, so the line's length is its width.
    /// </summary>
    private static string Printable(string text)
    {
        text = text.TrimEnd('\r');
        var from = text.LastIndexOf('\r') + 1;
        var printable = new StringBuilder(text.Length - from);
        foreach (var c in text.AsSpan(from))
        {
            if (c == '\t') printable.Append(' ');
            else if (!char.IsControl(c)) printable.Append(c);
        }
        return printable.ToString();
    }
}
