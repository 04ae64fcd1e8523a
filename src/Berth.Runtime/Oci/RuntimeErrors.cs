using System.Text.Json;
using Berth.Oci;

namespace Berth.Runtime.OciRuntimes;

/// <summary>
/// Turns what a runtime printed on failure into a <see cref="BerthException"/> that reads like Docker's
/// (<c>OCI runtime start failed: …</c>) and has the right kind.
/// </summary>
internal static class RuntimeErrors
{
    /// <summary>
    /// The runtime's own words from its stderr. Berth runs runtimes with <c>--log-format=json</c>, so errors come
    /// as JSON lines and only their <c>msg</c> is kept (runc's text format would wrap it in
    /// <c>time=… level=error msg="…"</c> with Go quoting). Anything else on stderr is kept as it is.
    /// </summary>
    public static string Message(string stderr)
    {
        var messages = new List<string>();
        foreach (var raw in stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TryParse(raw) is { } line)
            {
                if ((line.Level is "error" or "fatal" or null) && !string.IsNullOrEmpty(line.Msg)) messages.Add(line.Msg);
            }
            else
            {
                messages.Add(raw);
            }
        }
        return string.Join("; ", messages);
    }

    /// <summary>The exception for a failed <paramref name="operation"/> (create, start, kill…).</summary>
    public static BerthException Failure(OciRuntimeOptions runtime, string operation, string id, string message)
    {
        if (message.Length == 0) message = $"{runtime.Name} {operation} {id} failed without a message";
        if (IsUnknownContainer(runtime, id, message)) return BerthException.NotFound($"{runtime.Name}: no such container: {id}");
        // Docker's shape and kinds: a program that is missing or may not run is the user's mistake (docker run
        // exits 127 or 126 for these), anything else is the engine's.
        var kind = message.Contains("no such file or directory", StringComparison.OrdinalIgnoreCase)
            || message.Contains("executable file not found", StringComparison.OrdinalIgnoreCase)
            || message.Contains("permission denied", StringComparison.OrdinalIgnoreCase)
            ? ErrorKind.InvalidArgument
            : ErrorKind.Internal;
        return new BerthException(kind, $"OCI runtime {operation} failed: {message}");
    }

    /// <summary>
    /// runc says "container does not exist"; crun cannot open the container's directory under its root
    /// (<c>error opening file `ROOT/ID/status`</c>, or for delete <c>cannot open directory 'ROOT/ID'</c>).
    /// </summary>
    private static bool IsUnknownContainer(OciRuntimeOptions runtime, string id, string message)
    {
        if (message.Contains("container does not exist", StringComparison.Ordinal)) return true;
        var directory = Path.Combine(runtime.StateRoot, id);
        return message.EndsWith(": No such file or directory", StringComparison.Ordinal)
            && (message.Contains($"`{directory}/status`", StringComparison.Ordinal) || message.Contains($"'{directory}'", StringComparison.Ordinal));
    }

    private static RuntimeLogLine? TryParse(string line)
    {
        if (!line.StartsWith('{')) return null;
        try
        {
            return JsonSerializer.Deserialize(line, OciJsonContext.Default.RuntimeLogLine);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
