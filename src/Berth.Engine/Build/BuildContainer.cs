using System.Diagnostics;
using System.Text.Json;
using Berth.Build.Worker;
using Berth.Oci;
using Berth.Oci.Runtime;
using Berth.Runtime.OciRuntimes;
using Berth.Runtime.Spec;
using Berth.Runtime.Spec.Seccomp;

namespace Berth.Engine.Build;

/// <summary>
/// A RUN step's process: a container with Docker's defaults (namespaces, capabilities, seccomp, masked paths)
/// over the step's rootfs, run to its end with <c>RUNTIME run</c> and its output piped back. Unlike a
/// container's, it needs no conmon: it never outlives the build that waits for it.
/// </summary>
internal sealed class BuildContainer(IOciRuntime runtime, string bundle, string rootfs, string id)
{
    /// <summary>BuildKit's hostname for the processes of a build.</summary>
    private const string Hostname = "buildkitsandbox";

    public async Task<int> RunAsync(BuildProcess process, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> output, CancellationToken cancellationToken)
    {
        await WriteBundleAsync(process, cancellationToken);
        var options = runtime.Options;
        var start = new ProcessStartInfo(options.BinaryPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--root", options.StateRoot, "run", "--bundle", bundle, id]) start.ArgumentList.Add(arg);
        using var child = Process.Start(start) ?? throw new BerthException(ErrorKind.Internal, $"{options.Name} run could not be started");
        child.StandardInput.Close();
        var gate = new SemaphoreSlim(1, 1);
        var pumps = new[] { PumpAsync(child.StandardOutput.BaseStream, output, gate, cancellationToken), PumpAsync(child.StandardError.BaseStream, output, gate, cancellationToken) };
        try
        {
            await child.WaitForExitAsync(cancellationToken);
            await Task.WhenAll(pumps);
            return child.ExitCode;
        }
        catch (OperationCanceledException)
        {
            // The build was cancelled (the client went away): the step's container must not linger.
            await runtime.KillAsync(id, "KILL", all: true, CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            await child.WaitForExitAsync(CancellationToken.None);
            await runtime.DeleteAsync(id, force: true, CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }
    }

    private async Task WriteBundleAsync(BuildProcess process, CancellationToken cancellationToken)
    {
        var files = await WriteEtcFilesAsync(process.NetworkMode == "host", cancellationToken);
        var image = new ImageConfig { Config = new ContainerConfig { Env = process.Env, User = process.User, WorkingDir = process.WorkingDir } };
        var options = new RunOptions
        {
            Cmd = process.Args,
            Entrypoint = [],
            Hostname = Hostname,
            NetworkMode = process.NetworkMode,
            Binds = [.. process.Mounts.Where(m => m.Source is not null).Select(m => $"{m.Source}:{m.Target}:{(m.ReadOnly ? "ro" : "rw")}"),
                .. await WriteSecretsAsync(process.Mounts.Where(m => m.Content is not null), cancellationToken)],
            Tmpfs = process.Mounts.Where(m => m.Source is null && m.Content is null).ToDictionary(m => m.Target, m => m.TmpfsSize > 0 ? $"size={m.TmpfsSize}" : "", StringComparer.Ordinal),
        };
        var spec = SpecGenerator.Generate(image, options, rootfs, id, files, new RootfsUserResolver(rootfs));
        spec = SeccompBpf.Precompiled(spec, runtime.Options.Name);
        if (spec.Process is { User: { } user, Cwd: { } cwd }) WorkingDirectory.Ensure(rootfs, cwd, user.Uid, user.Gid);
        await File.WriteAllBytesAsync(Path.Join(bundle, "config.json"), JsonSerializer.SerializeToUtf8Bytes(spec, RuntimeJsonContext.Default.RuntimeSpec), cancellationToken);
    }

    /// <summary>Secret files beside the bundle, outside the rootfs (so no layer can hold them), bound in read-only.</summary>
    private async Task<List<string>> WriteSecretsAsync(IEnumerable<BuildMount> secrets, CancellationToken cancellationToken)
    {
        var binds = new List<string>();
        var directory = Path.Join(bundle, "secrets");
        foreach (var (secret, index) in secrets.Select((s, i) => (s, i)))
        {
            Directory.CreateDirectory(directory);
            var path = Path.Join(directory, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await File.WriteAllBytesAsync(path, secret.Content!, cancellationToken);
            Berth.Build.Files.FileOwner.Set(path, secret.Uid, secret.Gid);
            File.SetUnixFileMode(path, secret.Mode);
            binds.Add($"{path}:{secret.Target}:ro");
        }
        return binds;
    }

    /// <summary>/etc/hosts, /etc/hostname and /etc/resolv.conf for the step: the host's on the host network (where RUN reaches the network from).</summary>
    private async Task<ContainerFiles> WriteEtcFilesAsync(bool hostNetwork, CancellationToken cancellationToken)
    {
        var hosts = Path.Join(bundle, "hosts");
        var hostname = Path.Join(bundle, "hostname");
        var resolv = Path.Join(bundle, "resolv.conf");
        var hostHosts = hostNetwork && File.Exists("/etc/hosts") ? await File.ReadAllTextAsync("/etc/hosts", cancellationToken) : "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n";
        await File.WriteAllTextAsync(hosts, hostHosts + $"127.0.0.1\t{Hostname}\n", cancellationToken);
        await File.WriteAllTextAsync(hostname, Hostname + "\n", cancellationToken);
        await File.WriteAllTextAsync(resolv, File.Exists("/etc/resolv.conf") ? await File.ReadAllTextAsync("/etc/resolv.conf", cancellationToken) : "", cancellationToken);
        return new ContainerFiles { HostsPath = hosts, HostnamePath = hostname, ResolvConfPath = resolv };
    }

    private static async Task PumpAsync(Stream stream, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> output, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            // stdout and stderr share one stream of messages: one write at a time.
            await gate.WaitAsync(cancellationToken);
            try
            {
                await output(buffer.AsMemory(0, read), cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
