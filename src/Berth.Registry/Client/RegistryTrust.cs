using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Berth.Registry.Client;

/// <summary>
/// Decides whether a registry's TLS certificate is trusted: the system store by default; a registry with
/// <c>CERTS_DIR/HOST[:PORT]/ca.crt</c> is checked against that CA alone (as docker's certs.d); an insecure registry
/// is not checked at all. CA files are read once per host.
/// </summary>
internal sealed class RegistryTrust(string certsDirectory)
{
    private readonly ConcurrentDictionary<string, X509Certificate2Collection?> _roots = new();
    private readonly ConcurrentDictionary<string, bool> _insecure = new();
    private readonly ConcurrentDictionary<string, string> _failures = new();

    public void MarkInsecure(string authority) => _insecure[authority] = true;

    public bool Validate(HttpRequestMessage request, X509Certificate2? certificate, SslPolicyErrors errors)
    {
        var authority = request.RequestUri?.Authority ?? "";
        if (_insecure.ContainsKey(authority)) return true;
        var roots = _roots.GetOrAdd(authority, LoadRoots);
        bool trusted;
        if (roots is null || certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            trusted = errors == SslPolicyErrors.None;
        }
        else
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            trusted = chain.Build(certificate);
            errors = trusted ? SslPolicyErrors.None : SslPolicyErrors.RemoteCertificateChainErrors;
        }
        if (!trusted) _failures[authority] = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0
            ? $"x509: certificate is not valid for {request.RequestUri?.Host}"
            : "x509: certificate signed by unknown authority";
        return trusted;
    }

    /// <summary>Why the last TLS handshake with <paramref name="authority"/> was refused, in Go's words; null if it was not.</summary>
    public string? FailureOf(string authority) => _failures.GetValueOrDefault(authority);

    private X509Certificate2Collection? LoadRoots(string authority)
    {
        var path = Path.Join(certsDirectory, authority, "ca.crt");
        if (!File.Exists(path)) return null;
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(path);
        return roots;
    }
}
