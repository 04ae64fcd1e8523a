using Berth.Images.References;

namespace Berth.Images.Tests.References;

// Expectations are what Docker's distribution/reference gives for the same input.
public sealed class ImageReferenceParseTests
{
    private const string Hex = "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
    private const string D = "sha256:" + Hex;

    /// <summary>input, ToString, FamiliarString, Repository, FamiliarRepository.</summary>
    public static TheoryData<string, string, string, string, string> Valid => new()
    {
        { "busybox", "docker.io/library/busybox", "busybox", "docker.io/library/busybox", "busybox" },
        { "busybox:latest", "docker.io/library/busybox:latest", "busybox:latest", "docker.io/library/busybox", "busybox" },
        { "library/busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36", "docker.io/library/busybox", "busybox" },
        { "docker.io/busybox", "docker.io/library/busybox", "busybox", "docker.io/library/busybox", "busybox" },
        { "docker.io/library/busybox:latest", "docker.io/library/busybox:latest", "busybox:latest", "docker.io/library/busybox", "busybox" },
        { "index.docker.io/busybox:glibc", "docker.io/library/busybox:glibc", "busybox:glibc", "docker.io/library/busybox", "busybox" },
        { "index.docker.io/library/busybox", "docker.io/library/busybox", "busybox", "docker.io/library/busybox", "busybox" },
        { "ubuntu-12.04-base", "docker.io/library/ubuntu-12.04-base", "ubuntu-12.04-base", "docker.io/library/ubuntu-12.04-base", "ubuntu-12.04-base" },
        { "myorg/app", "docker.io/myorg/app", "myorg/app", "docker.io/myorg/app", "myorg/app" },
        { "docker.io/myorg/app:v1", "docker.io/myorg/app:v1", "myorg/app:v1", "docker.io/myorg/app", "myorg/app" },
        { "index.docker.io/myorg/app", "docker.io/myorg/app", "myorg/app", "docker.io/myorg/app", "myorg/app" },
        { "other/library", "docker.io/other/library", "other/library", "docker.io/other/library", "other/library" },
        // Only one component after library/ is an official image.
        { "library/foo/bar", "docker.io/library/foo/bar", "library/foo/bar", "docker.io/library/foo/bar", "library/foo/bar" },
        { "store/foo/bar:1", "docker.io/store/foo/bar:1", "store/foo/bar:1", "docker.io/store/foo/bar", "store/foo/bar" },
        { "test_com/foo", "docker.io/test_com/foo", "test_com/foo", "docker.io/test_com/foo", "test_com/foo" },
        { "dock__er/a---b.c_d", "docker.io/dock__er/a---b.c_d", "dock__er/a---b.c_d", "docker.io/dock__er/a---b.c_d", "dock__er/a---b.c_d" },
        { "localhost/app", "localhost/app", "localhost/app", "localhost/app", "localhost/app" },
        { "localhost:5000/x:y", "localhost:5000/x:y", "localhost:5000/x:y", "localhost:5000/x", "localhost:5000/x" },
        { "localhost:5000/team/app", "localhost:5000/team/app", "localhost:5000/team/app", "localhost:5000/team/app", "localhost:5000/team/app" },
        { "registry.example.com/team/app:v1.2-rc_3", "registry.example.com/team/app:v1.2-rc_3", "registry.example.com/team/app:v1.2-rc_3", "registry.example.com/team/app", "registry.example.com/team/app" },
        { "127.0.0.1:5000/debian", "127.0.0.1:5000/debian", "127.0.0.1:5000/debian", "127.0.0.1:5000/debian", "127.0.0.1:5000/debian" },
        { "test-com:8080/foo", "test-com:8080/foo", "test-com:8080/foo", "test-com:8080/foo", "test-com:8080/foo" },
        { "xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com/myimage", "xn--n3h.com/myimage" },
        { "[::1]:5000/repo", "[::1]:5000/repo", "[::1]:5000/repo", "[::1]:5000/repo", "[::1]:5000/repo" },
        { "[2001:db8::1]/repo:tag", "[2001:db8::1]/repo:tag", "[2001:db8::1]/repo:tag", "[2001:db8::1]/repo", "[2001:db8::1]/repo" },
        // A single component is never a domain: these are Docker Hub images, the "port" a tag.
        { "localhost", "docker.io/library/localhost", "localhost", "docker.io/library/localhost", "localhost" },
        { "localhost:5000", "docker.io/library/localhost:5000", "localhost:5000", "docker.io/library/localhost", "localhost" },
        { "192.168.0.1", "docker.io/library/192.168.0.1", "192.168.0.1", "docker.io/library/192.168.0.1", "192.168.0.1" },
        { "192.168.0.1:80", "docker.io/library/192.168.0.1:80", "192.168.0.1:80", "docker.io/library/192.168.0.1", "192.168.0.1" },
        // An uppercase first component can only be a host.
        { "Foo/bar", "Foo/bar", "Foo/bar", "Foo/bar", "Foo/bar" },
        { "FOO/bar:Tag", "FOO/bar:Tag", "FOO/bar:Tag", "FOO/bar", "FOO/bar" },
        { "lowercase:Uppercase", "docker.io/library/lowercase:Uppercase", "lowercase:Uppercase", "docker.io/library/lowercase", "lowercase" },
        { "busybox@" + D, "docker.io/library/busybox@" + D, "busybox@" + D, "docker.io/library/busybox", "busybox" },
        { "busybox:latest@" + D, "docker.io/library/busybox:latest@" + D, "busybox:latest@" + D, "docker.io/library/busybox", "busybox" },
        { "myorg/app:v2@" + D, "docker.io/myorg/app:v2@" + D, "myorg/app:v2@" + D, "docker.io/myorg/app", "myorg/app" },
        { "localhost:5000/app@" + D, "localhost:5000/app@" + D, "localhost:5000/app@" + D, "localhost:5000/app", "localhost:5000/app" },
        { "[2001:db8::1]:5000/repo:tag@" + D, "[2001:db8::1]:5000/repo:tag@" + D, "[2001:db8::1]:5000/repo:tag@" + D, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000/repo" },
        // 63 hex characters are a name, only 64 could be an ID.
        { Hex[..63], "docker.io/library/" + Hex[..63], Hex[..63], "docker.io/library/" + Hex[..63], Hex[..63] },
        // The first component has a dot but is no host name: Docker keeps it all as the path, with no domain.
        { "a_b.c/d", "a_b.c/d", "a_b.c/d", "a_b.c/d", "a_b.c/d" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_Normalises_AsDocker(string input, string full, string familiar, string repository, string familiarRepository)
    {
        var reference = ImageReference.Parse(input);
        Assert.Equal(full, reference.ToString());
        Assert.Equal(familiar, reference.FamiliarString);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(familiarRepository, reference.FamiliarRepository);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_RoundTrips_ThroughBothForms(string input, string full, string familiar, string repository, string familiarRepository)
    {
        var reference = ImageReference.Parse(input);
        Assert.Equal(reference, ImageReference.Parse(full));
        Assert.Equal(reference, ImageReference.Parse(familiar));
        Assert.Equal(full, ImageReference.Parse(full).ToString());
        Assert.Equal(familiar, ImageReference.Parse(familiar).FamiliarString);
        Assert.Equal(ImageReference.Parse(repository), ImageReference.Parse(familiarRepository));
        Assert.True(ImageReference.TryParse(full, out var again));
        Assert.Equal(reference.GetHashCode(), again.GetHashCode());
    }

    [Theory]
    [InlineData("busybox", "docker.io", "library/busybox", null, null)]
    [InlineData("localhost:5000/x:y", "localhost:5000", "x", "y", null)]
    [InlineData("registry.example.com/a/b/c:1", "registry.example.com", "a/b/c", "1", null)]
    [InlineData("busybox:1@" + D, "docker.io", "library/busybox", "1", D)]
    [InlineData("Foo/bar", "Foo", "bar", null, null)]
    [InlineData("a_b.c/d", "", "a_b.c/d", null, null)]
    public void Parse_SplitsDomainPathTagAndDigest(string input, string domain, string path, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(input);
        Assert.Equal(domain, reference.Domain);
        Assert.Equal(path, reference.Path);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest?.ToString());
    }

    [Fact]
    public void Parse_BareName_IsTheSameImageAsTheFullLatest()
    {
        var bare = ImageReference.Parse("busybox");
        var full = ImageReference.Parse("docker.io/library/busybox:latest");
        Assert.NotEqual(full, bare);
        Assert.Equal(full, bare.WithDefaultTag());
        Assert.Equal("docker.io/library/busybox:latest", bare.WithDefaultTag().ToString());
        Assert.Equal("busybox:latest", bare.WithDefaultTag().FamiliarString);
    }

    [Fact]
    public void Parse_HexNameWithADomain_IsAllowed()
    {
        // Docker accepts it once a domain removes the ambiguity with an ID, though its familiar form does not parse back.
        var reference = ImageReference.Parse("docker.io/" + Hex);
        Assert.Equal("docker.io/library/" + Hex, reference.ToString());
        Assert.Equal(Hex, reference.FamiliarString);
    }

    [Fact]
    public void Parse_LongestTag_IsAllowed()
    {
        var tag = "t" + new string('x', 127);
        Assert.Equal(tag, ImageReference.Parse("busybox:" + tag).Tag);
    }

    [Fact]
    public void Parse_LimitsThePathAndNotTheDomain()
    {
        // distribution/reference counts the path alone against the 255-character limit.
        var path = string.Join('/', Enumerable.Repeat("a", 128));
        Assert.Equal(255, path.Length);
        Assert.Equal(path, ImageReference.Parse(path).Path);
        Assert.Equal(path, ImageReference.Parse("registry.example.com:5000/" + path).Path);
    }
}
