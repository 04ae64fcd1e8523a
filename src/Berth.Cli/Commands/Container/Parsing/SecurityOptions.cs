using System.Text.Json;

namespace Berth.Cli.Commands.Container.Parsing;

/// <summary>
/// --security-opt as docker's parseSecurityOpts and parseSystemPaths: <c>key=value</c> or <c>key:value</c>
/// (<c>no-new-privileges</c> alone is fine); a seccomp profile file is read and sent inline, compacted;
/// <c>systempaths=unconfined</c> becomes empty MaskedPaths and ReadonlyPaths instead of an option.
/// </summary>
internal static class SecurityOptions
{
    public sealed record Result(List<string>? Options, List<string>? MaskedPaths, List<string>? ReadonlyPaths);

    public static async Task<Result> ParseAsync(IReadOnlyList<string> values, CancellationToken ct)
    {
        var options = new List<string>();
        List<string>? masked = null, readOnly = null;
        foreach (var option in values)
        {
            var (key, value, ok) = Cut(option, '=');
            if (!ok && key != "no-new-privileges") (key, value, ok) = Cut(option, ':');
            if ((!ok || value.Length == 0) && key != "no-new-privileges")
                throw new ContainerOptionsException($"Invalid --security-opt: \"{option}\"");
            if (option == "systempaths=unconfined")
            {
                masked = [];
                readOnly = [];
                continue;
            }
            options.Add(key == "seccomp" && value is not ("builtin" or "unconfined") ? await InlineSeccompAsync(value, ct) : option);
        }
        return new Result(options.Count == 0 ? null : options, masked, readOnly);
    }

    private static async Task<string> InlineSeccompAsync(string path, CancellationToken ct)
    {
        byte[] profile;
        try
        {
            profile = await File.ReadAllBytesAsync(path, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContainerOptionsException($"opening seccomp profile ({path}) failed: open {path}: no such file or directory");
        }
        try
        {
            using var document = JsonDocument.Parse(profile);
            return "seccomp=" + JsonSerializer.Serialize(document.RootElement, Berth.Api.ApiJsonContext.Default.JsonElement);
        }
        catch (JsonException e)
        {
            throw new ContainerOptionsException($"compacting json for seccomp profile ({path}) failed: {e.Message}");
        }
    }

    private static (string Key, string Value, bool Found) Cut(string text, char separator)
    {
        var index = text.IndexOf(separator);
        return index < 0 ? (text, "", false) : (text[..index], text[(index + 1)..], true);
    }
}
