using Berth.Api.Auth;
using Berth.Images.References;
using Berth.Registry.Client;

namespace Berth.Registry.Tests.Client;

/// <summary>References as a pull resolves them: the registry, the API host, the repository path, the tag or digest.</summary>
public sealed class ReferenceResolutionTests
{
    [Theory]
    [InlineData("busybox", "docker.io", "registry-1.docker.io", "library/busybox", "latest")]
    [InlineData("docker.io/busybox:1.36", "docker.io", "registry-1.docker.io", "library/busybox", "1.36")]
    [InlineData("index.docker.io/library/busybox", "docker.io", "registry-1.docker.io", "library/busybox", "latest")]
    [InlineData("someone/tool:2", "docker.io", "registry-1.docker.io", "someone/tool", "2")]
    [InlineData("localhost:5000/a/b:c", "localhost:5000", "localhost:5000", "a/b", "c")]
    [InlineData("127.0.0.1:5000/app", "127.0.0.1:5000", "127.0.0.1:5000", "app", "latest")]
    [InlineData("ghcr.io/org/img:v1", "ghcr.io", "ghcr.io", "org/img", "v1")]
    [InlineData("localhost/app", "localhost", "localhost", "app", "latest")]
    public void Names_ResolveToRegistryApiHostAndPath(string name, string domain, string apiHost, string path, string tag)
    {
        var reference = ImageReference.Parse(name).WithDefaultTag();
        Assert.Equal(domain, reference.Domain);
        Assert.Equal(apiHost, RegistryHosts.ApiHost(reference.Domain));
        Assert.Equal(path, reference.Path);
        Assert.Equal(tag, reference.Tag);
        // The CLI's own split (it cannot parse references fully) picks the same registry for its stored login.
        Assert.Equal(domain, RegistryServer.DomainOf(name));
    }

    [Fact]
    public void Digests_AreKeptWithOrWithoutATag()
    {
        var digest = "sha256:" + new string('a', 64);
        var reference = ImageReference.Parse($"busybox@{digest}");
        Assert.Equal(digest, reference.Digest.ToString());
        Assert.Null(reference.Tag);
        Assert.Equal($"docker.io/library/busybox@{digest}", reference.ToString());
        Assert.Equal(reference, reference.WithDefaultTag());
    }

    [Theory]
    [InlineData("a b", "invalid reference format")]
    [InlineData("busybox@sha256:abc", "invalid reference format")]
    [InlineData("Busybox", "invalid reference format: repository name (library/Busybox) must be lowercase")]
    public void BadNames_GiveDockersErrors(string name, string message) =>
        Assert.Equal(message, Assert.Throws<Berth.Oci.BerthException>(() => ImageReference.Parse(name).Domain.ToString()).Message);

    [Theory]
    [InlineData("docker.io", "https://index.docker.io/v1/")]
    [InlineData("https://index.docker.io/v1/", "https://index.docker.io/v1/")]
    [InlineData("localhost:5000", "localhost:5000")]
    [InlineData("http://localhost:5000/v2/", "localhost:5000")]
    public void LoginServers_AreKeyedAsTheDockerCliKeysThem(string server, string key) => Assert.Equal(key, RegistryServer.ConfigKey(server));
}
