using System.IO.Pipelines;

namespace Berth.Cli.Commands.Build;

/// <summary>
/// Where a build's context and Dockerfile come from, as the docker CLI decides: a directory (its Dockerfile, or
/// <c>-f FILE</c> inside or outside it, or <c>-f -</c> from stdin), or <c>-</c>: stdin holding either a context
/// tar (plain or compressed) or a lone Dockerfile with no context at all.
/// </summary>
internal sealed class BuildSource : IAsyncDisposable
{
    private readonly Func<Stream, IReadOnlySet<string>?, CancellationToken, Task> _write;
    private readonly List<(Stream Context, Task Producer)> _opened = [];

    private BuildSource(string? directory, string dockerfileName, ExtraDockerfile? extra, Func<Stream, IReadOnlySet<string>?, CancellationToken, Task> write)
    {
        Directory = directory;
        DockerfileName = dockerfileName;
        Extra = extra;
        _write = write;
    }

    /// <summary>The context directory; null when the context comes from stdin.</summary>
    public string? Directory { get; }

    /// <summary>The Dockerfile's path inside the context.</summary>
    public string DockerfileName { get; }

    /// <summary>A Dockerfile from outside the context directory, which the context carries under its own name.</summary>
    public ExtraDockerfile? Extra { get; }

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
        if (!System.IO.Directory.Exists(directory))
            throw new CliUsageException(File.Exists(directory) ? $"unable to prepare context: context must be a directory: {path}" : $"unable to prepare context: path \"{path}\" not found");

        ExtraDockerfile? extra = null;
        string dockerfileName;
        if (file == "-")
        {
            extra = ExtraDockerfile.Create(await ReadAllAsync(Console.OpenStandardInput(), cancellationToken));
            dockerfileName = extra.Name;
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
                extra = ExtraDockerfile.Create(await File.ReadAllBytesAsync(dockerfile, cancellationToken));
                dockerfileName = extra.Name;
            }
            else
            {
                dockerfileName = relative.Replace('\\', '/');
            }
        }
        return new BuildSource(directory, dockerfileName, extra, (output, only, ct) => ContextArchive.WriteAsync(directory, dockerfileName, extra, output, only, ct));
    }

    private static async Task<BuildSource> FromStdinAsync(string? file, CancellationToken cancellationToken)
    {
        var stdin = Console.OpenStandardInput();
        var head = new byte[512];
        var read = await stdin.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (IsArchive(head.AsSpan(0, read)))
        {
            return new BuildSource(null, file ?? "Dockerfile", null, async (output, _, ct) =>
            {
                await output.WriteAsync(head.AsMemory(0, read), ct);
                await stdin.CopyToAsync(output, ct);
            });
        }
        // Not an archive: stdin is the Dockerfile, and the context is empty.
        var dockerfile = new MemoryStream();
        dockerfile.Write(head, 0, read);
        await stdin.CopyToAsync(dockerfile, cancellationToken);
        var extra = ExtraDockerfile.Create(dockerfile.ToArray());
        return new BuildSource(null, extra.Name, extra, (output, only, ct) => ContextArchive.WriteAsync(null, extra.Name, extra, output, only, ct));
    }

    /// <summary>
    /// The context tar, written while it is sent, so a big one never sits in memory; with <paramref name="only"/>, just
    /// those entries of the directory. A context from stdin can be read once.
    /// </summary>
    public Stream OpenContext(IReadOnlySet<string>? only, CancellationToken cancellationToken)
    {
        if (Directory is null && _opened.Count > 0) throw new InvalidOperationException("a build context from stdin can be sent once");
        var pipe = new Pipe();
        var producer = Task.Run(async () =>
        {
            try
            {
                await _write(pipe.Writer.AsStream(leaveOpen: true), only, cancellationToken);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e);
            }
        }, cancellationToken);
        var context = pipe.Reader.AsStream();
        _opened.Add((context, producer));
        return context;
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
        foreach (var (context, producer) in _opened)
        {
            await context.DisposeAsync();
            try
            {
                await producer;
            }
            catch (Exception) when (producer.IsCanceled || producer.IsFaulted)
            {
                // The request already failed with this error (the pipe carried it), or was cancelled.
            }
        }
    }
}
