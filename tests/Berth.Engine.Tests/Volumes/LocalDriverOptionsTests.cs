using Berth.Engine.Volumes;
using Berth.Oci;

namespace Berth.Engine.Tests.Volumes;

public sealed class LocalDriverOptionsTests
{
    private static Dictionary<string, string> Options(params string[] pairs) =>
        pairs.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    [Fact]
    public void NoOptions_OrTheFullSet_AreFine()
    {
        Assert.Null(LocalDriverOptions.Problem(null));
        Assert.Null(LocalDriverOptions.Problem(Options()));
        Assert.Null(LocalDriverOptions.Problem(Options("type=tmpfs", "device=tmpfs", "o=size=10m,uid=1000")));
        Assert.Null(LocalDriverOptions.Problem(Options("type=none", "device=/srv/data")));
    }

    [Fact]
    public void UnknownOrIncompleteOptions_AreRefused_AsDocker()
    {
        Assert.Equal("invalid option: \"foo\"", LocalDriverOptions.Problem(Options("foo=bar")));
        Assert.Equal("missing required option: \"device\"", LocalDriverOptions.Problem(Options("type=tmpfs")));
        Assert.Equal("missing required option: \"type\"", LocalDriverOptions.Problem(Options("device=tmpfs")));
        Assert.Equal("missing required option: \"device\"", LocalDriverOptions.Problem(Options("o=size=1m")));
        var e = Assert.Throws<BerthException>(() => LocalDriverOptions.Validate("v1", Options("type=tmpfs")));
        Assert.Equal("create v1: missing required option: \"device\"", e.Message);
    }

    [Fact]
    public void ToMount_IsMountTypeOptionsDevice_AndABindWhenOSaysSo()
    {
        var tmpfs = LocalDriverOptions.ToMount(Options("type=tmpfs", "device=tmpfs", "o=size=10m,mode=0700"));
        Assert.Equal(new[] { "size=10m", "mode=0700" }, tmpfs.Options);
        Assert.Equal(("tmpfs", "tmpfs"), (tmpfs.Type, tmpfs.Source));

        var bind = LocalDriverOptions.ToMount(Options("type=none", "device=/srv/data", "o=bind"));
        Assert.Equal(("bind", "/srv/data"), (bind.Type, bind.Source));

        Assert.True(LocalDriverOptions.NeedsMount(Options("type=tmpfs", "device=tmpfs")));
        Assert.False(LocalDriverOptions.NeedsMount(Options()));
        Assert.False(LocalDriverOptions.NeedsMount(null));
    }
}
