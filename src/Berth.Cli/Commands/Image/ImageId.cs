namespace Berth.Cli.Commands.Image;

/// <summary>How docker shows image IDs: 12 hex characters, or the full <c>sha256:…</c> with --no-trunc.</summary>
internal static class ImageId
{
    public static string Display(string id, bool noTrunc)
    {
        if (noTrunc) return id;
        var hex = id.StartsWith("sha256:", StringComparison.Ordinal) ? id["sha256:".Length..] : id;
        return hex.Length > 12 ? hex[..12] : hex;
    }
}
