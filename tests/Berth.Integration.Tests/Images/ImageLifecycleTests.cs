using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;

namespace Berth.Integration.Tests.Images;

/// <summary>The image commands of the berth CLI against a real berthd: import → images → inspect → tag → save → rmi → load.</summary>
public sealed class ImageLifecycleTests(BusyboxRootfs busybox) : IClassFixture<BusyboxRootfs>, IAsyncLifetime
{
    private BerthDaemon _daemon = null!;
    private readonly TempDirectory _work = new();

    public async Task InitializeAsync() => _daemon = await BerthDaemon.StartAsync();

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task ImportTagSaveRemoveLoad_RoundTripsTheSameDigests()
    {
        var import = (await _daemon.BerthAsync("import", "--change", "CMD [\"sh\"]", "--change", "ENV FOO=bar", "-m", "hello", busybox.TarPath, "busybox")).AssertSuccess();
        var id = import.Stdout.Trim();
        Assert.Matches("^sha256:[0-9a-f]{64}$", id);

        var images = (await _daemon.BerthAsync("images")).AssertSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$", images[0]);
        Assert.Matches($@"^busybox\s+latest\s+{id[7..19]}\s+(Less than a second|1 second|\d+ seconds) ago\s+\d+(\.\d+)?MB$", images[1]);

        using var inspect = JsonDocument.Parse((await _daemon.BerthAsync("image", "inspect", "busybox")).AssertSuccess().Stdout);
        var image = inspect.RootElement[0];
        Assert.Equal(id, image.GetProperty("Id").GetString());
        Assert.Equal("sh", image.GetProperty("Config").GetProperty("Cmd")[0].GetString());
        Assert.Contains("FOO=bar", image.GetProperty("Config").GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("hello", image.GetProperty("Comment").GetString());
        var layers = image.GetProperty("RootFS").GetProperty("Layers").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Single(layers);

        (await _daemon.BerthAsync("tag", "busybox", "localhost:5000/tools/box:1.0")).AssertSuccess();
        var names = (await _daemon.BerthAsync("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}")).AssertSuccess().Stdout;
        Assert.Contains($"busybox:latest {id[7..19]}", names);
        Assert.Contains($"localhost:5000/tools/box:1.0 {id[7..19]}", names);

        var history = (await _daemon.BerthAsync("history", "--no-trunc", "busybox")).AssertSuccess().Stdout;
        Assert.Contains(id, history);
        Assert.Contains("hello", history);

        var archive = _work.Combine("images.tar");
        (await _daemon.BerthAsync("save", "-o", archive, "busybox", "localhost:5000/tools/box:1.0")).AssertSuccess();
        Assert.True(new FileInfo(archive).Length > 1_000_000);

        var removed = (await _daemon.BerthAsync("rmi", "busybox", "localhost:5000/tools/box:1.0")).AssertSuccess().Stdout;
        Assert.Equal($"Untagged: busybox:latest\nUntagged: localhost:5000/tools/box:1.0\nDeleted: {id}\n", removed);
        Assert.Equal("", (await _daemon.BerthAsync("images", "-q")).AssertSuccess().Stdout);
        Assert.Empty(Directory.GetFiles(Path.Combine(_daemon.DataRoot, "content", "blobs", "sha256")));

        var loaded = (await _daemon.BerthAsync("load", "-i", archive)).AssertSuccess().Stdout;
        Assert.Contains("Loaded image: busybox:latest", loaded);
        Assert.Contains("Loaded image: localhost:5000/tools/box:1.0", loaded);
        using var reloaded = JsonDocument.Parse((await _daemon.BerthAsync("image", "inspect", "localhost:5000/tools/box:1.0")).AssertSuccess().Stdout);
        Assert.Equal(id, reloaded.RootElement[0].GetProperty("Id").GetString());
        Assert.Equal(layers, reloaded.RootElement[0].GetProperty("RootFS").GetProperty("Layers").EnumerateArray().Select(e => e.GetString()).ToList());
    }

    [Fact]
    public async Task ImportFromStdin_AndRemoveByIdNeedsForceWhenTheImageHasTwoNames()
    {
        var id = (await _daemon.BerthWithInputAsync(busybox.TarPath, "import", "-", "one:a")).AssertSuccess().Stdout.Trim();
        (await _daemon.BerthAsync("tag", "one:a", "one:b")).AssertSuccess();

        var refused = await _daemon.BerthAsync("rmi", id[7..19]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"conflict: unable to delete {id[7..19]} (must be forced) - image is referenced in multiple repositories", refused.Stderr);

        var forced = (await _daemon.BerthAsync("rmi", "-f", id[7..19])).AssertSuccess().Stdout;
        Assert.Equal($"Untagged: one:a\nUntagged: one:b\nDeleted: {id}\n", forced);
    }

    [Fact]
    public async Task SaveOfABareRepository_SavesEveryTagOfIt()
    {
        var first = (await _daemon.BerthAsync("import", "-c", "LABEL v=1", busybox.TarPath, "multi:1")).AssertSuccess().Stdout.Trim();
        var second = (await _daemon.BerthAsync("import", "-c", "LABEL v=2", busybox.TarPath, "multi:2")).AssertSuccess().Stdout.Trim();
        (await _daemon.BerthAsync("import", busybox.TarPath, "other:1")).AssertSuccess();
        var archive = _work.Combine("multi.tar");
        (await _daemon.BerthAsync("save", "-o", archive, "multi")).AssertSuccess();
        (await _daemon.BerthAsync("rmi", "multi:1", "multi:2")).AssertSuccess();

        var loaded = (await _daemon.BerthAsync("load", "-i", archive)).AssertSuccess().Stdout;
        Assert.Equal(["Loaded image: multi:1", "Loaded image: multi:2"], loaded.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Equal(first, (await _daemon.BerthAsync("image", "inspect", "-f", "{{.Id}}", "multi:1")).AssertSuccess().Stdout.Trim());
        Assert.Equal(second, (await _daemon.BerthAsync("image", "inspect", "-f", "{{.Id}}", "multi:2")).AssertSuccess().Stdout.Trim());
    }

    [Fact]
    public async Task LabelNegationAndGoDurationFilters()
    {
        (await _daemon.BerthAsync("import", "-c", "LABEL keep=yes", busybox.TarPath, "kept")).AssertSuccess();
        var other = (await _daemon.BerthAsync("import", busybox.TarPath, "plain")).AssertSuccess().Stdout.Trim();
        Assert.Equal($"{other[7..19]}\n", (await _daemon.BerthAsync("images", "-q", "--filter", "label!=keep")).AssertSuccess().Stdout);
        Assert.Equal("", (await _daemon.BerthAsync("images", "-q", "--filter", "until=1h30m")).AssertSuccess().Stdout);
        var prune = (await _daemon.BerthAsync("image", "prune", "-a", "-f", "--filter", "label!=keep")).AssertSuccess().Stdout;
        Assert.Contains($"deleted: {other}", prune);
        Assert.Equal("kept:latest\n", (await _daemon.BerthAsync("images", "--format", "{{.Repository}}:{{.Tag}}")).AssertSuccess().Stdout);
    }

    [Fact]
    public async Task Filters_Quiet_Json_AndPrune()
    {
        var labelled = (await _daemon.BerthAsync("import", "-c", "LABEL team=core", busybox.TarPath, "labelled")).AssertSuccess().Stdout.Trim();
        var dangling = (await _daemon.BerthAsync("import", "-c", "LABEL team=other", busybox.TarPath)).AssertSuccess().Stdout.Trim();

        Assert.Equal($"{labelled[7..19]}\n", (await _daemon.BerthAsync("images", "-q", "--filter", "label=team=core")).AssertSuccess().Stdout);
        Assert.Equal($"{dangling[7..19]}\n", (await _daemon.BerthAsync("images", "-q", "-f", "dangling=true")).AssertSuccess().Stdout);
        Assert.Equal($"{labelled[7..19]}\n", (await _daemon.BerthAsync("images", "-q", "labelled")).AssertSuccess().Stdout);

        using var json = JsonDocument.Parse((await _daemon.BerthAsync("images", "--format", "json", "labelled")).AssertSuccess().Stdout);
        Assert.Equal("labelled", json.RootElement.GetProperty("Repository").GetString());
        Assert.Equal("latest", json.RootElement.GetProperty("Tag").GetString());

        var prune = (await _daemon.BerthAsync("image", "prune", "-f")).AssertSuccess().Stdout;
        Assert.Contains($"deleted: {dangling}", prune);
        Assert.Contains("Total reclaimed space:", prune);
        Assert.Equal($"{labelled[7..19]}\n", (await _daemon.BerthAsync("images", "-q")).AssertSuccess().Stdout);
    }
}
