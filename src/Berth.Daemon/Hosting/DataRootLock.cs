using Berth.Images.Content;

namespace Berth.Daemon.Hosting;

/// <summary>
/// An exclusive lock on the data root (flock on <c>DATA_ROOT/berthd.lock</c>, which .NET takes for
/// FileShare.None). The kernel drops it when the process dies, so a crashed daemon never blocks a restart.
/// The holder's PID goes to a separate file, <c>berthd.owner</c>: .NET would refuse to open the locked
/// file itself for reading, so the refused daemon could not name the holder.
/// </summary>
public sealed class DataRootLock : IDisposable
{
    private readonly FileStream _file;

    private DataRootLock(FileStream file) => _file = file;

    public static async Task<DataRootLock> AcquireAsync(string dataRoot, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataRoot);
        var owner = Path.Combine(dataRoot, "berthd.owner");
        FileStream file;
        try
        {
            file = new FileStream(Path.Combine(dataRoot, "berthd.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var holder = File.Exists(owner) ? (await File.ReadAllTextAsync(owner, cancellationToken)).Trim() : "";
            throw new InvalidOperationException(
                $"data root {dataRoot} is in use by another berthd{(holder.Length > 0 ? $" (pid {holder})" : "")}");
        }
        await FileSync.WriteAtomicAsync(owner, System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"), cancellationToken);
        return new DataRootLock(file);
    }

    public void Dispose() => _file.Dispose();
}
