using Berth.Api;
using Berth.Cli.Commands.Container.Parsing;

namespace Berth.Cli.Tests.Container;

/// <summary>The flag-value parsers, with the values and messages docker's own parsers give.</summary>
public class ParserTests
{
    [Theory]
    [InlineData("32m", 32L << 20)]
    [InlineData("1g", 1L << 30)]
    [InlineData("512k", 512L << 10)]
    [InlineData("100b", 100)]
    [InlineData("1024", 1024)]
    [InlineData("1.5GB", 1610612736)]
    [InlineData("2KiB", 2048)]
    [InlineData("1 m", 1L << 20)]
    public void RamSizeParsesAsGoUnits(string text, long expected) => Assert.Equal(expected, RamSize.Parse(text));

    [Theory]
    [InlineData("12x", "invalid suffix: 'x'")]
    [InlineData("abc", "invalid size: 'abc'")]
    [InlineData("1mx", "invalid suffix: 'mx'")]
    [InlineData("1bb", "invalid suffix: 'bb'")]
    public void RamSizeRejectsAsGoUnits(string text, string message) => Assert.Equal(message, Assert.Throws<FormatException>(() => RamSize.Parse(text)).Message);

    [Fact]
    public void MemorySwapAcceptsMinusOne() => Assert.Equal(-1, RamSize.ParseSwap("-1"));

    [Theory]
    [InlineData("10s", 10_000_000_000)]
    [InlineData("1m30s", 90_000_000_000)]
    [InlineData("500ms", 500_000_000)]
    [InlineData("1.5h", 5_400_000_000_000)]
    [InlineData("0", 0)]
    [InlineData("-2s", -2_000_000_000)]
    [InlineData("3us", 3_000)]
    public void GoDurations(string text, long nanoseconds) => Assert.Equal(nanoseconds, GoDuration.ParseNanoseconds(text));

    [Theory]
    [InlineData("10", "time: missing unit in duration \"10\"")]
    [InlineData("x", "time: invalid duration \"x\"")]
    [InlineData("5d", "time: unknown unit \"d\" in duration \"5d\"")]
    public void GoDurationErrors(string text, string message) => Assert.Equal(message, Assert.Throws<FormatException>(() => GoDuration.ParseNanoseconds(text)).Message);

    [Fact]
    public void KeyValueFileAsDockersKvfile()
    {
        byte[] content = [0xEF, 0xBB, 0xBF, .. "# comment\n\n  A=1\r\nB= spaced value \nFROM_ENV\nMISSING\nC=\n"u8];
        var lines = KeyValueFile.Parse(content, k => k == "FROM_ENV" ? "found" : null);
        Assert.Equal(["A=1", "B= spaced value ", "FROM_ENV=found", "C="], lines);
        Assert.Equal(["A=1"], KeyValueFile.Parse("A=1\nBARE\n"u8, null));
    }

    [Fact]
    public void KeyValueFileErrors()
    {
        Assert.Equal("variable 'A B' contains whitespaces", Assert.Throws<FormatException>(() => KeyValueFile.Parse("A B=1"u8, null)).Message);
        Assert.Equal("no variable name on line '=1'", Assert.Throws<FormatException>(() => KeyValueFile.Parse("=1"u8, null)).Message);
    }

    [Fact]
    public async Task EnvFileThenFlagsAndMissingFile()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "FILE=1\nHOME_DIR\n");
            var env = await EnvVariables.ReadAsync([file], ["X=2", "HOME_DIR", "NOPE"], k => k == "HOME_DIR" ? "/root" : null, CancellationToken.None);
            Assert.Equal(["FILE=1", "HOME_DIR=/root", "X=2", "HOME_DIR=/root", "NOPE"], env);
        }
        finally
        {
            File.Delete(file);
        }
        var e = await Assert.ThrowsAsync<ContainerOptionsException>(() => EnvVariables.ReadAsync(["/nonexistent.env"], [], _ => null, CancellationToken.None));
        Assert.Equal("open /nonexistent.env: no such file or directory", e.Message);
        Assert.Null(await EnvVariables.ReadAsync([], [], _ => null, CancellationToken.None));
    }

    [Fact]
    public void LabelsLastWinsAndValidation()
    {
        Assert.Equal(new Dictionary<string, string> { ["a"] = "2", ["b"] = "" }, Labels.ToMap(["a=1", "b", "a=2"]));
        Assert.Equal("invalid argument \"=x\" for \"-l, --label\" flag: invalid label '=x': empty name", Assert.Throws<FlagValueException>(() => Labels.Validate("=x")).Message);
    }

    [Theory]
    [InlineData("/h:/c:ro", "/h:/c:ro")]
    [InlineData("vol:/data", "vol:/data")]
    [InlineData("./rel:/c", "/work/rel:/c")]
    [InlineData("/data", null)]
    public void VolumeSpecs(string spec, string? bind) => Assert.Equal(bind, VolumeSpec.ToBind(spec, "/work"));

    [Fact]
    public void VolumeSpecTooManyColons() =>
        Assert.Equal("invalid spec: a:b:c:d: too many colons", Assert.Throws<ContainerOptionsException>(() => VolumeSpec.ToBind("a:b:c:d", "/")).Message);

    [Fact]
    public void MountBindAndTmpfs()
    {
        var bind = MountSpec.Parse("type=bind,source=./src,destination=/b,ro=true,bind-propagation=RSHARED", "/work");
        Assert.Equal(("bind", "/work/src", "/b", true, "rshared"), (bind.Type, bind.Source, bind.Target, bind.ReadOnly, bind.BindOptions!.Propagation));
        var tmpfs = MountSpec.Parse("type=tmpfs,dst=/t,tmpfs-size=1g,tmpfs-mode=1777", "/");
        Assert.Equal((1L << 30, 1023u), (tmpfs.TmpfsOptions!.SizeBytes, tmpfs.TmpfsOptions.Mode));
        var volume = MountSpec.Parse("src=v,dst=/v,volume-nocopy,\"volume-label=a=b,c\"", "/");
        Assert.Equal(("volume", true, "b,c"), (volume.Type, volume.VolumeOptions!.NoCopy, volume.VolumeOptions.Labels!["a"]));
    }

    [Theory]
    [InlineData("foo", "invalid field 'foo' must be a key=value pair")]
    [InlineData("type=bind,src=/a", "target is required")]
    [InlineData("type=tmpfs,dst=/t,bind-propagation=shared", "cannot mix 'bind-*' options with mount type 'tmpfs'")]
    [InlineData("type=tmpfs,dst=/t,tmpfs-mode=9", "invalid value for tmpfs-mode: 9")]
    [InlineData("type=bind,dst=/t,color=red", "unexpected key 'color' in 'color=red'")]
    public void MountErrors(string value, string reason) =>
        Assert.Equal($"invalid argument \"{value}\" for \"--mount\" flag: {reason}", Assert.Throws<FlagValueException>(() => MountSpec.Parse(value, "/")).Message);

    [Fact]
    public void UlimitsSortedLastWins()
    {
        var ulimits = UlimitSpec.ParseAll(["nproc=10", "nofile=1024:2048", "nproc=20:-1"]);
        Assert.Equal([("nofile", 1024L, 2048L), ("nproc", 20L, -1L)], ulimits.Select(u => (u.Name, u.Soft, u.Hard)));
    }

    [Theory]
    [InlineData("bogus=1", "invalid ulimit type: bogus")]
    [InlineData("nofile", "invalid ulimit argument: nofile")]
    [InlineData("nofile=10:5", "ulimit soft limit must be less than or equal to hard limit: 10 > 5")]
    [InlineData("nofile=1:2:3", "too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`")]
    public void UlimitErrors(string value, string reason) =>
        Assert.Equal($"invalid argument \"{value}\" for \"--ulimit\" flag: {reason}", Assert.Throws<FlagValueException>(() => UlimitSpec.Parse(value)).Message);

    [Theory]
    [InlineData("no", "no", 0)]
    [InlineData("always", "always", 0)]
    [InlineData("unless-stopped", "unless-stopped", 0)]
    [InlineData("on-failure", "on-failure", 0)]
    [InlineData("on-failure:5", "on-failure", 5)]
    [InlineData("", "", 0)]
    public void RestartPolicies(string text, string name, int retries)
    {
        var policy = RestartPolicyParser.Parse(text);
        Assert.Equal((name, retries), (policy.Name, policy.MaximumRetryCount));
    }

    [Fact]
    public void RestartPolicyErrors()
    {
        Assert.Equal("invalid restart policy format: maximum retry count must be an integer", Assert.Throws<ContainerOptionsException>(() => RestartPolicyParser.Parse("on-failure:x")).Message);
        Assert.Equal("invalid restart policy format: no policy provided before colon", Assert.Throws<ContainerOptionsException>(() => RestartPolicyParser.Parse(":3")).Message);
    }

    [Theory]
    [InlineData("1.5", 1_500_000_000)]
    [InlineData("2", 2_000_000_000)]
    [InlineData("0.000000001", 1)]
    [InlineData("3/2", 1_500_000_000)]
    public void Cpus(string value, long nano) => Assert.Equal(nano, NanoCpus.Parse(value));

    [Fact]
    public void CpusErrors()
    {
        Assert.EndsWith("value is too precise", Assert.Throws<FlagValueException>(() => NanoCpus.Parse("0.0000000001")).Message);
        Assert.EndsWith("failed to parse x as a rational number", Assert.Throws<FlagValueException>(() => NanoCpus.Parse("x")).Message);
    }

    [Fact]
    public void CapabilitiesAsTheDockerClientSendsThem()
    {
        var (add, drop) = Capabilities.Effective(["net_admin", "CAP_SYS_TIME", "chown"], ["chown", "mknod"]);
        Assert.Equal(["CAP_CHOWN", "CAP_NET_ADMIN", "CAP_SYS_TIME"], add);
        Assert.Equal(["CAP_MKNOD"], drop);
        var (noAdd, dropAll) = Capabilities.Effective([], ["all", "chown"]);
        Assert.Null(noAdd);
        Assert.Equal(["ALL"], dropAll);
    }

    [Fact]
    public async Task SecurityOptionsAsDocker()
    {
        var result = await Berth.Cli.Commands.Container.Parsing.SecurityOptions.ParseAsync(["no-new-privileges", "label:disable", "systempaths=unconfined"], CancellationToken.None);
        Assert.Equal(["no-new-privileges", "label:disable"], result.Options);
        Assert.Equal((0, 0), (result.MaskedPaths!.Count, result.ReadonlyPaths!.Count));
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "{ \"defaultAction\" : \"SCMP_ACT_ALLOW\" }");
            Assert.Equal(["seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}"], (await Berth.Cli.Commands.Container.Parsing.SecurityOptions.ParseAsync([$"seccomp={file}"], CancellationToken.None)).Options);
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Equal("Invalid --security-opt: \"apparmor\"", (await Assert.ThrowsAsync<ContainerOptionsException>(() => Berth.Cli.Commands.Container.Parsing.SecurityOptions.ParseAsync(["apparmor"], CancellationToken.None))).Message);
    }

    [Fact]
    public void Healthchecks()
    {
        Assert.Null(new HealthcheckOptions(null, null, null, null, null, 0, false).ToHealthcheck());
        Assert.Equal(["NONE"], new HealthcheckOptions(null, null, null, null, null, 0, true).ToHealthcheck()!.Test);
        var check = new HealthcheckOptions(null, "30s", null, null, "1s", 2, false).ToHealthcheck()!;
        Assert.Equal((null, 30_000_000_000L, 1_000_000_000L, 2), (check.Test, check.Interval, check.StartInterval, check.Retries));
        Assert.Equal("--no-healthcheck conflicts with --health-* options", Assert.Throws<ContainerOptionsException>(() => new HealthcheckOptions("x", null, null, null, null, 0, true).ToHealthcheck()).Message);
        Assert.Equal("invalid argument \"9\" for \"--health-timeout\" flag: time: missing unit in duration \"9\"",
            Assert.Throws<FlagValueException>(() => new HealthcheckOptions(null, null, "9", null, null, 0, false).ToHealthcheck()).Message);
    }
}
