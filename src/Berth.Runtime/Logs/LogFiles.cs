using System.Globalization;

namespace Berth.Runtime.Logs;

/// <summary>
/// The files of one container's log, as Docker's json-file names them: the live file that conmon writes,
/// <c>LOG.1</c> (the newest rotated one) up to <c>LOG.N</c> (the oldest), and <c>LOG.pending</c>, a second name
/// of the live file that keeps its content when conmon replaces the file on its own (see <see cref="LogRotator"/>).
/// </summary>
public static class LogFiles
{
    public static string Rotated(string logPath, int number) => logPath + "." + number.ToString(CultureInfo.InvariantCulture);

    public static string Pending(string logPath) => logPath + ".pending";

    /// <summary>The numbers of the rotated files there are, newest (1) first.</summary>
    public static IReadOnlyList<int> RotatedNumbers(string logPath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(logPath))!;
        if (!Directory.Exists(dir)) return [];
        var prefix = Path.GetFileName(logPath) + ".";
        var numbers = new List<int>();
        foreach (var file in Directory.EnumerateFiles(dir, prefix + "*"))
        {
            // The pattern's matching is loose (it takes the bare name too): the prefix is checked here.
            var name = Path.GetFileName(file);
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var suffix = name[prefix.Length..];
            if (int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0) numbers.Add(n);
        }
        numbers.Sort();
        return numbers;
    }

    /// <summary>
    /// Every file of the log, oldest first, each file once: the rotated ones, the pending one when conmon has
    /// moved past it, the live one last. A file with two names (the live one and <c>.pending</c>, or the live one
    /// and <c>.1</c> until conmon reopens) is listed under its first name in this order, so it is read once.
    /// </summary>
    public static IReadOnlyList<string> OldestFirst(string logPath)
    {
        var candidates = RotatedNumbers(logPath).Reverse().Select(n => Rotated(logPath, n)).Append(Pending(logPath)).Append(logPath);
        var seen = new HashSet<ulong>();
        var files = new List<string>();
        foreach (var file in candidates)
        {
            if (FileIdentity.Of(file) is { } inode && seen.Add(inode)) files.Add(file);
        }
        return files;
    }

    /// <summary>The bytes the log takes on disk, every file counted once.</summary>
    public static long TotalSize(string logPath)
    {
        long total = 0;
        foreach (var file in OldestFirst(logPath))
        {
            var info = new FileInfo(file);
            if (info.Exists) total += info.Length;
        }
        return total;
    }
}
