using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Berth.Registry.Server.Auth;

/// <summary>
/// Users from an Apache htpasswd file. Only bcrypt entries (<c>htpasswd -B</c>: $2y$, $2a$, $2b$) are accepted,
/// as distribution's htpasswd auth does: the MD5 and SHA-1 variants are too weak to guard a push.
/// </summary>
internal sealed class Htpasswd
{
    private readonly Dictionary<string, string> _hashes;

    // bcrypt is slow by design and clients send credentials with every request; a password once verified is
    // remembered by its SHA-256 (never in clear), so a push of many blobs pays the bcrypt cost once.
    private readonly ConcurrentDictionary<string, string> _verified = new(StringComparer.Ordinal);

    private Htpasswd(Dictionary<string, string> hashes) => _hashes = hashes;

    public static Htpasswd Load(string path)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new InvalidOperationException($"htpasswd {path}, line {number}: expected user:hash");
            var hash = line[(colon + 1)..];
            if (!hash.StartsWith("$2y$", StringComparison.Ordinal) && !hash.StartsWith("$2a$", StringComparison.Ordinal) && !hash.StartsWith("$2b$", StringComparison.Ordinal))
                throw new InvalidOperationException($"htpasswd {path}, line {number}: only bcrypt entries are supported (make them with htpasswd -B)");
            hashes[line[..colon]] = hash;
        }
        return new Htpasswd(hashes);
    }

    public bool Verify(string user, string password)
    {
        if (!_hashes.TryGetValue(user, out var hash)) return false;
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{user}\0{password}\0{hash}")));
        if (_verified.TryGetValue(user, out var known) && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(known), Encoding.ASCII.GetBytes(fingerprint)))
            return true;
        bool valid;
        try
        {
            valid = BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
        if (valid) _verified[user] = fingerprint;
        return valid;
    }
}
