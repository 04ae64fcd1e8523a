using System.Text;
using Berth.Build.Files;
using Berth.Dockerfile.Instructions;
using Berth.Runtime.Spec;

namespace Berth.Build.Steps;

/// <summary>
/// COPY and ADD onto a mounted rootfs, with Docker's destination rules: a destination ending in '/', or an
/// existing directory, receives the sources inside it; a directory source gives its contents, not itself; with
/// several sources the destination must be a directory. ADD also unpacks local archives and downloads URLs.
/// </summary>
internal sealed class CopyStep
{
    private readonly Instruction _instruction;
    private readonly IReadOnlyList<string> _sources;
    private readonly IReadOnlyList<InlineSource> _inline;
    private readonly string _destination;
    private readonly string? _chown;
    private readonly string? _chmod;
    private readonly bool _isAdd;

    /// <param name="instruction">A COPY or ADD, expanded.</param>
    /// <param name="workingDirectory">The image's WORKDIR, which a relative destination continues.</param>
    public CopyStep(Instruction instruction, string? workingDirectory)
    {
        _instruction = instruction;
        (_sources, _inline, var destination, _chown, _chmod, _isAdd) = instruction switch
        {
            CopyInstruction c => (c.Sources, c.InlineSources, c.Destination, c.Chown, c.Chmod, false),
            AddInstruction a => (a.Sources, a.InlineSources, a.Destination, a.Chown, a.Chmod, true),
            _ => throw new ArgumentException("not a COPY or ADD", nameof(instruction)),
        };
        var trailingSlash = destination.EndsWith('/') || destination is "." or "..";
        _destination = ConfigInstructions.ResolveWorkdir(workingDirectory, destination) + (trailingSlash ? "/" : "");
        if (_sources.Count + _inline.Count > 1 && !_destination.EndsWith('/'))
            throw new BuildFailedException($"When using {Name} with more than one source file, the destination must be a directory and end with a /");
    }

    private string Name => _isAdd ? "ADD" : "COPY";

    /// <summary>
    /// <c>--link</c> honoured: the copy makes a layer of its own over nothing, reusable on any parent. Not when the
    /// outcome reads the parent: a user name for --chown (its /etc/passwd), or a destination without a trailing slash
    /// (whether it is an existing directory); those copy onto the parent, as without --link.
    /// </summary>
    public bool Links =>
        (_instruction is CopyInstruction { Link: true } or AddInstruction { Link: true })
        && _destination.EndsWith('/')
        && (string.IsNullOrEmpty(_chown) || _chown.Split(':').All(part => uint.TryParse(part, out _)));

    /// <summary>The history text: BuildKit's, the instruction's words with " # buildkit".</summary>
    public string CreatedBy(string? from) =>
        $"{Name} {(from is null ? "" : $"--from={from} ")}{string.Join(' ', [.. _sources, .. _inline.Select(i => "<<" + i.Name), _destination])} # buildkit";

    /// <summary>What the step reads from <paramref name="sources"/>: the paths and a checksum of their content, for the cache key.</summary>
    public async Task<string> ChecksumAsync(CopySources sources, CancellationToken cancellationToken)
    {
        var parts = new StringBuilder().Append(_chown).Append('|').Append(_chmod).Append('|');
        foreach (var inline in _inline) parts.Append(inline.Name).Append('=').Append(inline.Data).Append('|');
        var local = _sources.Where(s => !IsUrl(s)).SelectMany(s => sources.Resolve(s, Name)).ToList();
        parts.Append(await ContentChecksum.ComputeAsync(local, sources.Ignore, sources.HostPath, sources.Digests, cancellationToken));
        // A URL's content is only known once fetched: its address (and --checksum, in the instruction) stand for it.
        foreach (var url in _sources.Where(IsUrl)) parts.Append('|').Append(url);
        return parts.ToString();
    }

    public async Task ApplyAsync(string rootfs, CopySources sources, HttpClient http, CancellationToken cancellationToken)
    {
        var (uid, gid) = Owner(rootfs);
        var copier = new FileCopier(rootfs, uid, gid, Mode());
        var intoDirectory = _destination.EndsWith('/') || copier.IsDirectory(_destination);
        foreach (var source in _sources)
        {
            if (IsUrl(source))
            {
                await DownloadAsync(copier, source, intoDirectory, http, cancellationToken);
                continue;
            }
            foreach (var path in sources.Resolve(source, Name))
            {
                var host = sources.HostPath(path);
                FileSystemInfo info = Directory.Exists(host) ? new DirectoryInfo(host) : new FileInfo(host);
                if (_isAdd && info is FileInfo && await ArchiveUnpacker.TryUnpackAsync(host, copier.EnsureDirectory(_destination, (UnixFileMode)0b111_101_101), cancellationToken))
                    continue;
                var target = info is DirectoryInfo ? _destination : intoDirectory ? $"{_destination.TrimEnd('/')}/{Path.GetFileName(path)}" : _destination;
                await copier.CopyAsync(info, path, target, sources.Ignore, cancellationToken);
            }
        }
        foreach (var inline in _inline)
        {
            var target = intoDirectory ? $"{_destination.TrimEnd('/')}/{inline.Name}" : _destination;
            await copier.WriteAsync(target, Encoding.UTF8.GetBytes(inline.Data), (UnixFileMode)0b110_100_100, DateTimeOffset.UtcNow, cancellationToken);
        }
    }

    private async Task DownloadAsync(FileCopier copier, string url, bool intoDirectory, HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new BuildFailedException($"ADD failed: failed to GET {url} with status {(int)response.StatusCode} {response.ReasonPhrase}");
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (_instruction is AddInstruction { Checksum: { } expected })
        {
            var actual = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
            if (!string.Equals(actual, expected, StringComparison.Ordinal))
                throw new BuildFailedException($"ADD failed: digest mismatch for {url}: expected {expected}, got {actual}");
        }
        var name = Path.GetFileName(new Uri(url).AbsolutePath.TrimEnd('/'));
        if (name.Length == 0) name = "__unnamed__";
        var target = intoDirectory ? $"{_destination.TrimEnd('/')}/{name}" : _destination;
        var modified = response.Content.Headers.LastModified ?? DateTimeOffset.UtcNow;
        // Docker gives downloaded files mode 0600.
        await copier.WriteAsync(target, content, UnixFileMode.UserRead | UnixFileMode.UserWrite, modified, cancellationToken);
    }

    private static bool IsUrl(string source) =>
        source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>--chown user[:group]</c>, names looked up in the rootfs's /etc/passwd and /etc/group; root when absent.</summary>
    private (uint Uid, uint Gid) Owner(string rootfs)
    {
        if (string.IsNullOrEmpty(_chown)) return (0, 0);
        try
        {
            var users = new RootfsUserResolver(rootfs);
            var colon = _chown.IndexOf(':');
            if (colon < 0)
            {
                var user = users.ResolveUser(_chown);
                return (user.Uid, user.Gid);
            }
            var uid = users.ResolveUser(_chown[..colon]).Uid;
            return (uid, users.ResolveGroup(_chown[(colon + 1)..]));
        }
        catch (Oci.BerthException e)
        {
            throw new BuildFailedException($"{Name} failed: unable to convert uid/gid chown string to host mapping: {e.Message}");
        }
    }

    /// <summary><c>--chmod</c> in octal.</summary>
    private UnixFileMode? Mode()
    {
        if (string.IsNullOrEmpty(_chmod)) return null;
        try
        {
            var mode = Convert.ToInt32(_chmod, 8);
            if (mode is < 0 or > 0xFFF) throw new FormatException();
            return (UnixFileMode)mode;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new BuildFailedException($"invalid chmod parameter: {_chmod}: only octal modes are supported");
        }
    }
}
