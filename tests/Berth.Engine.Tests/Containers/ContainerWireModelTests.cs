using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Api;
using Berth.Api.Models;

namespace Berth.Engine.Tests.Containers;

public sealed class ContainerWireModelTests
{
    // What the docker 28.2 CLI sends for:
    //   docker create --name web -p 8080:80 -e FOO=bar -v /srv/data:/data:ro --restart on-failure:3 --memory 256m
    //     --cpus 1.5 --ulimit nofile=1024:2048 --mount type=tmpfs,destination=/cache,tmpfs-size=64m
    //     --cap-add NET_ADMIN --health-cmd "wget -q -O- localhost" --label app=web --init --tmpfs /run:rw,size=16m
    //     busybox httpd -f -p 80
    private const string RunRequest = """
        {"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":true,"AttachStderr":true,"ExposedPorts":{"80/tcp":{}},"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["FOO=bar"],"Cmd":["httpd","-f","-p","80"],"Healthcheck":{"Test":["CMD-SHELL","wget -q -O- localhost"]},"Image":"busybox","Volumes":{},"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{"app":"web"},"HostConfig":{"Binds":["/srv/data:/data:ro"],"ContainerIDFile":"","LogConfig":{"Type":"","Config":{}},"NetworkMode":"default","PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}]},"RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3},"AutoRemove":false,"VolumeDriver":"","VolumesFrom":null,"ConsoleSize":[0,0],"CapAdd":["CAP_NET_ADMIN"],"CapDrop":null,"CgroupnsMode":"","Dns":[],"DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,"GroupAdd":null,"IpcMode":"","Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"","Privileged":false,"PublishAllPorts":false,"ReadonlyRootfs":false,"SecurityOpt":null,"Tmpfs":{"/run":"rw,size=16m"},"UTSMode":"","UsernsMode":"","ShmSize":0,"Isolation":"","CpuShares":0,"Memory":268435456,"NanoCpus":1500000000,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],"BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],"BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],"DeviceCgroupRules":null,"DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":-1,"OomKillDisable":false,"PidsLimit":0,"Ulimits":[{"Name":"nofile","Hard":2048,"Soft":1024}],"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"IOMaximumBandwidth":0,"Mounts":[{"Type":"tmpfs","Target":"/cache","TmpfsOptions":{"SizeBytes":67108864}}],"MaskedPaths":null,"ReadonlyPaths":null,"Init":true},"NetworkingConfig":{"EndpointsConfig":{"default":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"","DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}}}
        """;

    // docker create -it --entrypoint "" --stop-timeout 5 --pids-limit 100 busybox sh
    private const string InteractiveRequest = """
        {"Hostname":"","Domainname":"","User":"","AttachStdin":true,"AttachStdout":true,"AttachStderr":true,"Tty":true,"OpenStdin":true,"StdinOnce":true,"Env":null,"Cmd":["sh"],"Image":"busybox","Volumes":{},"WorkingDir":"","Entrypoint":[""],"OnBuild":null,"Labels":{},"StopTimeout":5,"HostConfig":{"Binds":null,"ContainerIDFile":"","LogConfig":{"Type":"","Config":{}},"NetworkMode":"default","PortBindings":{},"RestartPolicy":{"Name":"no","MaximumRetryCount":0},"AutoRemove":false,"VolumeDriver":"","VolumesFrom":null,"ConsoleSize":[0,0],"CapAdd":null,"CapDrop":null,"CgroupnsMode":"","Dns":[],"DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,"GroupAdd":null,"IpcMode":"","Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"","Privileged":false,"PublishAllPorts":false,"ReadonlyRootfs":false,"SecurityOpt":null,"UTSMode":"","UsernsMode":"","ShmSize":0,"Isolation":"","CpuShares":0,"Memory":0,"NanoCpus":0,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],"BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],"BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],"DeviceCgroupRules":null,"DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":-1,"OomKillDisable":false,"PidsLimit":100,"Ulimits":[],"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"IOMaximumBandwidth":0,"MaskedPaths":null,"ReadonlyPaths":null},"NetworkingConfig":{"EndpointsConfig":{"default":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"","DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}}}
        """;

    [Fact]
    public void CreateRequest_FromTheDockerCli_ReadsEveryFlag()
    {
        var request = JsonSerializer.Deserialize(RunRequest, ApiJsonContext.Default.ContainerCreateRequest)!;
        Assert.Equal("busybox", request.Image);
        Assert.Equal(["httpd", "-f", "-p", "80"], request.Cmd);
        Assert.Null(request.Entrypoint);
        Assert.Equal(["FOO=bar"], request.Env);
        Assert.Equal(["80/tcp"], request.ExposedPorts!.Keys);
        Assert.Equal(["CMD-SHELL", "wget -q -O- localhost"], request.Healthcheck!.Test);
        Assert.Equal("web", request.Labels!["app"]);

        var host = request.HostConfig!;
        Assert.Equal(["/srv/data:/data:ro"], host.Binds);
        Assert.Equal("default", host.NetworkMode);
        Assert.Equal(new PortBinding { HostPort = "8080" }, Assert.Single(host.PortBindings!["80/tcp"]!));
        Assert.Equal(new RestartPolicy { Name = "on-failure", MaximumRetryCount = 3 }, host.RestartPolicy);
        Assert.Equal(["CAP_NET_ADMIN"], host.CapAdd);
        Assert.Equal(268435456, host.Memory);
        Assert.Equal(1_500_000_000, host.NanoCpus);
        Assert.Equal(-1, host.MemorySwappiness);
        Assert.Equal(new ResourceUlimit { Name = "nofile", Soft = 1024, Hard = 2048 }, Assert.Single(host.Ulimits!));
        var mount = Assert.Single(host.Mounts!);
        Assert.Equal(("tmpfs", "/cache", 67108864L), (mount.Type, mount.Target, mount.TmpfsOptions!.SizeBytes));
        Assert.Equal("rw,size=16m", host.Tmpfs!["/run"]);
        Assert.True(host.Init);
        Assert.Null(host.Runtime);
        Assert.Equal(["default"], request.NetworkingConfig!.EndpointsConfig!.Keys);
    }

    [Fact]
    public void CreateRequest_Interactive_KeepsTheEmptyEntrypointAndStopTimeout()
    {
        var request = JsonSerializer.Deserialize(InteractiveRequest, ApiJsonContext.Default.ContainerCreateRequest)!;
        Assert.True(request is { Tty: true, OpenStdin: true, StdinOnce: true, AttachStdin: true });
        Assert.Equal([""], request.Entrypoint);
        Assert.Null(request.Env);
        Assert.Equal(5, request.StopTimeout);
        Assert.Equal(100, request.HostConfig!.PidsLimit);
        Assert.Null(request.Healthcheck);
    }

    [Theory]
    [InlineData(RunRequest)]
    [InlineData(InteractiveRequest)]
    public void CreateRequest_RoundTrips_ByteForByte(string json)
    {
        // Byte-for-byte: the same members in the same order with the same nulls, which is also what
        // inspect shows for the HostConfig that was given.
        var request = JsonSerializer.Deserialize(json, ApiJsonContext.Default.ContainerCreateRequest)!;
        Assert.Equal(json, JsonSerializer.Serialize(request, ApiJson.Writer.ContainerCreateRequest));
    }

    [Fact]
    public void Inspect_WritesDockersFieldNames_InDockersOrder_AndConfigWithoutHostConfig()
    {
        var request = JsonSerializer.Deserialize(RunRequest, ApiJsonContext.Default.ContainerCreateRequest)!;
        var inspect = new ContainerInspect
        {
            Id = new string('a', 64),
            Created = "2026-01-02T03:04:05.123456789Z",
            Path = "httpd",
            Args = ["-f", "-p", "80"],
            State = new ContainerInspectState
            {
                Status = "running", Running = true, Pid = 42, StartedAt = "2026-01-02T03:04:06Z", FinishedAt = "0001-01-01T00:00:00Z",
            },
            Image = "sha256:" + new string('b', 64),
            Name = "/web",
            Driver = "overlay",
            Platform = "linux",
            HostConfig = request.HostConfig!,
            GraphDriver = new GraphDriver("overlay", new Dictionary<string, string>()),
            Mounts = [new MountPoint { Type = "bind", Source = "/srv/data", Destination = "/data", Mode = "ro", Propagation = "rprivate" }],
            Config = request,
            NetworkSettings = new ContainerNetworkSettings
            {
                Ports = new() { ["80/tcp"] = [new PortBinding { HostIp = "0.0.0.0", HostPort = "8080" }], ["443/tcp"] = null },
            },
        };
        var json = JsonNode.Parse(JsonSerializer.Serialize(inspect, ApiJson.Writer.ContainerInspect))!.AsObject();

        Assert.Equal(
            ["Id", "Created", "Path", "Args", "State", "Image", "ResolvConfPath", "HostnamePath", "HostsPath", "LogPath", "Name",
             "RestartCount", "Driver", "Platform", "MountLabel", "ProcessLabel", "AppArmorProfile", "ExecIDs", "HostConfig",
             "GraphDriver", "Mounts", "Config", "NetworkSettings"],
            json.Select(p => p.Key));
        Assert.Equal(
            ["Status", "Running", "Paused", "Restarting", "OOMKilled", "Dead", "Pid", "ExitCode", "Error", "StartedAt", "FinishedAt"],
            json["State"]!.AsObject().Select(p => p.Key));
        // JsonNode reads a JSON null as a present key with a null node.
        Assert.True(json.ContainsKey("ExecIDs"));
        Assert.Null(json["ExecIDs"]);

        var config = json["Config"]!.AsObject();
        Assert.False(config.ContainsKey("HostConfig"));
        Assert.False(config.ContainsKey("NetworkingConfig"));
        Assert.Equal("busybox", (string?)config["Image"]);

        var mount = json["Mounts"]![0]!.AsObject();
        Assert.Equal(["Type", "Source", "Destination", "Mode", "RW", "Propagation"], mount.Select(p => p.Key));

        var network = json["NetworkSettings"]!.AsObject();
        Assert.Equal(
            ["Bridge", "SandboxID", "SandboxKey", "Ports", "HairpinMode", "LinkLocalIPv6Address", "LinkLocalIPv6PrefixLen",
             "SecondaryIPAddresses", "SecondaryIPv6Addresses", "EndpointID", "Gateway", "GlobalIPv6Address", "GlobalIPv6PrefixLen",
             "IPAddress", "IPPrefixLen", "IPv6Gateway", "MacAddress", "Networks"],
            network.Select(p => p.Key));
        Assert.True(network["Ports"]!.AsObject().ContainsKey("443/tcp"));
        Assert.Null(network["Ports"]!["443/tcp"]);
    }

    [Fact]
    public void Inspect_HealthAppearsOnlyWhenSet()
    {
        var state = new ContainerInspectState { Status = "running", StartedAt = "x", FinishedAt = "y" };
        Assert.DoesNotContain("Health", JsonSerializer.Serialize(state, ApiJsonContext.Default.ContainerInspectState));
        var healthy = state with { Health = new ContainerHealth { Status = "healthy", Log = [] } };
        Assert.Contains("\"Health\":{\"Status\":\"healthy\",\"FailingStreak\":0,\"Log\":[]}",
            JsonSerializer.Serialize(healthy, ApiJsonContext.Default.ContainerInspectState));
    }

    [Fact]
    public void Summary_OmitsSizesUnlessAskedFor_AndPortsOmitEmptyIpAndPublicPort()
    {
        var summary = new ContainerSummary
        {
            Id = new string('a', 64), Names = ["/web"], Image = "busybox", ImageID = "sha256:" + new string('b', 64),
            Command = "httpd -f", Created = 1767323045,
            Ports = [new ContainerPort { PrivatePort = 80, Type = "tcp" }, new ContainerPort { IP = "0.0.0.0", PrivatePort = 443, PublicPort = 8443, Type = "tcp" }],
            Labels = [], State = "running", Status = "Up 2 minutes",
            HostConfig = new ContainerSummaryHostConfig { NetworkMode = "bridge" },
            NetworkSettings = new ContainerSummaryNetworkSettings { Networks = [] },
            Mounts = [],
        };
        var json = JsonSerializer.Serialize(new List<ContainerSummary> { summary }, ApiJsonContext.Default.ListContainerSummary);
        Assert.DoesNotContain("SizeRw", json);
        Assert.DoesNotContain("SizeRootFs", json);
        Assert.Contains("\"Ports\":[{\"PrivatePort\":80,\"Type\":\"tcp\"},{\"IP\":\"0.0.0.0\",\"PrivatePort\":443,\"PublicPort\":8443,\"Type\":\"tcp\"}]", json);
        Assert.Contains("\"Names\":[\"/web\"]", json);
        Assert.Contains("\"HostConfig\":{\"NetworkMode\":\"bridge\"}", json);

        var sized = JsonSerializer.Serialize(summary with { SizeRw = 0, SizeRootFs = 1234 }, ApiJsonContext.Default.ContainerSummary);
        Assert.Contains("\"SizeRw\":0,\"SizeRootFs\":1234", sized);
    }

    [Fact]
    public void SmallResponses_HaveDockersShapes()
    {
        Assert.Equal("""{"Id":"abc","Warnings":[]}""",
            JsonSerializer.Serialize(new ContainerCreateResponse { Id = "abc", Warnings = [] }, ApiJsonContext.Default.ContainerCreateResponse));
        Assert.Equal("""{"StatusCode":137}""",
            JsonSerializer.Serialize(new ContainerWaitResponse { StatusCode = 137 }, ApiJsonContext.Default.ContainerWaitResponse));
        Assert.Equal("""{"StatusCode":-1,"Error":{"Message":"boom"}}""",
            JsonSerializer.Serialize(new ContainerWaitResponse { StatusCode = -1, Error = new("boom") }, ApiJsonContext.Default.ContainerWaitResponse));
        Assert.Equal("""[{"Path":"/etc","Kind":0},{"Path":"/etc/x","Kind":1},{"Path":"/tmp","Kind":2}]""",
            JsonSerializer.Serialize(
                [new ContainerChange { Path = "/etc" }, new ContainerChange { Path = "/etc/x", Kind = ContainerChangeKind.Added }, new ContainerChange { Path = "/tmp", Kind = ContainerChangeKind.Deleted }],
                ApiJsonContext.Default.ListContainerChange));
        Assert.Equal("""{"ContainersDeleted":null,"SpaceReclaimed":0}""",
            JsonSerializer.Serialize(new ContainerPruneReport(), ApiJsonContext.Default.ContainerPruneReport));
        Assert.Equal("""{"Titles":["PID","CMD"],"Processes":[["1","sh"]]}""",
            JsonSerializer.Serialize(new ContainerTopResponse { Titles = ["PID", "CMD"], Processes = [["1", "sh"]] }, ApiJsonContext.Default.ContainerTopResponse));
    }

    [Fact]
    public void Exec_RequestReadsTheCliShape_AndInspectUsesLowerCaseProcessConfig()
    {
        const string body = """{"User":"","Privileged":false,"Tty":true,"ConsoleSize":[24,80],"AttachStdin":true,"AttachStderr":true,"AttachStdout":true,"Detach":false,"DetachKeys":"","Env":null,"WorkingDir":"","Cmd":["sh","-c","echo hi"]}""";
        var request = JsonSerializer.Deserialize(body, ApiJsonContext.Default.ExecCreateRequest)!;
        Assert.Equal(["sh", "-c", "echo hi"], request.Cmd);
        Assert.Equal([24u, 80u], request.ConsoleSize);
        Assert.Equal(body, JsonSerializer.Serialize(request, ApiJsonContext.Default.ExecCreateRequest));

        var inspect = new ExecInspect
        {
            ID = "e1", ContainerID = "c1", Pid = 7,
            ProcessConfig = new ExecProcessConfig { Tty = true, Entrypoint = "sh", Arguments = ["-c", "echo hi"] },
        };
        Assert.Equal(
            """{"ID":"e1","Running":false,"ExitCode":null,"ProcessConfig":{"tty":true,"entrypoint":"sh","arguments":["-c","echo hi"]},"OpenStdin":false,"OpenStderr":false,"OpenStdout":false,"CanRemove":false,"ContainerID":"c1","DetachKeys":"","Pid":7}""",
            JsonSerializer.Serialize(inspect, ApiJsonContext.Default.ExecInspect));
    }
}
