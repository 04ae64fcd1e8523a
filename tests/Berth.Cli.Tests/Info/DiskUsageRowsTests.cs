using Berth.Api.Models;
using Berth.Cli.Commands.Info;
using Berth.Cli.Formatting;

namespace Berth.Cli.Tests.Info;

public sealed class DiskUsageRowsTests
{
    private static ImageSummary Image(long size, long shared, long containers) => new()
    {
        Id = "sha256:" + new string('a', 64), ParentId = "", RepoTags = [], RepoDigests = [], Labels = [],
        Size = size, SharedSize = shared, Containers = containers,
    };

    private static ContainerSummary Container(string state, long sizeRw) => new()
    {
        Id = new string('c', 64), Names = ["/x"], Image = "busybox", ImageID = "sha256:" + new string('a', 64), Command = "sh",
        Ports = [], Labels = [], State = state, Status = "", HostConfig = new ContainerSummaryHostConfig { NetworkMode = "default" },
        NetworkSettings = new ContainerSummaryNetworkSettings { Networks = [] }, Mounts = [], SizeRw = sizeRw,
    };

    private static DiskUsageVolume Volume(long size, long refs) => new()
    {
        CreatedAt = "2026-01-01T00:00:00Z", Driver = "local", Mountpoint = "/v", Name = "v", UsageData = new VolumeUsageData(size, refs),
    };

    private static BuildCacheRecord Cache(long size, bool inUse) => new()
    {
        ID = "k", Type = "regular", Description = "", CreatedAt = "2026-01-01T00:00:00Z", Size = size, InUse = inUse,
    };

    [Fact]
    public void Table_MatchesDockerCli_CountsActiveAndReclaimablePercentages()
    {
        var usage = new DiskUsage
        {
            LayersSize = 2_139_136,
            Images = [Image(2_139_136, 2_129_920, 0), Image(2_129_920, 2_129_920, 1)],
            Containers = [Container("exited", 61_488), Container("running", 38_512)],
            Volumes = [Volume(100_000, 1), Volume(300_000, 0)],
            BuildCache = [Cache(9_216, false), Cache(1_000, true)],
        };

        var text = OutputFormat.Render(null, DiskUsageRows.DefaultTable, DiskUsageRows.Headers, DiskUsageRows.Rows(usage));

        Assert.Equal(
            "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n" +
            "Images          2         1         2.139MB   2.139MB (100%)\n" +
            "Containers      2         1         100kB     61.49kB (61%)\n" +
            "Local Volumes   2         1         400kB     300kB (75%)\n" +
            "Build Cache     2         1         10.22kB   9.216kB\n", text);
    }

    [Fact]
    public void EmptyDaemon_PrintsZeroesWithoutPercentages()
    {
        var usage = new DiskUsage { Images = [], Containers = [], Volumes = [], BuildCache = [] };

        var text = OutputFormat.Render(null, DiskUsageRows.DefaultTable, DiskUsageRows.Headers, DiskUsageRows.Rows(usage));

        Assert.Equal(
            "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n" +
            "Images          0         0         0B        0B\n" +
            "Containers      0         0         0B        0B\n" +
            "Local Volumes   0         0         0B        0B\n" +
            "Build Cache     0         0         0B        0B\n", text);
    }

    [Fact]
    public void Format_AppliesPerRow()
    {
        var usage = new DiskUsage { Images = [], Containers = [Container("exited", 5)] };

        var text = OutputFormat.Render("{{.Type}}={{.Reclaimable}}", DiskUsageRows.DefaultTable, DiskUsageRows.Headers, DiskUsageRows.Rows(usage));

        Assert.Equal("Images=0B\nContainers=5B (100%)\n", text);
    }

    [Fact]
    public void PruneWarning_ListsWhatEachPrunerRemoves_AndTheFilters()
    {
        Assert.Equal(
            "WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n" +
            "  - all dangling images\n  - unused build cache\n",
            SystemPruneCommand.Warning(all: false, volumes: false, []));
        Assert.Equal(
            "WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n" +
            "  - all anonymous volumes not used by at least one container\n  - all images without at least one container associated to them\n" +
            "  - all build cache\n\n  Items to be pruned will be filtered with:\n  - label=a=b\n",
            SystemPruneCommand.Warning(all: true, volumes: true, ["label=a=b"]));
    }
    [Fact]
    public void Verbose_PrintsDockersSections()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_000_000);
        var image = Image(2_139_136, 2_129_920, 0) with { RepoTags = ["b1:latest"], Created = 1_000_000 - 3600 };
        var usage = new DiskUsage { Images = [image], Volumes = [Volume(100_000, 1)], BuildCache = [Cache(9_216, false) with { ID = "4fd3d6748693abcdef", CreatedAt = "1970-01-12T13:46:40Z", LastUsedAt = "1970-01-12T13:46:40Z", UsageCount = 1 }] };

        Assert.Equal(
            "Images space usage:\n\n" +
            "REPOSITORY   TAG       IMAGE ID       CREATED             SIZE      SHARED SIZE   UNIQUE SIZE   CONTAINERS\n" +
            "b1           latest    aaaaaaaaaaaa   About an hour ago   2.14MB    2.13MB        9.216kB       0\n\n" +
            "Local Volumes space usage:\n\n" +
            "VOLUME NAME   LINKS     SIZE\n" +
            "v             1         100kB\n\n" +
            "Build cache usage: 9.216kB\n\n" +
            "CACHE ID       CACHE TYPE   SIZE      CREATED                  LAST USED                USAGE     SHARED\n" +
            "4fd3d6748693   regular      9.22kB    Less than a second ago   Less than a second ago   1         false\n",
            DiskUsageVerbose.Render(usage, now));
    }
}
