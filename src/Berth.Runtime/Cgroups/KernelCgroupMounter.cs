using System.Diagnostics;

namespace Berth.Runtime.Cgroups;

/// <summary>
/// Mounts v1 cgroup hierarchies by running <c>mount -t cgroup -o CONTROLLER cgroup DIR</c>.
/// </summary>
/// <remarks>
/// mount(8) rather than mount(2) through LibraryImport: the generated marshalling needs unsafe code, which
/// this project does not enable, and a mount at daemon start-up is too rare for a fork to matter. mount(8)
/// makes the same single syscall and its error ("cgroup already mounted or mount point busy") reads better in
/// a log line than a bare errno.
/// </remarks>
public sealed class KernelCgroupMounter : ICgroupMounter
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task MountV1HierarchyAsync(string controller, string mountPoint, CancellationToken cancellationToken = default)
    {
        var mount = ExecutableSearch.Find("mount") ?? throw new IOException("mount(8) is not installed");
        // /sys/fs/cgroup is a tmpfs on v1 and hybrid hosts, so a directory for a new hierarchy can be made.
        var created = !Directory.Exists(mountPoint);
        try
        {
            Directory.CreateDirectory(mountPoint);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"cannot create {mountPoint}: {e.Message}", e);
        }

        try
        {
            await RunAsync(mount, ["-t", "cgroup", "-o", controller, "cgroup", mountPoint], cancellationToken);
        }
        catch
        {
            // Leave the host as found: an empty directory we made would look like a hierarchy to some tools.
            if (created) Directory.Delete(mountPoint);
            throw;
        }
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new IOException($"cannot start {program}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested) throw;
            throw new IOException($"{string.Join(' ', args.Prepend("mount"))} did not finish within {Timeout.TotalSeconds:0} s");
        }
        var message = ((await stderr) + (await stdout)).Trim();
        if (process.ExitCode != 0)
        {
            throw new IOException($"{string.Join(' ', args.Prepend("mount"))} failed: {(message.Length > 0 ? message : $"exit code {process.ExitCode}")}");
        }
    }
}
