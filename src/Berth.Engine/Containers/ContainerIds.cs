using System.Security.Cryptography;

namespace Berth.Engine.Containers;

/// <summary>Container IDs: 32 random bytes as 64 lower-case hex characters, as Docker makes them.</summary>
public static class ContainerIds
{
    public const int Length = 64;
    public const int ShortLength = 12;

    public static string New()
    {
        while (true)
        {
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2));
            // A short ID of only digits could be taken for a number by tools and scripts (Docker avoids it too).
            if (!id.AsSpan(0, ShortLength).ContainsAnyExcept("0123456789")) continue;
            return id;
        }
    }

    public static string Short(string id) => id.Length > ShortLength ? id[..ShortLength] : id;

    public static bool IsFullId(string value) =>
        value.Length == Length && !value.AsSpan().ContainsAnyExcept("0123456789abcdef");
}
