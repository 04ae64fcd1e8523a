using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Berth.Registry.Server.Auth;

/// <summary>
/// Issues and checks the registry's bearer tokens: JWTs signed with HMAC-SHA256 under a key kept in the root
/// (<c>auth/token.key</c>, made on first use), so tokens stay valid across restarts of the same registry and
/// the issuer and the verifier are one process and need no key exchange.
/// </summary>
internal sealed class TokenSigner(byte[] key, string issuer, TimeProvider time, TimeSpan lifetime)
{
    // Clocks of the client and the registry may disagree a little about "not before".
    private static readonly TimeSpan Leeway = TimeSpan.FromSeconds(60);

    public string Issuer => issuer;
    public TimeSpan Lifetime => lifetime;

    public static async Task<byte[]> LoadOrCreateKeyAsync(Storage.RegistryLayout layout, Storage.AtomicFile files, CancellationToken cancellationToken)
    {
        var path = Path.Combine(layout.AuthRoot, "token.key");
        if (File.Exists(path)) return await File.ReadAllBytesAsync(path, cancellationToken);
        // Whoever reads the key can mint tokens: only the registry's user may enter auth/ (no such modes on Windows).
        Directory.CreateDirectory(layout.AuthRoot);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(layout.AuthRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var key = RandomNumberGenerator.GetBytes(32);
        await files.WriteAsync(path, key, cancellationToken);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }

    public (string Token, DateTimeOffset IssuedAt) Issue(string subject, IReadOnlyList<ResourceAccess> access)
    {
        var now = time.GetUtcNow();
        var claims = new TokenClaims
        {
            Issuer = issuer,
            Subject = subject,
            Audience = issuer,
            IssuedAt = now.ToUnixTimeSeconds(),
            NotBefore = now.ToUnixTimeSeconds(),
            Expires = (now + lifetime).ToUnixTimeSeconds(),
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Access = access,
        };
        var header = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new JwtHeader("HS256", "JWT"), RegistryJsonContext.Writer.JwtHeader));
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, RegistryJsonContext.Writer.TokenClaims));
        var signed = $"{header}.{payload}";
        return ($"{signed}.{Base64Url.EncodeToString(Sign(signed))}", now);
    }

    /// <summary>The claims of a token this registry signed that is in force now; null for any other token.</summary>
    public TokenClaims? Validate(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        byte[] signature;
        TokenClaims? claims;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
            if (!CryptographicOperations.FixedTimeEquals(signature, Sign($"{parts[0]}.{parts[1]}"))) return null;
            var header = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(parts[0]), RegistryJsonContext.Writer.JwtHeader);
            if (header?.Algorithm != "HS256") return null;
            claims = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(parts[1]), RegistryJsonContext.Writer.TokenClaims);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
        if (claims is null || claims.Issuer != issuer || claims.Audience != issuer) return null;
        var now = time.GetUtcNow();
        if (now >= DateTimeOffset.FromUnixTimeSeconds(claims.Expires) || now + Leeway < DateTimeOffset.FromUnixTimeSeconds(claims.NotBefore)) return null;
        return claims;
    }

    private byte[] Sign(string content) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(content));
}
