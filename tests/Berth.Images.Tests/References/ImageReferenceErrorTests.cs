using Berth.Images.References;
using Berth.Oci;

namespace Berth.Images.Tests.References;

// Messages are Docker's own (distribution/reference and go-digest), since clients show them as they are.
public sealed class ImageReferenceErrorTests
{
    private const string Hex = "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
    private const string Invalid = "invalid reference format";

    [Theory]
    [InlineData("", Invalid)]
    [InlineData(" busybox", Invalid)]
    [InlineData("busybox\n", Invalid)]
    [InlineData("busybox:", Invalid)]
    [InlineData("busybox:-tag", Invalid)]
    [InlineData("busybox:a/b", Invalid)]
    [InlineData(":justtag", Invalid)]
    [InlineData("@sha256:" + Hex, Invalid)]
    [InlineData("-docker", Invalid)]
    [InlineData("-docker/docker", Invalid)]
    [InlineData("docker-/docker", Invalid)]
    [InlineData("-docker.io/docker/docker", Invalid)]
    [InlineData("docker///docker", Invalid)]
    [InlineData("docker/", Invalid)]
    [InlineData("____/____", Invalid)]
    [InlineData("_docker/_docker", Invalid)]
    [InlineData("dock..er/docker", Invalid)]
    [InlineData("dock_.er/docker", Invalid)]
    [InlineData("dock-.er/docker", Invalid)]
    [InlineData("aa/asdf$$^/aa", Invalid)]
    [InlineData("https://github.com/docker/docker", Invalid)]
    [InlineData("[fc00::1]", Invalid)]
    [InlineData("[fc00::1]:5000", Invalid)]
    [InlineData("fc00::1:5000/debian", Invalid)]
    [InlineData("[fe80::1%eth0]:5000/debian", Invalid)]
    [InlineData("localhost:port/app", Invalid)]
    [InlineData("busybox@sha256:" + "0123456789abcdef0123456789abcde", Invalid)]
    [InlineData("UPPER", "invalid reference format: repository name (library/UPPER) must be lowercase")]
    [InlineData("docker/Docker", "invalid reference format: repository name (docker/Docker) must be lowercase")]
    [InlineData("docker.io/docker/Docker", "invalid reference format: repository name (docker/Docker) must be lowercase")]
    [InlineData("localhost:5000/Foo:tag", "invalid reference format: repository name (Foo) must be lowercase")]
    [InlineData("Busybox@sha256:" + Hex, "invalid reference format: repository name (library/Busybox@sha256) must be lowercase")]
    [InlineData(Hex, "invalid repository name (" + Hex + "), cannot specify 64-byte hexadecimal strings")]
    [InlineData("busybox@sha256:" + "0123456789abcdef0123456789abcdef", "invalid checksum digest length")]
    [InlineData("busybox@sha256:" + Hex + "00", "invalid checksum digest length")]
    [InlineData("busybox@sha256:" + "DBCC1C35AC38DF41FD2F5E4130B32FFDB93EBAE8B3DBE638C23575912276FC9C", "invalid checksum digest format")]
    [InlineData("busybox:1@Sha256:" + Hex, "invalid checksum digest format")]
    [InlineData("busybox@md5:" + "0123456789abcdef0123456789abcdef", "unsupported digest algorithm")]
    [InlineData("validname@invaliddigest:" + Hex, "unsupported digest algorithm")]
    public void Parse_Invalid_FailsWithDockersMessage(string input, string message)
    {
        var error = Assert.Throws<BerthException>(() => ImageReference.Parse(input));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(message, error.Message);
        Assert.False(ImageReference.TryParse(input, out var reference));
        Assert.Null(reference);
    }

    [Fact]
    public void Parse_PathOverTheLimit_IsTooLong()
    {
        var path = string.Join('/', Enumerable.Repeat("a", 129));
        var error = Assert.Throws<BerthException>(() => ImageReference.Parse(path));
        Assert.Equal("repository name must not be more than 255 characters", error.Message);
    }

    [Fact]
    public void Parse_TagOverTheLimit_IsInvalid()
    {
        var error = Assert.Throws<BerthException>(() => ImageReference.Parse("busybox:" + new string('t', 129)));
        Assert.Equal(Invalid, error.Message);
    }
}
