using System.Text;

namespace Berth.Cli.Commands.Container.Parsing;

/// <summary>
/// docker's kvfile format for --env-file and --label-file: one KEY=value a line (the value kept verbatim),
/// blank lines and # comments skipped, a UTF-8 BOM allowed. A bare KEY takes its value from the lookup
/// (the CLI's environment for env files) and is dropped when the lookup has none (or for label files).
/// </summary>
internal static class KeyValueFile
{
    /// <exception cref="ContainerOptionsException">The file is missing or malformed, worded as docker words it.</exception>
    public static async Task<List<string>> ReadAsync(string path, Func<string, string?>? lookup, CancellationToken ct)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ContainerOptionsException($"open {path}: no such file or directory");
        }
        try
        {
            return Parse(bytes, lookup);
        }
        catch (FormatException e)
        {
            throw new ContainerOptionsException($"invalid env file ({path}): {e.Message}");
        }
    }

    public static List<string> Parse(ReadOnlySpan<byte> content, Func<string, string?>? lookup)
    {
        var result = new List<string>();
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var lineNumber = 0;
        while (!content.IsEmpty)
        {
            lineNumber++;
            var newline = content.IndexOf((byte)'\n');
            var raw = newline < 0 ? content : content[..newline];
            content = newline < 0 ? [] : content[(newline + 1)..];
            if (raw.EndsWith("\r"u8)) raw = raw[..^1];
            if (lineNumber == 1 && raw.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) raw = raw[3..];
            string text;
            try
            {
                text = strict.GetString(raw);
            }
            catch (DecoderFallbackException)
            {
                throw new FormatException($"invalid utf8 bytes at line {lineNumber}: [{string.Join(' ', raw.ToArray())}]");
            }
            var line = text.TrimStart();
            if (line.Length == 0 || line[0] == '#') continue;
            var eq = line.IndexOf('=');
            var key = eq < 0 ? line : line[..eq];
            if (key.Length == 0) throw new FormatException($"no variable name on line '{line}'");
            if (key.AsSpan().IndexOfAny(' ', '\t') >= 0) throw new FormatException($"variable '{key}' contains whitespaces");
            if (eq >= 0) result.Add(line);
            else if (lookup?.Invoke(line) is { } value) result.Add($"{key}={value}");
        }
        return result;
    }
}
