using Berth.Images.References;
using Berth.Oci;

namespace Berth.Images.Tests.References;

public sealed class ImageReferenceTaggingTests
{
    private const string D = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";

    [Theory]
    [InlineData("busybox", "docker.io/library/busybox:latest")]
    [InlineData("busybox:1.36", "docker.io/library/busybox:1.36")]
    [InlineData("localhost:5000/app", "localhost:5000/app:latest")]
    [InlineData("busybox@" + D, "docker.io/library/busybox@" + D)]
    [InlineData("busybox:1@" + D, "docker.io/library/busybox:1@" + D)]
    public void WithDefaultTag_AddsLatestOnlyToABareName(string input, string expected) =>
        Assert.Equal(expected, ImageReference.Parse(input).WithDefaultTag().ToString());

    [Fact]
    public void WithDefaultTag_OnATaggedName_ReturnsItself()
    {
        var tagged = ImageReference.Parse("busybox:1");
        Assert.Same(tagged, tagged.WithDefaultTag());
    }

    [Theory]
    [InlineData("busybox", "v2", "docker.io/library/busybox:v2")]
    [InlineData("busybox:1", "2", "docker.io/library/busybox:2")]
    [InlineData("registry.example.com/team/app:old", "New_1.0-rc", "registry.example.com/team/app:New_1.0-rc")]
    [InlineData("busybox@" + D, "v1", "docker.io/library/busybox:v1@" + D)]
    public void WithTag_ReplacesTheTag_AndKeepsTheDigest(string input, string tag, string expected) =>
        Assert.Equal(expected, ImageReference.Parse(input).WithTag(tag).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("-x")]
    [InlineData(".x")]
    [InlineData("a/b")]
    [InlineData("a:b")]
    [InlineData("ü")]
    [InlineData("latest\n")]
    public void WithTag_Invalid_FailsAsDocker(string tag)
    {
        var error = Assert.Throws<BerthException>(() => ImageReference.Parse("busybox").WithTag(tag));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("invalid tag format", error.Message);
    }

    [Fact]
    public void WithTag_LongestTag_IsAllowed_AndOneMoreIsNot()
    {
        var busybox = ImageReference.Parse("busybox");
        Assert.Equal(128, busybox.WithTag(new string('t', 128)).Tag!.Length);
        Assert.Throws<BerthException>(() => busybox.WithTag(new string('t', 129)));
    }

    [Theory]
    [InlineData("busybox", null, "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("busybox", "1.36", "docker.io/library/busybox:1.36", "busybox:1.36")]
    [InlineData("docker.io/library/busybox", "x", "docker.io/library/busybox:x", "busybox:x")]
    [InlineData("busybox:old", null, "docker.io/library/busybox:old", "busybox:old")]
    [InlineData("busybox:old", "new", "docker.io/library/busybox:new", "busybox:new")]
    [InlineData("myorg/app", null, "docker.io/myorg/app:latest", "myorg/app:latest")]
    [InlineData("localhost:5000/app", "v1", "localhost:5000/app:v1", "localhost:5000/app:v1")]
    [InlineData("index.docker.io/myorg/app", "v1", "docker.io/myorg/app:v1", "myorg/app:v1")]
    public void FromRepository_AppliesTheTagOrLatest(string repository, string? tag, string full, string familiar)
    {
        var reference = ImageReference.FromRepository(repository, tag);
        Assert.Equal(full, reference.ToString());
        Assert.Equal(familiar, reference.FamiliarString);
    }

    [Fact]
    public void FromRepository_KeepsADigest_ForTheCallerToRefuse()
    {
        var reference = ImageReference.FromRepository("busybox@" + D, null);
        Assert.Null(reference.Tag);
        Assert.Equal(D, reference.Digest?.ToString());
    }

    [Theory]
    [InlineData("Busybox", "1", "invalid reference format: repository name (library/Busybox) must be lowercase")]
    [InlineData("busybox", "-bad", "invalid tag format")]
    [InlineData("busybox", "", "invalid tag format")]
    [InlineData("", null, "invalid reference format")]
    public void FromRepository_Invalid_FailsAsDocker(string repository, string? tag, string message)
    {
        var error = Assert.Throws<BerthException>(() => ImageReference.FromRepository(repository, tag));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Equality_IsByValue_AcrossSpellings()
    {
        var names = new HashSet<ImageReference>
        {
            ImageReference.Parse("busybox:latest"),
            ImageReference.Parse("docker.io/busybox:latest"),
            ImageReference.Parse("index.docker.io/library/busybox:latest"),
            ImageReference.Parse("busybox").WithDefaultTag(),
        };
        Assert.Single(names);
        Assert.NotEqual(ImageReference.Parse("busybox:latest"), ImageReference.Parse("busybox:latest@" + D));
    }
}
