using Berth.Runtime.Conmon;

namespace Berth.Runtime.Logs;

/// <summary>
/// Rotates a running container's log the way Docker's json-file does (LOG → LOG.1 → LOG.2 …, the oldest dropped),
/// while conmon keeps writing it. conmon holds the file open, so rotation is: shift the old files up, give the live
/// file the name LOG.1, and ask conmon (control fifo, type 2) to start a new file at LOG. Lines written between the
/// rename and the reopen land in LOG.1, where they belong; none is lost.
/// </summary>
/// <remarks>
/// conmon also replaces the file by itself at its own cap (<see cref="LogRotation.ConmonSizeMax"/>), which would
/// drop the file's content. The live file therefore always has a second name, LOG.pending: when conmon replaces
/// LOG, the old content lives on there and the next look moves it to LOG.1. While the daemon is away the pending
/// file keeps the first replaced file; later ones are lost, and the disk stays bounded.
/// </remarks>
public static class LogRotator
{
    private static readonly TimeSpan ReopenWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReopenPoll = TimeSpan.FromMilliseconds(10);

    /// <summary>One look at the log: rotates it if due. True when files moved.</summary>
    /// <param name="bundleDir">Where conmon's control fifo is.</param>
    public static async Task<bool> RotateIfDueAsync(string logPath, LogRotation rotation, string bundleDir, CancellationToken cancellationToken)
    {
        if (!rotation.RotatesFiles || FileIdentity.Of(logPath) is not { } live) return false;
        var pending = LogFiles.Pending(logPath);
        var newest = LogFiles.Rotated(logPath, 1);
        if (FileIdentity.Of(newest) == live)
        {
            // Moved aside before, but conmon has not started a new file yet (or missed the message, or is gone).
            if (!await ReopenAsync(bundleDir, cancellationToken)) File.Delete(logPath);
            return false;
        }
        var pendingId = FileIdentity.Of(pending);
        if (pendingId is { } kept && kept != live)
        {
            // conmon replaced the file at its own cap: what it wrote before is the newest rotated file.
            Shift(logPath, rotation.MaxFiles);
            File.Move(pending, newest, overwrite: true);
            HardLink.TryCreate(logPath, pending);
            return true;
        }
        if (pendingId is null) HardLink.TryCreate(logPath, pending);
        if (new FileInfo(logPath).Length < rotation.MaxSize) return false;

        Shift(logPath, rotation.MaxFiles);
        // The live file's second name becomes its rotated name: conmon keeps appending to it until it reopens.
        File.Move(pending, newest, overwrite: true);
        // conmon's reopen opens LOG.tmp and renames it to LOG. Made here first, with its second name, the new file
        // is covered from its first byte, even if conmon's own cap replaces it at once.
        var next = logPath + ".tmp";
        File.Delete(next);
        await using (File.Create(pending)) { }
        HardLink.TryCreate(pending, next);
        if (!await ReopenAsync(bundleDir, cancellationToken))
        {
            // No conmon writes it (the container has exited): the old name goes, and the next start makes a new file.
            File.Delete(logPath);
            File.Delete(next);
            File.Delete(pending);
            return true;
        }
        var waited = TimeSpan.Zero;
        while (FileIdentity.Of(logPath) == live && waited < ReopenWait)
        {
            await Task.Delay(ReopenPoll, cancellationToken);
            waited += ReopenPoll;
        }
        return true;
    }

    /// <summary>LOG.n → LOG.n+1 from the oldest down, dropping those past the limit, so that LOG.1 is free.</summary>
    private static void Shift(string logPath, int maxFiles)
    {
        foreach (var n in LogFiles.RotatedNumbers(logPath).Reverse())
        {
            var file = LogFiles.Rotated(logPath, n);
            if (n + 1 >= maxFiles) File.Delete(file);
            else File.Move(file, LogFiles.Rotated(logPath, n + 1), overwrite: true);
        }
    }

    /// <summary>Asks conmon for a new file; false when there is no conmon to ask (no fifo, or no reader on it).</summary>
    private static async Task<bool> ReopenAsync(string bundleDir, CancellationToken cancellationToken)
    {
        try
        {
            await ConmonControl.ReopenLogsAsync(bundleDir, cancellationToken);
            return true;
        }
        catch (Berth.Oci.BerthException e) when (e.Kind is Berth.Oci.ErrorKind.NotFound or Berth.Oci.ErrorKind.Conflict)
        {
            return false;
        }
    }
}
