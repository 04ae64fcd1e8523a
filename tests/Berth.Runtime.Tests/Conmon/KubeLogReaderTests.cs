using System.Text;
using Berth.Runtime.Conmon;

namespace Berth.Runtime.Tests.Conmon;

public sealed class KubeLogReaderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-kubelog-").FullName;

    private string LogPath => Path.Combine(_dir, "ctr.log");

    [Fact]
    public async Task Read_SkipsBadLines_KeepsPartialsAndStreams()
    {
        File.WriteAllText(LogPath,
            Line(LogStream.Stdout, "one", partial: true) + Line(LogStream.Stderr, "oops") + "garbage\n" +
            Line(LogStream.Stdout, " and more") + Line(LogStream.Stdout, "héllo ✓"));

        var records = await KubeLogReader.ReadAsync(LogPath).ToListAsync();

        Assert.Equal(
            [(LogStream.Stdout, "one", true), (LogStream.Stderr, "oops", false), (LogStream.Stdout, " and more", false), (LogStream.Stdout, "héllo ✓", false)],
            records.Select(r => (r.Stream, r.Text, r.Partial)));
    }

    [Fact]
    public async Task Read_MissingFile_IsEmpty() => Assert.Empty(await KubeLogReader.ReadAsync(LogPath).ToListAsync());

    /// <summary>A line longer than the read buffer is still one record.</summary>
    [Fact]
    public async Task Read_LongLine()
    {
        var text = new string('x', 200_000);
        File.WriteAllText(LogPath, Line(LogStream.Stdout, text) + Line(LogStream.Stdout, "after"));

        var records = await KubeLogReader.ReadAsync(LogPath).ToListAsync();

        Assert.Equal([text, "after"], records.Select(r => r.Text));
    }

    [Fact]
    public async Task Follow_SeesAppendsAndTornWrites_EndsAtStop()
    {
        var stop = new TaskCompletionSource();
        var reader = KubeLogReader.ReadAsync(LogPath, follow: true, stop: stop.Task).ToListAsync().AsTask();

        await using (var log = new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            await Append(log, Line(LogStream.Stdout, "first"));
            await Task.Delay(250);
            // One record written in two pieces, with the reader polling in between.
            var torn = Line(LogStream.Stderr, "second");
            await Append(log, torn[..10]);
            await Task.Delay(250);
            await Append(log, torn[10..]);
            await Append(log, Line(LogStream.Stdout, "last"));
        }
        Assert.False(reader.IsCompleted);
        stop.SetResult();

        var records = await reader.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["first", "second", "last"], records.Select(r => r.Text));
    }

    [Fact]
    public async Task Follow_Cancelled_Throws()
    {
        File.WriteAllText(LogPath, Line(LogStream.Stdout, "only"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => KubeLogReader.ReadAsync(LogPath, follow: true, cancellationToken: cancel.Token).ToListAsync().AsTask());
    }

    /// <summary>Rotated files oldest first, then the live one; a file with two names (the pending link) is read once.</summary>
    [Fact]
    public async Task Read_GoesThroughTheRotatedFilesInOrder()
    {
        File.WriteAllText(LogPath + ".2", Line(LogStream.Stdout, "oldest"));
        File.WriteAllText(LogPath + ".1", Line(LogStream.Stdout, "older"));
        File.WriteAllText(LogPath, Line(LogStream.Stdout, "live"));
        File.CreateSymbolicLink(LogPath + ".pending", LogPath);
        File.WriteAllText(LogPath + ".x", Line(LogStream.Stdout, "not a log file"));

        var records = await KubeLogReader.ReadAsync(LogPath).ToListAsync();

        Assert.Equal(["oldest", "older", "live"], records.Select(r => r.Text));
    }

    /// <summary>Following through a rotation as LogRotator does it: the old file to its end, then the new one.</summary>
    [Fact]
    public async Task Follow_GoesOnInTheNewFile_AfterARotation()
    {
        var stop = new TaskCompletionSource();
        await using (var log = new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            await Append(log, Line(LogStream.Stdout, "before"));
            var reader = KubeLogReader.ReadAsync(LogPath, follow: true, stop: stop.Task).ToListAsync().AsTask();
            await Task.Delay(300);
            // As conmon between the daemon's rename and the reopen: still writing the old file under its new name.
            File.Move(LogPath, LogPath + ".1");
            await Append(log, Line(LogStream.Stdout, "during"));
            await Task.Delay(300);
            File.WriteAllText(LogPath, Line(LogStream.Stdout, "after"));
            await Task.Delay(300);
            stop.SetResult();
            var records = await reader.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(["before", "during", "after"], records.Select(r => r.Text));
        }
    }

    private static string Line(LogStream stream, string text, bool partial = false) =>
        KubeLogFormat.Format(new KubeLogRecord(T0, stream, text, partial));

    private static async Task Append(FileStream log, string text)
    {
        await log.WriteAsync(Encoding.UTF8.GetBytes(text));
        await log.FlushAsync();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
