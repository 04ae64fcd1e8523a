using System.Text;

namespace Berth.Network.Hosts;

/// <summary>One /etc/hosts line: an address and the names it answers to.</summary>
public sealed record HostsEntry(string Address, IReadOnlyList<string> Names);

/// <summary>
/// The part of a container's /etc/hosts that networking owns: the container's own address and, on
/// user-defined networks, every other member's (name, short id, aliases), as podman did before its DNS
/// server. It follows a marker line, so the lines the engine wrote above it (localhost, --add-host) stay.
/// </summary>
public static class HostsFile
{
    public const string Marker = "# berth: network members";

    /// <summary>The file with its network section replaced by <paramref name="entries"/>.</summary>
    public static string Render(string current, IEnumerable<HostsEntry> entries)
    {
        var markerAt = current.IndexOf(Marker, StringComparison.Ordinal);
        var text = new StringBuilder(markerAt < 0 ? current : current[..markerAt]);
        if (text.Length > 0 && text[^1] != '\n') text.Append('\n');
        text.Append(Marker).Append('\n');
        foreach (var entry in entries)
        {
            var names = entry.Names.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (names.Count > 0) text.Append(entry.Address).Append('\t').Append(string.Join(' ', names)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// Rewrites the file in place: it is bind-mounted into running containers, and a rename would leave them
    /// looking at the old inode.
    /// </summary>
    public static async Task UpdateInPlaceAsync(string path, IEnumerable<HostsEntry> entries, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return;
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        string current;
        using (var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true)) current = await reader.ReadToEndAsync(cancellationToken);
        var bytes = Encoding.UTF8.GetBytes(Render(current, entries));
        stream.Position = 0;
        await stream.WriteAsync(bytes, cancellationToken);
        stream.SetLength(bytes.Length);
    }
}
