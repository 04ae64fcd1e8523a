using System.Text;

namespace Berth.Cli.Formatting;

/// <summary>
/// Go's text/tabwriter (elastic tabstops) as docker's table output uses it:
/// <c>tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)</c>. Cells are terminated by <c>\t</c> (or
/// <c>\v</c>); tab-terminated cells in consecutive lines form a column whose width is
/// max(minWidth, widest cell + padding); the text after a line's last tab belongs to no column
/// and is never padded, while every tab-terminated cell is, so a trailing tab leaves trailing
/// spaces exactly as Go does. <c>\f</c> ends a line and all open columns.
/// </summary>
internal static class TabWriter
{
    public const int DockerMinWidth = 10;
    public const int DockerPadding = 3;

    public static string Format(string text, int minWidth = DockerMinWidth, int padding = DockerPadding)
    {
        var writer = new Writer(minWidth, padding);
        writer.Write(text);
        writer.Flush();
        return writer.Output.ToString();
    }

    private readonly record struct Cell(string Text, int Width, bool HTab);

    private sealed class Writer(int minWidth, int padding)
    {
        private readonly List<List<Cell>> _lines = [[]];
        private readonly List<int> _widths = [];
        private readonly StringBuilder _cell = new();

        public StringBuilder Output { get; } = new();

        public void Write(string text)
        {
            foreach (var c in text)
            {
                if (c is not ('\t' or '\v' or '\n' or '\f'))
                {
                    _cell.Append(c);
                    continue;
                }

                var cells = TerminateCell(c == '\t');
                if (c is '\n' or '\f')
                {
                    _lines.Add([]);

                    // A one-cell line cannot affect later columns, so Go flushes there; a form
                    // feed always flushes. Either way the open column blocks end here.
                    if (c == '\f' || cells == 1)
                    {
                        Flush();
                    }
                }
            }
        }

        public void Flush()
        {
            if (_cell.Length > 0)
            {
                TerminateCell(false);
            }

            FormatLines(0, _lines.Count);
            _lines.Clear();
            _lines.Add([]);
        }

        private int TerminateCell(bool htab)
        {
            var text = _cell.ToString();
            _cell.Clear();
            var line = _lines[^1];
            line.Add(new Cell(text, TextWidth.Of(text), htab));
            return line.Count;
        }

        // Go's Writer.format: find each block of consecutive lines that have a cell in the
        // current column, size the column over that block, then recurse for the next column.
        private void FormatLines(int line0, int line1)
        {
            var column = _widths.Count;
            for (var current = line0; current < line1; current++)
            {
                if (column >= _lines[current].Count - 1)
                {
                    continue;
                }

                WriteLines(line0, current);
                line0 = current;

                var width = minWidth;
                for (; current < line1; current++)
                {
                    var line = _lines[current];
                    if (column >= line.Count - 1)
                    {
                        break;
                    }

                    width = Math.Max(width, line[column].Width + padding);
                }

                _widths.Add(width);
                FormatLines(line0, current);
                _widths.RemoveAt(_widths.Count - 1);
                line0 = current;
            }

            WriteLines(line0, line1);
        }

        private void WriteLines(int line0, int line1)
        {
            for (var i = line0; i < line1; i++)
            {
                var line = _lines[i];
                for (var j = 0; j < line.Count; j++)
                {
                    Output.Append(line[j].Text);
                    if (j < _widths.Count)
                    {
                        Output.Append(' ', _widths[j] - line[j].Width);
                    }
                }

                // The last buffered line has no line break of its own.
                if (i + 1 < _lines.Count)
                {
                    Output.Append('\n');
                }
            }
        }
    }
}
