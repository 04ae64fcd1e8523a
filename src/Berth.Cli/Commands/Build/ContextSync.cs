using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Berth.Api.Client;
using Berth.Api.Models;

namespace Berth.Cli.Commands.Build;

/// <summary>
/// Sends a context directory the way BuildKit's sessions do, not as docker's whole tar: berthd keeps the copy it
/// received for the directory's last build, the CLI tells it what the directory holds now (each entry's type, mode,
/// size and mtime), and the tar carries only what changed. A rebuild of an unchanged 50 MB context then sends a few
/// kilobytes. A daemon without the endpoint gets the whole tar.
/// </summary>
internal static class ContextSync
{
    // Two builds of one directory at once may each find the kept copy changed under them; the daemon then says so (409).
    private const int Attempts = 3;

    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    public static async IAsyncEnumerable<JsonMessage> BuildAsync(BerthClient client, BuildSource source, BerthClient.BuildParameters parameters,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var upload = attempt < Attempts ? await StageAsync(client, source, cancellationToken) : null;
            var only = upload is null ? null : new HashSet<string>(upload.Missing, StringComparer.Ordinal);
            var messages = client.BuildAsync(source.OpenContext(only, cancellationToken), parameters with { ContextUpload = upload?.Upload }, cancellationToken)
                .GetAsyncEnumerator(cancellationToken);
            bool any;
            try
            {
                // The request goes out, and the daemon answers its status, at the first message.
                any = await messages.MoveNextAsync();
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.Conflict && upload is not null)
            {
                // The kept copy changed meanwhile: stage again against what it holds now.
                await messages.DisposeAsync();
                continue;
            }
            await using (messages)
            {
                for (var more = any; more; more = await messages.MoveNextAsync()) yield return messages.Current;
            }
            yield break;
        }
    }

    /// <summary>The upload naming what the kept copy lacks; null from a daemon without context sync (the whole context goes).</summary>
    private static async Task<BuildContextUpload?> StageAsync(BerthClient client, BuildSource source, CancellationToken cancellationToken)
    {
        var directory = source.Directory ?? throw new InvalidOperationException("only a context directory is synced");
        try
        {
            return await client.StageBuildContextAsync(Key(directory), await ManifestAsync(source, directory, cancellationToken), cancellationToken);
        }
        catch (ApiException e) when (e.Status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            // A daemon without context sync (an older berthd, or dockerd): the whole context, as docker sends it.
            return null;
        }
    }

    /// <summary>The same directory on the same machine finds the same kept copy.</summary>
    private static string Key(string directory) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Environment.MachineName}\0{directory}")));

    private static async Task<BuildContextManifest> ManifestAsync(BuildSource source, string directory, CancellationToken cancellationToken)
    {
        var manifest = new BuildContextManifest();
        var now = DateTime.UtcNow;
        foreach (var item in await ContextWalk.EnumerateAsync(directory, source.DockerfileName, cancellationToken))
        {
            var isFile = item.Type == System.Formats.Tar.TarEntryType.RegularFile;
            var modified = item.Stat.ModificationTime.UtcDateTime;
            manifest.Entries.Add(new BuildContextEntry
            {
                Path = item.Name,
                Type = item.Type switch { System.Formats.Tar.TarEntryType.Directory => "d", System.Formats.Tar.TarEntryType.SymbolicLink => "l", _ => "f" },
                Mode = (int)item.Stat.Mode,
                Size = isFile ? item.Stat.Size : 0,
                // The kernel stamps mtimes at a clock tick's granularity: a file written just now may be written again
                // with the same size and mtime after it is sent. Such a file (git calls it racily clean) gets an mtime
                // no other build sends, so it always goes.
                ModTime = isFile && now - modified < RacyWindow ? -now.Ticks : modified.Ticks,
                Link = item.Info.LinkTarget,
            });
        }
        if (source.Extra is { } extra)
        {
            // Named anew for every build: always missing from the kept copy, and always sent.
            manifest.Entries.Add(new BuildContextEntry { Path = extra.Name, Mode = 0b110_100_100, Size = extra.Content.Length, ModTime = extra.ModificationTime.UtcTicks });
        }
        return manifest;
    }
}
