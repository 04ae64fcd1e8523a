using System.IO.Pipelines;

namespace Berth.Cli.Commands.Build;

/// <summary>
/// Where a build's context and Dockerfile come from, as the docker CLI decides: a directory (its Dockerfile, or
/// <c>-f FILE</c> inside or outside it, or <c>-f -</c> from stdin), or <c>-</c>: stdin holding either a context
/// tar (plain or compressed) or a lone Dockerfile with no context at all.
/// </summary>
internal sealed class BuildSource : IAsyncDisposable
{
    private readonly Task _producer;

    private BuildSource(Stream context, string dockerfileName, Task producer)
    {
        Context = context;
        DockerfileName = dockerfileName;
        _producer = producer;
    }

    /// <summary>The context tar, as it is to be sent.</summary>
    public Stream Context { get; }

    /// <summary>The Dockerfile's name inside the context.</summary>
    public string DockerfileName { get; }

    public static async Task<BuildSource> OpenAsync(string path, string? file, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            if (file == "-") throw new CliUsageException("invalid argument: can't use stdin for both build context and dockerfile");
            return await FromStdinAsync(file, cancellationToken);
        }
        if (path.Contains("://", StringComparison.Ordinal) || path.StartsWith("git@", StringComparison.Ordinal))
            throw new CliUsageException($"unable to prepare context: remote contexts are not supported: {path}");
        var directory = Path.GetFullPath(path);
        if (!Directory.Exists(directory))
            throw new CliUsageException(File.Exists(directory) ? $"unable to prepare context: context must be a directory: {path}" : $"unable to prepare context: path \"{path}\" not found");

        (string Name, byte[] Content)? extra = null;
        string dockerfileName;
        if (file == "-")
        {
            dockerfileName = ContextArchive.ExtraDockerfileName();
            extra = (dockerfileName, await ReadAllAsync(Console.OpenStandardInput(), cancellationToken));
        }
        else
        {
            // -f is relative to the working directory, not to the context.
            var dockerfile = file is null ? Path.Join(directory, "Dockerfile") : Path.GetFullPath(file);
            if (!File.Exists(dockerfile))
                throw new CliUsageException($"unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat {dockerfile}: no such file or directory");
            var relative = Path.GetRelativePath(directory, dockerfile);
            if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            {
                dockerfileName = ContextArchive.ExtraDockerfileName();
                extra = (dockerfileName, await File.ReadAllBytesAsync(dockerfile, cancellationToken));
            }
            else
            {
                dockerfileName = relative.Replace('\\', '/');
            }
        }
        return Produce(dockerfileName, (output, ct) => ContextArchive.WriteAsync(directory, dockerfileName, extra, output, ct), cancellationToken);
    }

    private static async Task<BuildSource> FromStdinAsync(string? file, CancellationToken cancellationToken)
    {
        var stdin = Console.OpenStandardInput();
        var head = new byte[512];
        var read = await stdin.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (IsArchive(head.AsSpan(0, read)))
        {
            return Produce(file ?? "Dockerfile", async (output, ct) =>
            {
                await output.WriteAsync(head.AsMemory(0, read), ct);
                await stdin.CopyToAsync(output, ct);
            }, cancellationToken);
        }
        // Not an archive: stdin is the Dockerfile, and the context is empty.
        var dockerfile = new MemoryStream();
        dockerfile.Write(head, 0, read);
        await stdin.CopyToAsync(dockerfile, cancellationToken);
        var name = ContextArchive.ExtraDockerfileName();
        return Produce(name, (output, ct) => ContextArchive.WriteAsync(null, name, (name, dockerfile.ToArray()), output, ct), cancellationToken);
    }

    /// <summary>The context is written while it is sent, so a big one never sits in memory.</summary>
    private static BuildSource Produce(string dockerfileName, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        var producer = Task.Run(async () =>
        {
            try
            {
                await write(pipe.Writer.AsStream(leaveOpen: true), cancellationToken);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e);
            }
        }, cancellationToken);
        return new BuildSource(pipe.Reader.AsStream(), dockerfileName, producer);
    }

    /// <summary>A tar (its "ustar" magic) or a compressed stream (gzip, bzip2, xz, zstd), as the docker CLI sniffs it.</summary>
    internal static bool IsArchive(ReadOnlySpan<byte> head) =>
        (head.Length >= 262 && head[257..262].SequenceEqual("ustar"u8))
        || head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B, 0x08])
        || head.StartsWith("BZh"u8)
        || head.StartsWith((ReadOnlySpan<byte>)[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00])
        || head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]);

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        try
        {
            await _producer;
        }
        catch (Exception) when (_producer.IsCanceled || _producer.IsFaulted)
        {
            // The request already failed with this error (the pipe carried it), or was cancelled.
        }
    }
}
