using System.Security.Cryptography;
using System.Text;

namespace Berth.Build.Solver;

/// <summary>
/// A step's cache key: a digest over its parent's key and everything the step reads (its expanded instruction,
/// the build args it sees, the checksum of the files it copies). Equal keys mean an equal result, so the
/// result can be reused; mtimes are never part of it.
/// </summary>
internal static class CacheKey
{
    /// <summary>The key of a stage built on an image from the store: its ID says everything about it.</summary>
    public static string ForImage(string imageId) => Of("image", imageId);

    public static string Of(params IEnumerable<string> parts)
    {
        var text = new StringBuilder();
        // Length-prefixed, so ("ab","c") and ("a","bc") never collide.
        foreach (var part in parts) text.Append(part.Length).Append(':').Append(part).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
