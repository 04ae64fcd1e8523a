using System.Text;

namespace Berth.Registry.Server.Auth;

/// <summary>The user and password of an <c>Authorization: Basic …</c> header.</summary>
internal readonly record struct BasicCredentials(string User, string Password)
{
    public static bool TryParse(string? header, out BasicCredentials credentials)
    {
        credentials = default;
        const string Prefix = "Basic ";
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[Prefix.Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':');
        if (colon < 0) return false;
        credentials = new BasicCredentials(decoded[..colon], decoded[(colon + 1)..]);
        return true;
    }
}
