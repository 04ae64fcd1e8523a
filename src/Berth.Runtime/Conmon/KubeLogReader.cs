using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Berth.Runtime.Conmon;

/// <summary>Reads a k8s-file log (see <see cref="KubeLogFormat"/>) as records, and follows it while the container runs.</summary>
public static class KubeLogReader
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The log's records from the start: the rotated files oldest first (see <see cref="Logs.LogFiles"/>), then the
    /// live one. Lines that are not records (a torn write, a foreign line) are skipped.
    /// </summary>
    /// <param name="follow">
    /// At the end of the live file, wait for more instead of stopping, until <paramref name="stop"/> completes: the
    /// file is then read to its end once more and the sequence ends. Pass the container's exit
    /// (<see cref="IContainerSupervisor.WaitAsync"/>): conmon drains the container's pipes and syncs the log before
    /// it writes the exit file, so nothing is written after it. When the log is rotated meanwhile, the old file is
    /// read to its end and the new one from its start, as Docker's follow does.
    /// </param>
    /// <param name="stop">When following, the end of the log; never when null (follow until cancelled).</param>
    public static async IAsyncEnumerable<KubeLogRecord> ReadAsync(
        string path, bool follow = false, Task? stop = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // All opened first: a rotation while this reads renames files, but an open file stays the same file.
        var files = OpenAll(path);
        try
        {
            if (files.Count == 0)
            {
                if (await OpenAsync(path, follow, stop, cancellationToken) is not { } created) yield break;
                files.Add(created);
            }
            var from = 0;
            while (true)
            {
                for (var i = from; i < files.Count - 1; i++)
                {
                    await foreach (var record in ReadFileAsync(files[i], null, stop, cancellationToken)) yield return record;
                }
                var live = files[^1];
                await foreach (var record in ReadFileAsync(live, follow ? path : null, stop, cancellationToken)) yield return record;
                if (!follow) break;
                // The live file was rotated away (conmon reopened): the files after it are read next, even after the
                // stop. More than one when conmon started another before this looked (its own cap).
                var liveId = Logs.FileIdentity.Of(live.SafeFileHandle);
                if (Logs.FileIdentity.Of(path) is not { } now || now == liveId) break;
                var newer = OpenAll(path);
                var ids = newer.Select(f => Logs.FileIdentity.Of(f.SafeFileHandle)).ToList();
                var at = ids.IndexOf(liveId);
                // Not there any more (rotated out while this read it): the live file is the best guess of what follows.
                var after = at >= 0 ? at + 1 : newer.Count - 1;
                foreach (var unneeded in newer.Take(after)) await unneeded.DisposeAsync();
                if (after >= newer.Count) break;
                from = files.Count;
                files.AddRange(newer.Skip(after));
            }
        }
        finally
        {
            foreach (var file in files) await file.DisposeAsync();
        }
    }

    private static List<FileStream> OpenAll(string path)
    {
        var files = new List<FileStream>();
        foreach (var name in Logs.LogFiles.OldestFirst(path))
        {
            if (TryOpen(name) is { } opened) files.Add(opened);
        }
        return files;
    }

    /// <summary>
    /// One file's records. With <paramref name="followPath"/>, at its end waits for more until <paramref name="stop"/>
    /// completes or another file takes that path (conmon reopened after a rotation); either way the file is read to
    /// its end first.
    /// </summary>
    private static async IAsyncEnumerable<KubeLogRecord> ReadFileAsync(
        FileStream stream, string? followPath, Task? stop, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var follow = followPath is not null;
        var identity = follow ? Logs.FileIdentity.Of(stream.SafeFileHandle) : null;
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var (start, end) = (0, 0);
        try
        {
            while (true)
            {
                // Looked at before reading, so that the read which follows sees everything written before the stop
                // or the reopen (conmon closes the old file before the new one takes its name).
                var last = !follow || stop?.IsCompleted == true || Logs.FileIdentity.Of(followPath!) is { } now && now != identity;
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

    private static FileStream? TryOpen(string path)
    {
        try
        {
            // conmon appends while this reads, and rotation may rename or drop the file.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The open log; when following, waits for conmon to create it. Null if there is none to read.</summary>
    private static async Task<FileStream?> OpenAsync(string path, bool follow, Task? stop, CancellationToken cancellationToken)
    {
        while (true)
        {
            var last = !follow || stop?.IsCompleted == true;
            if (TryOpen(path) is { } file) return file;
            if (last) return null;
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
