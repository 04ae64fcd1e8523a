using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Berth.Runtime.Conmon;

/// <summary>Reads a k8s-file log (see <see cref="KubeLogFormat"/>) as records, and follows it while the container runs.</summary>
public static class KubeLogReader
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The log's records from the start. Lines that are not records (a torn write, a foreign line) are skipped.
    /// </summary>
    /// <param name="follow">
    /// At the end of the file, wait for more instead of stopping, until <paramref name="stop"/> completes: the
    /// file is then read to its end once more and the sequence ends. Pass the container's exit
    /// (<see cref="IContainerSupervisor.WaitAsync"/>): conmon drains the container's pipes and syncs the log before
    /// it writes the exit file, so nothing is written after it.
    /// </param>
    /// <param name="stop">When following, the end of the log; never when null (follow until cancelled).</param>
    public static async IAsyncEnumerable<KubeLogRecord> ReadAsync(
        string path, bool follow = false, Task? stop = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var file = await OpenAsync(path, follow, stop, cancellationToken);
        if (file is null) yield break;
        await using var stream = file;
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var (start, end) = (0, 0);
        try
        {
            while (true)
            {
                // Looked at before reading, so that the read which follows sees everything written before the stop.
                var last = !follow || stop?.IsCompleted == true;
                while (true)
                {
                    if (end == buffer.Length) (buffer, start, end) = MakeRoom(buffer, start, end);
                    var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
                    if (read == 0) break;
                    end += read;
                    int newline;
                    while ((newline = Array.IndexOf(buffer, (byte)'\n', start, end - start)) >= 0)
                    {
                        var parsed = KubeLogFormat.TryParse(Encoding.UTF8.GetString(buffer, start, newline - start), out var record);
                        start = newline + 1;
                        if (parsed) yield return record;
                    }
                }
                if (last) break;
                var poll = Task.Delay(PollInterval, cancellationToken);
                await (stop is null ? poll : Task.WhenAny(stop, poll)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                cancellationToken.ThrowIfCancellationRequested();
            }
            // A last line without its newline: conmon always ends a record with one, so this is a write still under way
            // or a torn one; it is a record only if it parses.
            if (end > start && KubeLogFormat.TryParse(Encoding.UTF8.GetString(buffer, start, end - start), out var tail))
                yield return tail;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The open log; when following, waits for conmon to create it. Null if there is none to read.</summary>
    private static async Task<FileStream?> OpenAsync(string path, bool follow, Task? stop, CancellationToken cancellationToken)
    {
        while (true)
        {
            var last = !follow || stop?.IsCompleted == true;
            try
            {
                // conmon appends while this reads, and may rotate the file away.
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, useAsync: true);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                if (last) return null;
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Moves the unread bytes to the front, or into a buffer twice the size when one line fills it.</summary>
    private static (byte[] Buffer, int Start, int End) MakeRoom(byte[] buffer, int start, int end)
    {
        if (start > 0)
        {
            Array.Copy(buffer, start, buffer, 0, end - start);
            return (buffer, 0, end - start);
        }
        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        Array.Copy(buffer, bigger, end);
        ArrayPool<byte>.Shared.Return(buffer);
        return (bigger, 0, end);
    }
}
