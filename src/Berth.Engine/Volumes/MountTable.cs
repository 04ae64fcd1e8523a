namespace Berth.Engine.Volumes;

/// <summary>Reads <c>/proc/self/mountinfo</c>: whether something is mounted on a path (a volume's device may still be
/// mounted from before a daemon restart, and must not be mounted twice).</summary>
internal static class MountTable
{
    public static async Task<bool> IsMountPointAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (full.Length > 1) full = full.TrimEnd('/');
        foreach (var line in await File.ReadAllLinesAsync("/proc/self/mountinfo", cancellationToken))
        {
            if (MountPointOf(line) == full) return true;
        }
        return false;
    }

    /// <summary>The fifth field of a mountinfo line, with the kernel's octal escapes (<c>\040</c> for a space) undone.</summary>
    internal static string? MountPointOf(string line)
    {
        var fields = line.Split(' ');
        if (fields.Length < 5) return null;
        var escaped = fields[4];
        var text = new System.Text.StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\' && IsOctal(escaped, i + 1))
            {
                text.Append((char)Convert.ToInt32(escaped.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(escaped[i]);
            }
        }
        return text.ToString();
    }

    private static bool IsOctal(string text, int start) =>
        start + 3 <= text.Length && text.AsSpan(start, 3).IndexOfAnyExceptInRange('0', '7') < 0;
}
