using System.Text;

namespace Berth.Runtime.Cgroups;

/// <summary>
/// One line of <c>/proc/PID/mountinfo</c>, reduced to what cgroup detection needs. A line reads
/// <c>36 35 98:0 /root /mnt rw,noatime master:1 - ext3 /dev/root rw,errors=continue</c>: six fixed fields,
/// any number of optional ones, a lone <c>-</c>, then the filesystem type, the source, and the
/// filesystem's own ("super") options — where a v1 cgroup hierarchy lists its controllers.
/// </summary>
internal sealed record MountInfoEntry(string MountPoint, string FilesystemType, IReadOnlyList<string> SuperOptions)
{
    /// <summary>Every well-formed line of <paramref name="mountInfo"/>, in order; malformed lines are skipped.</summary>
    public static IEnumerable<MountInfoEntry> ParseAll(string mountInfo)
    {
        foreach (var line in mountInfo.Split('\n'))
        {
            if (TryParse(line) is { } entry) yield return entry;
        }
    }

    private static MountInfoEntry? TryParse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // The separator comes after the six fixed fields; the optional fields before it vary in number.
        if (fields.Length < 10) return null;
        var separator = Array.IndexOf(fields, "-", 6);
        if (separator < 0 || fields.Length < separator + 4) return null;
        return new MountInfoEntry(Unescape(fields[4]), fields[separator + 1], fields[separator + 3].Split(','));
    }

    /// <summary>The kernel writes space, tab, newline and backslash in paths as three octal digits (<c>\040</c>).</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field.AsSpan(i + 1, 3)))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }

    private static bool IsOctal(ReadOnlySpan<char> digits)
    {
        foreach (var c in digits)
        {
            if (c is < '0' or > '7') return false;
        }
        return true;
    }
}
