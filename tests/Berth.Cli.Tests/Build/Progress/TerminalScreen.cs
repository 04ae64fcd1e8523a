using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Cli.Tests.Build.Progress;

/// <summary>
/// What a terminal shows after some output: just enough of one (carriage return, newline, cursor up, erase line,
/// erase below, colours ignored) to tell what a redrawn view leaves on the screen. A line reaching the last column
/// wraps, as on a real terminal (where it would break the redraw of a view).
/// </summary>
internal static partial class TerminalScreen
{
    public static List<string> Render(string output, int width)
    {
        var rows = new List<StringBuilder> { new() };
        int row = 0, col = 0;
        for (var i = 0; i < output.Length; i++)
        {
            var c = output[i];
            if (c == '\u001b')
            {
                var sequence = ControlSequence().Match(output, i);
                Assert.True(sequence.Success && sequence.Index == i, $"unknown escape at {i}: {output[i..Math.Min(output.Length, i + 10)]}");
                var count = sequence.Groups[1].Length > 0 ? int.Parse(sequence.Groups[1].Value) : 0;
                switch (sequence.Groups[2].Value)
                {
                    case "A": row = Math.Max(0, row - Math.Max(1, count)); break;
                    case "K" when count == 2: rows[row].Clear(); break;
                    case "J": rows.RemoveRange(row + 1, rows.Count - row - 1); rows[row].Length = Math.Min(rows[row].Length, col); break;
                    case "m": break;
                    default: Assert.Fail($"unexpected escape {sequence.Value}"); break;
                }
                i += sequence.Length - 1;
            }
            else if (c == '\r') col = 0;
            else if (c == '\n')
            {
                // A terminal's output processing (onlcr) makes a newline a carriage return too.
                row++;
                col = 0;
                if (row == rows.Count) rows.Add(new StringBuilder());
            }
            else
            {
                if (col == width)
                {
                    row++;
                    col = 0;
                    if (row == rows.Count) rows.Add(new StringBuilder());
                }
                var line = rows[row];
                if (line.Length < col) line.Append(' ', col - line.Length);
                if (col < line.Length) line[col] = c;
                else line.Append(c);
                col++;
            }
        }
        var screen = rows.Select(r => r.ToString()).ToList();
        if (screen[^1].Length == 0) screen.RemoveAt(screen.Count - 1);
        return screen;
    }

    /// <summary>The frames of a redrawn view: the text between cursor-up moves, and how far up each move went.</summary>
    public static List<(int Up, string Text)> Frames(string output)
    {
        var frames = new List<(int, string)>();
        var parts = CursorUp().Split(output);
        frames.Add((0, parts[0]));
        for (var i = 1; i + 1 < parts.Length; i += 2) frames.Add((int.Parse(parts[i]), parts[i + 1]));
        return frames;
    }

    /// <summary>The lines each frame draws (what follows an erase-line up to its newline), colours taken out.</summary>
    public static IEnumerable<string> FrameLines(string output) =>
        FrameLine().Matches(output).Select(m => Colour().Replace(m.Groups[1].Value, ""));

    [GeneratedRegex(@"\u001b\[2K([^\n]*)\n")]
    private static partial Regex FrameLine();

    [GeneratedRegex(@"\u001b\[\d*m")]
    private static partial Regex Colour();

    [GeneratedRegex(@"\u001b\[(\d*)([A-Za-z])")]
    private static partial Regex ControlSequence();

    [GeneratedRegex(@"\u001b\[(\d+)A")]
    private static partial Regex CursorUp();
}
