using System.Text;

namespace Berth.Dockerfile.Instructions;

/// <summary>
/// Splits one CSV record (the value of <c>--mount</c> and <c>--device</c>): comma-separated fields, a field may
/// be double-quoted with <c>""</c> for a literal quote, so <c>"target=/a,b"</c> is one field.
/// </summary>
internal static class CsvFields
{
    /// <exception cref="FormatException">An unterminated or misplaced quote.</exception>
    public static List<string> Split(string record)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            if (i < record.Length && record[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= record.Length)
                    {
                        throw new FormatException("extraneous or missing \" in quoted-field");
                    }
                    if (record[i] == '"')
                    {
                        if (i + 1 < record.Length && record[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(record[i++]);
                }
                if (i < record.Length && record[i] != ',')
                {
                    throw new FormatException("extraneous or missing \" in quoted-field");
                }
            }
            else
            {
                while (i < record.Length && record[i] != ',')
                {
                    if (record[i] == '"')
                    {
                        throw new FormatException("bare \" in non-quoted-field");
                    }
                    field.Append(record[i++]);
                }
            }
            fields.Add(field.ToString());
            field.Clear();
            if (i >= record.Length)
            {
                return fields;
            }
            i++;
        }
    }
}
