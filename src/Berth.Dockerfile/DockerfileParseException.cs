namespace Berth.Dockerfile;

/// <summary>
/// A Dockerfile that cannot be parsed or expanded. <see cref="Exception.Message"/> is the user-facing line
/// <c>Dockerfile:7: unknown instruction: RUNN (did you mean RUN?)</c>; <see cref="Reason"/> is the same text
/// without the location, the part BuildKit prints after "dockerfile parse error on line N:". An error that
/// belongs to no line (an empty file) has line 0 and reads <c>Dockerfile: reason</c>.
/// </summary>
internal sealed class DockerfileParseException(string file, int line, string reason, Exception? inner = null)
    : Exception(line > 0 ? $"{file}:{line}: {reason}" : $"{file}: {reason}", inner)
{
    public string File { get; } = file;

    /// <summary>1-based line where the failing instruction starts; 0 when the error has no line.</summary>
    public int Line { get; } = line;

    public string Reason { get; } = reason;
}
