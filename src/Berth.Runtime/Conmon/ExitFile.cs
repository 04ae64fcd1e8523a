using System.Globalization;

namespace Berth.Runtime.Conmon;

/// <summary>
/// conmon's exit file: a file named by the container id in the exit directory, holding the exit code as decimal
/// text and nothing else. conmon writes it with g_file_set_contents (a temporary file renamed into place), so a
/// reader sees either no file or the whole number.
/// </summary>
internal static class ExitFile
{
    /// <summary>
    /// How often a waiter looks, at most. A stat every tenth of a second is nothing next to an inotify instance per
    /// waiter, of which a user gets 128 by default; the first looks come sooner (2 ms, doubling), because most
    /// waits are for short processes — an exec of <c>true</c> is over in milliseconds.
    /// </summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(2);

    /// <summary>The exit code, or null while the file does not exist.</summary>
    public static async Task<int?> TryReadAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        return int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code)
            ? code
            : throw new InvalidDataException($"exit file {path} holds '{text}', not an exit code");
    }

    /// <summary>
    /// Writes an exit code where conmon would have, for a process that never ran (conmon records only the
    /// exits it sees). A temporary file renamed into place, as conmon does, so readers see all or nothing.
    /// </summary>
    public static async Task WriteAsync(string path, int code, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, code.ToString(CultureInfo.InvariantCulture), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Waits for the file until <paramref name="timeout"/> (infinite allowed); null if it never came.</summary>
    public static async Task<int?> WaitAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = timeout == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + timeout;
        var interval = FirstPoll;
        while (true)
        {
            if (await TryReadAsync(path, cancellationToken) is { } code) return code;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            await Task.Delay(left < interval ? left : interval, cancellationToken);
            interval = interval * 2 < PollInterval ? interval * 2 : PollInterval;
        }
    }
}
