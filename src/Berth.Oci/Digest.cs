using System.Security.Cryptography;

namespace Berth.Oci;

/// <summary>
/// A content digest as the OCI image spec defines it: <c>algorithm:hex</c>. Only sha256 is accepted,
/// which is what Docker and every registry Berth talks to use.
/// </summary>
public readonly record struct Digest
{
    public const string Sha256Algorithm = "sha256";
    private const int Sha256HexLength = 64;

    public string Algorithm { get; }
    public string Hex { get; }

    private Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    public static Digest Parse(string value) =>
        TryParse(value, out var digest) ? digest : throw new FormatException($"invalid digest \"{value}\": expected sha256:<64 hex characters>");

    public static bool TryParse(string? value, out Digest digest)
    {
        digest = default;
        if (value is null) return false;
        var colon = value.IndexOf(':');
        if (colon <= 0 || value[..colon] != Sha256Algorithm) return false;
        var hex = value[(colon + 1)..];
        if (!IsLowerHex(hex, Sha256HexLength)) return false;
        digest = new Digest(Sha256Algorithm, hex);
        return true;
    }

    public static Digest FromHex(string hex) => Parse($"{Sha256Algorithm}:{hex}");

    public static Digest FromHash(ReadOnlySpan<byte> sha256) => new(Sha256Algorithm, Convert.ToHexStringLower(sha256));

    public static Digest Compute(ReadOnlySpan<byte> content) => FromHash(SHA256.HashData(content));

    /// <summary>The first 12 hex characters, as Docker shows image and container IDs.</summary>
    public string Short => Hex[..12];

    public override string ToString() => $"{Algorithm}:{Hex}";

    public static bool IsLowerHex(ReadOnlySpan<char> value, int length)
    {
        if (value.Length != length) return false;
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f')) return false;
        }
        return true;
    }
}
