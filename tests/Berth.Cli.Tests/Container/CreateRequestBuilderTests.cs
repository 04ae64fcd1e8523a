using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Api;
using Berth.Cli.Commands;
using Berth.Cli.Commands.Container;
using Berth.Cli.Commands.Container.Parsing;

namespace Berth.Cli.Tests.Container;

/// <summary>The create body compared with what docker 28.2.2 sent for the same command line (TestData/*.json).</summary>
public class CreateRequestBuilderTests
{
    private static readonly string[] AllFlags =
    [
        "--name", "web", "-e", "A=1", "-e", "FOO", "-e", "UNSET_X", "-l", "k=v", "-w", "/w", "-u", "1000:1000", "--entrypoint", "/bin/sh",
        "-h", "h1", "--init", "--restart", "on-failure:3", "--stop-signal", "SIGINT", "--stop-timeout", "7", "-v", "/h:/c:ro", "-v", "vol:/data",
        "--mount", "type=bind,src=/a,dst=/b,readonly,bind-propagation=rshared", "--mount", "type=tmpfs,dst=/t,tmpfs-size=64m,tmpfs-mode=1770",
        "--tmpfs", "/run:rw,size=1m", "--tmpfs", "/x", "-m", "32m", "--memory-swap", "1g", "--memory-reservation", "512k", "--cpus", "1.5",
        "-c", "512", "--cpuset-cpus", "0-1", "--pids-limit", "100", "--ulimit", "nofile=1024:2048", "--ulimit", "nproc=10", "--cap-add", "NET_ADMIN",
        "--cap-drop", "ALL", "--privileged", "--security-opt", "no-new-privileges", "--read-only", "--shm-size", "128m", "--group-add", "audio",
        "--network", "host", "--health-cmd", "curl x", "--health-interval", "10s", "--health-timeout", "1m30s", "--health-retries", "3",
        "--health-start-period", "500ms", "--log-driver", "json-file", "--log-opt", "max-size=10m", "--runtime", "runc", "-it", "alpine", "echo", "hi",
    ];

    [Fact]
    public async Task AllFlagsMatchDockersRequest()
    {
        var json = await BuildJsonAsync(["create", .. AllFlags]);
        Assert.True(JsonNode.DeepEquals(Golden("docker-create-all-flags.json"), json), json.ToJsonString());
    }

    [Fact]
    public async Task NoFlagsMatchDockersDefaults()
    {
        var json = await BuildJsonAsync(["create", "alpine"]);
        Assert.True(JsonNode.DeepEquals(Golden("docker-create-defaults.json"), json), json.ToJsonString());
    }

    [Fact]
    public async Task WordsAfterTheImageBelongToTheCommand()
    {
        var json = await BuildJsonAsync(["create", "-t", "alpine", "ls", "-l", "--name", "x"]);
        Assert.Equal("""["ls","-l","--name","x"]""", json["Cmd"]!.ToJsonString());
        Assert.Equal("{}", json["Labels"]!.ToJsonString());
    }

    [Fact]
    public async Task AnonymousVolumeGoesToVolumesAndEmptyEntrypointResets()
    {
        var json = await BuildJsonAsync(["create", "-v", "/data", "--entrypoint", "", "alpine"]);
        Assert.Equal("""{"/data":{}}""", json["Volumes"]!.ToJsonString());
        Assert.Equal("""[""]""", json["Entrypoint"]!.ToJsonString());
        Assert.Null(json["HostConfig"]!["Binds"]);
    }

    [Fact]
    public async Task VolumesFromGoToHostConfig_AndNamedVolumesToBinds()
    {
        var json = await BuildJsonAsync(["create", "--volumes-from", "db", "--volumes-from", "cache:ro", "-v", "data:/data:ro", "alpine"]);
        Assert.Equal("""["db","cache:ro"]""", json["HostConfig"]!["VolumesFrom"]!.ToJsonString());
        Assert.Equal("""["data:/data:ro"]""", json["HostConfig"]!["Binds"]!.ToJsonString());
    }

    [Fact]
    public async Task RemoveConflictsWithRestart() =>
        Assert.Equal("conflicting options: cannot specify both --restart and --rm",
            (await Assert.ThrowsAsync<ContainerOptionsException>(() => BuildJsonAsync(["create", "--rm", "--restart", "always", "alpine"]))).Message);

    [Fact]
    public async Task AttachOnlyStdoutAndInvalidStream()
    {
        var json = await BuildJsonAsync(["create", "-a", "STDOUT", "alpine"]);
        Assert.False(json["AttachStderr"]!.GetValue<bool>());
        Assert.True(json["AttachStdout"]!.GetValue<bool>());
        var e = await Assert.ThrowsAsync<FlagValueException>(() => BuildJsonAsync(["create", "-a", "foo", "alpine"]));
        Assert.Equal("invalid argument \"foo\" for \"-a, --attach\" flag: valid streams are STDIN, STDOUT and STDERR", e.Message);
    }

    [Fact]
    public async Task SeveralNetworksEachGetAnEndpoint()
    {
        var json = await BuildJsonAsync(["create", "--net", "a", "--network", "b", "alpine"]);
        Assert.Equal("a", json["HostConfig"]!["NetworkMode"]!.GetValue<string>());
        Assert.Equal(["a", "b"], json["NetworkingConfig"]!["EndpointsConfig"]!.AsObject().Select(p => p.Key));
    }

    private static async Task<JsonNode> BuildJsonAsync(string[] args)
    {
        var flags = new ContainerFlags();
        var image = new Argument<string>("IMAGE");
        var rest = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("create") { image, rest };
        flags.AddTo(command);
        var root = new RootCommand { command };
        BerthCommandLine.RemoveWindowsHelpAliases(root);
        var parse = root.Parse(PositionalStop.Apply(root, args));
        Assert.Empty(parse.Errors);
        var values = flags.Read(parse, parse.GetValue(image)!, parse.GetValue(rest) ?? []);
        var env = new Dictionary<string, string> { ["FOO"] = "fromenv" };
        var request = await CreateRequestBuilder.BuildAsync(values, k => env.GetValueOrDefault(k), "/work", CancellationToken.None);
        return JsonNode.Parse(JsonSerializer.Serialize(request, ApiJsonContext.Default.ContainerCreateRequest))!;
    }

    private static JsonNode Golden(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Container", "TestData", name)))!;
}
