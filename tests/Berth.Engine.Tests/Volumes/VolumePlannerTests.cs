using Berth.Engine.Volumes;
using Berth.Oci;

namespace Berth.Engine.Tests.Volumes;

public sealed class VolumePlannerTests
{
    private static ContainerMount Inherited(string destination, string source = "shared", string type = ContainerMount.VolumeType) =>
        new(destination, type, source, ReadOnly: false, Mode: "z", NoCopy: false, Anonymous: false);

    [Fact]
    public void OwnVolumes_ThenInherited_ThenImplicit_EachOnlyWhereFree()
    {
        var plan = VolumePlanner.Plan(
            [
                new VolumeRequest { Destination = "/data", Implicit = true },
                new VolumeRequest { Destination = "/cache/", Implicit = true },
                new VolumeRequest { Destination = "/logs", Implicit = true },
                new VolumeRequest { Name = "named", Destination = "/named" },
                new VolumeRequest { Destination = "/srv", Implicit = true },
            ],
            [Inherited("/logs", "from-other"), Inherited("/named", "loses"), Inherited("/bound")],
            ["/data", "/bound"]);

        Assert.Equal(["/named", "/logs", "/cache", "/srv"], plan.Select(p => p.Destination));
        Assert.Equal("named", plan[0].Request!.Name);
        Assert.Equal("from-other", plan[1].Inherited!.Source);
        Assert.True(plan[2].Request!.Implicit);
    }

    [Fact]
    public void TwoExplicitMounts_OnOneDestination_AreRefused()
    {
        var e = Assert.Throws<BerthException>(() => VolumePlanner.Plan(
            [new VolumeRequest { Name = "a1", Destination = "/x" }, new VolumeRequest { Name = "b1", Destination = "/x/" }], [], []));
        Assert.Equal("Duplicate mount point: /x", e.Message);
        e = Assert.Throws<BerthException>(() => VolumePlanner.Plan([new VolumeRequest { Name = "a1", Destination = "/x" }], [], ["/x"]));
        Assert.Equal("Duplicate mount point: /x", e.Message);
    }

    [Theory]
    [InlineData("relative", "invalid mount path: 'relative' mount path must be absolute")]
    [InlineData("/", "invalid specification: destination can't be '/'")]
    [InlineData("//", "invalid specification: destination can't be '/'")]
    public void BadDestinations_AreRefused(string destination, string message)
    {
        var e = Assert.Throws<BerthException>(() => VolumePlanner.Plan([new VolumeRequest { Name = "v1", Destination = destination }], [], []));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void CleanDestination_DropsEmptyAndTrailingSeparators() =>
        Assert.Equal("/a/b", VolumePlanner.CleanDestination("//a///b/"));
}
