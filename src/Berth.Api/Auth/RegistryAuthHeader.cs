using System.Text;
using System.Text.Json;

namespace Berth.Api.Auth;

/// <summary>
/// The <c>X-Registry-Auth</c> header: an <see cref="AuthConfig"/> as JSON, base64url-encoded with padding, as the
/// docker CLI sends it. Decoding also takes the standard alphabet and missing padding, since other clients
/// (docker-py, Testcontainers) differ there, and an undecodable header counts as no credentials, as in moby.
/// </summary>
public static class RegistryAuthHeader
{
    public const string Name = "X-Registry-Auth";

    public static string Encode(AuthConfig config)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(config, ApiJsonContext.Default.AuthConfig);
        return Convert.ToBase64String(json).Replace('+', '-').Replace('/', '_');
    }

    public static AuthConfig? Decode(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var text = header.Trim().Replace('-', '+').Replace('_', '/');
        text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        try
        {
            var config = JsonSerializer.Deserialize(Convert.FromBase64String(text), ApiJsonContext.Default.AuthConfig);
            return config is null || config.IsEmpty ? null : config;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The user and password of a config, from its fields or its <c>auth</c> (base64 "user:password").</summary>
    public static (string? Username, string? Password) Credentials(AuthConfig config)
    {
        if (!string.IsNullOrEmpty(config.Username) || string.IsNullOrEmpty(config.Auth)) return (config.Username, config.Password);
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(config.Auth));
            var colon = pair.IndexOf(':');
            return colon < 0 ? (pair, "") : (pair[..colon], pair[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }
}
