using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Berth.Registry.Tests.Server;

public sealed class TlsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task With_a_certificate_and_key_the_registry_speaks_https()
    {
        var (certPath, keyPath, certificate) = SelfSigned.Write(_dir);
        X509Certificate2? presented = null;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                presented = cert is null ? null : X509CertificateLoader.LoadCertificate(cert.RawData);
                return cert?.Thumbprint == certificate.Thumbprint;
            },
        };
        await using var registry = await TestRegistry.StartAsync(o => o with { TlsCertificate = certPath, TlsKey = keyPath }, handler: handler);
        Assert.Equal("https", registry.Address.Scheme);
        using var response = await registry.Client.GetAsync("/v2/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(certificate.Thumbprint, presented?.Thumbprint);
        var digest = await registry.PushBlobAsync("repo", [1, 2, 3]);
        Assert.Equal([1, 2, 3], await registry.Client.GetByteArrayAsync($"/v2/repo/blobs/{digest}"));
    }

    [Fact]
    public async Task A_certificate_without_its_key_is_refused()
    {
        var (certPath, _, _) = SelfSigned.Write(_dir);
        await Assert.ThrowsAsync<ArgumentException>(() => TestRegistry.StartAsync(o => o with { TlsCertificate = certPath }));
    }

    [Fact]
    public async Task A_key_that_is_not_pem_is_refused_with_a_message()
    {
        var (certPath, _, _) = SelfSigned.Write(_dir);
        var badKey = _dir.Combine("bad.key");
        await File.WriteAllTextAsync(badKey, "not a key");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestRegistry.StartAsync(o => o with { TlsCertificate = certPath, TlsKey = badKey }));
        Assert.Contains("cannot load TLS certificate", error.Message);
    }
}

/// <summary>A self-signed certificate for 127.0.0.1, written as PEM certificate and key files.</summary>
internal static class SelfSigned
{
    public static (string CertPath, string KeyPath, X509Certificate2 Certificate) Write(TempDirectory dir)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = dir.Combine("registry.crt");
        var keyPath = dir.Combine("registry.key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath, certificate);
    }
}
