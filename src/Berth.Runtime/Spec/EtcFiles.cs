namespace Berth.Runtime.Spec;

internal sealed record PasswdEntry(string Name, long? Uid, long? Gid, string Home);

internal sealed record GroupEntry(string Name, long? Gid, IReadOnlyList<string> Members);

/// <summary>
/// Parses passwd(5) and group(5) leniently, as libc does: blank and <c>#</c> lines are skipped, missing
/// trailing fields are empty, and an id that is not a number matches no numeric lookup.
/// </summary>
internal static class EtcFiles
{
    public static IEnumerable<PasswdEntry> ParsePasswd(IEnumerable<string> lines) =>
        Records(lines).Select(f => new PasswdEntry(Field(f, 0), Id(Field(f, 2)), Id(Field(f, 3)), Field(f, 5)));

    public static IEnumerable<GroupEntry> ParseGroup(IEnumerable<string> lines) =>
        Records(lines).Select(f => new GroupEntry(
            Field(f, 0),
            Id(Field(f, 2)),
            Field(f, 3).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));

    /// <summary>A non-negative id in the range the kernel and Docker accept (0 … 2^31-1), or null.</summary>
    public static long? Id(string text) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
        && id <= int.MaxValue ? id : null;

    private static IEnumerable<string[]> Records(IEnumerable<string> lines) =>
        lines.Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(':'));

    private static string Field(string[] fields, int index) => index < fields.Length ? fields[index] : "";
}
