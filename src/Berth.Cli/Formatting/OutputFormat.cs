using System.Text;
using System.Text.Json;

namespace Berth.Cli.Formatting;

/// <summary>
/// Interprets a list command's <c>--format</c> the way docker's formatter.Context does:
/// null, "" or exactly "table" selects the command's default table; "table TEMPLATE" prints a
/// header row plus one row per item through <see cref="TabWriter"/>; "json" prints
/// <c>{{json .}}</c> per item; anything else is a template applied per item. Every row ends
/// with a newline; <c>\t</c> and <c>\n</c> typed literally are expanded first.
/// </summary>
internal static class OutputFormat
{
    private const string TableKey = "table";
    private const string JsonKey = "json";

    /// <param name="defaultTable">The command's default, normally itself a "table …" format.</param>
    /// <param name="headers">Column titles by field name (ID → "IMAGE ID"); other fields get
    /// <see cref="HeaderFor"/>'s upper-cased, camel-case-split name.</param>
    /// <exception cref="TemplateException">The template does not parse or fails on a row; nothing is
    /// printed then, as with docker.</exception>
    public static string Render(
        string? format, string defaultTable, IReadOnlyDictionary<string, string> headers, IEnumerable<JsonElement> rows)
    {
        if (string.IsNullOrEmpty(format) || format == TableKey)
        {
            format = defaultTable;
        }

        var isTable = format.StartsWith(TableKey, StringComparison.Ordinal);
        var text = isTable ? format[TableKey.Length..] : format == JsonKey ? "{{json .}}" : format;
        var template = GoTemplate.Parse(GoTemplate.PreprocessEscapes(text.Trim(' ')));

        var body = new StringBuilder();
        foreach (var row in rows)
        {
            template.Execute(row, body);
            body.Append('\n');
        }

        if (!isTable)
        {
            return body.ToString();
        }

        var table = new StringBuilder();
        try
        {
            template.ExecuteHeader(HeaderTitles(template, headers), table);
        }
        catch (TemplateException)
        {
            // docker ignores header errors (e.g. ".A.B" on a title string) and keeps what was written.
        }

        table.Append('\n').Append(body);
        return TabWriter.Format(table.ToString());
    }

    /// <summary>"CreatedSince" → "CREATED SINCE", "ImageID" → "IMAGE ID", "ID" → "ID".</summary>
    public static string HeaderFor(string field)
    {
        var sb = new StringBuilder(field.Length + 4);
        for (var i = 0; i < field.Length; i++)
        {
            var c = field[i];
            if (i > 0 && char.IsUpper(c))
            {
                var previous = field[i - 1];
                var nextIsLower = i + 1 < field.Length && char.IsLower(field[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    sb.Append(' ');
                }
            }

            sb.Append(char.ToUpperInvariant(c));
        }

        return sb.ToString();
    }

    private static JsonElement HeaderTitles(GoTemplate template, IReadOnlyDictionary<string, string> headers)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var field in template.TopLevelFields())
            {
                writer.WriteString(field, headers.TryGetValue(field, out var title) ? title : HeaderFor(field));
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(stream.ToArray());
        return document.RootElement.Clone();
    }
}
