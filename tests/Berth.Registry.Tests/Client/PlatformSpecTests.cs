using Berth.Oci;
using Berth.Registry.Client;

namespace Berth.Registry.Tests.Client;

public sealed class PlatformSpecTests
{
    private static Descriptor Entry(string os, string arch, string? variant = null, string mediaType = MediaTypes.OciManifest) => new()
    {
        MediaType = mediaType,
        Digest = Digest.Compute(System.Text.Encoding.UTF8.GetBytes($"{os}/{arch}/{variant}")).ToString(),
        Size = 1,
        Platform = new Platform { Os = os, Architecture = arch, Variant = variant },
    };

    private static readonly ImageIndex Index = new()
    {
        MediaType = MediaTypes.OciIndex,
        Manifests =
        [
            Entry("linux", "arm", "v6"),
            Entry("linux", "arm", "v7"),
            Entry("linux", "arm64", "v8"),
            Entry("linux", "amd64"),
            Entry("windows", "amd64"),
            Entry("unknown", "unknown", mediaType: MediaTypes.OciManifest),
        ],
    };

    [Theory]
    [InlineData("linux/amd64", "linux", "amd64", null)]
    [InlineData("amd64", "linux", "amd64", null)]
    [InlineData("linux/x86_64", "linux", "amd64", null)]
    [InlineData("linux/aarch64", "linux", "arm64", "v8")]
    [InlineData("linux/arm64", "linux", "arm64", "v8")]
    [InlineData("linux/arm", "linux", "arm", "v7")]
    [InlineData("LINUX/ARM/V6", "linux", "arm", "v6")]
    [InlineData("linux/armhf", "linux", "arm", "v7")]
    public void Parse_NormalisesAsContainerd(string value, string os, string arch, string? variant) =>
        Assert.Equal(new PlatformSpec(os, arch, variant), PlatformSpec.Parse(value));

    [Theory]
    [InlineData("")]
    [InlineData("linux//amd64")]
    [InlineData("a/b/c/d")]
    public void Parse_RejectsMalformedValues(string value) => Assert.Throws<BerthException>(() => PlatformSpec.Parse(value));

    [Theory]
    [InlineData("linux/amd64", "linux", "amd64", null)]
    [InlineData("linux/arm/v6", "linux", "arm", "v6")]
    [InlineData("linux/arm", "linux", "arm", "v7")]
    [InlineData("linux/arm64", "linux", "arm64", "v8")]
    [InlineData("windows/amd64", "windows", "amd64", null)]
    public void Select_PicksTheMatchingManifest(string wanted, string os, string arch, string? variant)
    {
        var chosen = PlatformSpec.Parse(wanted).Select(Index)!;
        Assert.Equal(new Platform { Os = os, Architecture = arch, Variant = variant }, chosen.Platform);
    }

    [Fact]
    public void Select_TakesAnArm64EntryWithoutVariant()
    {
        var index = Index with { Manifests = [Entry("linux", "amd64"), Entry("linux", "arm64")] };
        Assert.Equal("arm64", PlatformSpec.Parse("linux/arm64/v8").Select(index)!.Platform!.Architecture);
    }

    [Fact]
    public void Select_GivesNothingForAnAbsentPlatform_AndSkipsAttestations()
    {
        Assert.Null(PlatformSpec.Parse("linux/s390x").Select(Index));
        var withAttestation = Index with { Manifests = [Entry("unknown", "unknown"), Entry("linux", "amd64", mediaType: MediaTypes.DockerManifest)] };
        Assert.Equal(MediaTypes.DockerManifest, PlatformSpec.Parse("linux/amd64").Select(withAttestation)!.MediaType);
    }

    [Fact]
    public void Host_IsLinux() => Assert.Equal("linux", PlatformSpec.Host.Os);
}
