using Berth.Oci;

namespace Berth.Build.Worker;

/// <summary>A writable root filesystem for one build step, mounted on the host at <see cref="Path"/>.</summary>
public interface IBuildRootfs : IAsyncDisposable
{
    string Path { get; }

    /// <summary>Runs a process in the rootfs as a container with Docker's defaults; returns its exit code.</summary>
    /// <param name="output">Receives stdout and stderr as they come.</param>
    Task<int> RunAsync(BuildProcess process, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> output, CancellationToken cancellationToken);

    /// <summary>The changes made to the rootfs as a layer blob (uncompressed: its digest is its diff ID). The rootfs is gone afterwards.</summary>
    Task<Descriptor> CommitAsync(CancellationToken cancellationToken);
}

/// <param name="Args">The argv, shell included for a shell-form RUN.</param>
/// <param name="Env">KEY=value, the image's ENV with the step's build args.</param>
/// <param name="NetworkMode"><c>host</c>, <c>none</c>, or the default.</param>
/// <param name="Mounts">RUN --mount: cache directories, binds of the context, tmpfs.</param>
public sealed record BuildProcess(
    IReadOnlyList<string> Args, IReadOnlyList<string> Env, string User, string WorkingDir, string NetworkMode, IReadOnlyList<BuildMount> Mounts);

/// <summary>
/// A RUN --mount: a host directory bound in (<paramref name="Source"/>), a secret file (<paramref name="Content"/>,
/// which the worker writes outside the rootfs and binds read-only), or else a tmpfs.
/// </summary>
public sealed record BuildMount(string? Source, string Target, bool ReadOnly, long TmpfsSize = 0)
{
    public byte[]? Content { get; init; }
    public UnixFileMode Mode { get; init; } = UnixFileMode.UserRead;
    public uint Uid { get; init; }
    public uint Gid { get; init; }
}
